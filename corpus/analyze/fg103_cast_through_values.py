# FG103 through a helper function and through a list of Python strings, in a data
# module that imports NumPy only: the generators yield (x, y)-shaped batches.
import numpy as np


def as_text(a):
    return a.astype(str)


def as_text_or_not(a, text):
    if text:
        return a.astype(str)
    return a


def helper_cast(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            x_b = as_text(x[i:i + bs])  # expect: FG103
            yield x_b, y[i:i + bs]


def label_strings(x, labels, bs):
    while True:
        for i in range(0, len(x), bs):
            names = [str(v) for v in labels[i:i + bs]]
            yield x[i:i + bs], np.array(names)  # expect: FG103


def appended_strings(x, labels, bs):
    while True:
        for i in range(0, len(x), bs):
            names = []
            for v in labels[i:i + bs]:
                names.append(f"class-{v}")
            yield x[i:i + bs], np.asarray(names)  # expect: FG103


# --- not reported ------------------------------------------------------------------

def helper_may_not_cast(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield as_text_or_not(x[i:i + bs], False), y[i:i + bs]


def numbers_appended(x, labels, bs):
    while True:
        for i in range(0, len(x), bs):
            ys = []
            for v in labels[i:i + bs]:
                ys.append(float(v))
            yield x[i:i + bs], np.array(ys)


def strings_then_numbers(x, labels, bs):
    while True:
        for i in range(0, len(x), bs):
            names = [str(v) for v in labels[i:i + bs]]
            yield x[i:i + bs], np.array(names).astype("float32")


def captions(paths, texts):
    # not an (x, y)-shaped batch of arrays: whatever consumes it may want strings
    for p, t in zip(paths, texts):
        yield p, np.array([str(w) for w in t.split()])
