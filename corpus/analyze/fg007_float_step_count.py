import keras
import numpy as np

N = 100
BATCH = 32
STEPS = N * 6 / BATCH  # bound once, to a true division
WHOLE = N // BATCH
TUNED = 2.5
TUNED += 1  # augmented: not provably a float any more
RESET = 1.5


def reset():
    global RESET
    RESET = 3  # rebinds the module's name to an int


def batches():
    while True:
        yield np.zeros((BATCH, 4), "float32"), np.zeros(BATCH, "float32")


ids = list(range(N))
model = keras.Sequential([keras.layers.Dense(1)])

# Keras 3 calls (code migrated by hand)
model.fit(batches(), steps_per_epoch=len(ids) / BATCH, epochs=2)  # expect: FG007
model.fit(batches(), steps_per_epoch=STEPS, validation_data=batches(), validation_steps=np.ceil(N / BATCH))  # expect: FG007, FG007
model.evaluate(batches(), steps=3.0)  # expect: FG007
model.predict(batches(), None, 0, float(N) / BATCH)  # expect: FG007
model.evaluate(batches(), steps=np.float32(2))  # expect: FG007
model.fit(batches(), steps_per_epoch=round(N / BATCH, 0) + 1)  # expect: FG007

# never reported: ints, unknowns, already rounded
model.fit(batches(), steps_per_epoch=N // BATCH)
model.fit(batches(), steps_per_epoch=WHOLE)
model.fit(batches(), steps_per_epoch=int(N / BATCH))
model.fit(batches(), steps_per_epoch=round(N / BATCH))
model.fit(batches(), steps_per_epoch=np.ceil(N))
model.fit(batches(), steps_per_epoch=TUNED)
model.fit(batches(), steps_per_epoch=RESET)
model.fit(batches(), steps_per_epoch=float("inf"))
model.fit(np.zeros((N, 4)), np.zeros(N), batch_size=2.5)


def train(steps, bs):
    model.fit(batches(), steps_per_epoch=steps)  # a parameter: unknown
    local = len(ids) / bs
    model.fit(batches(), steps_per_epoch=local)  # expect: FG007


# legacy calls: the finding comes from the rewrite, which applies the fix
model.fit_generator(batches(), len(ids) / BATCH, 2)  # expect: FG001, FG004, FG004, FG007
model.evaluate_generator(batches(), steps=STEPS)  # expect: FG001, FG007
model.fit_generator(batches(), samples_per_epoch=N / 1, nb_epoch=2)  # expect: FG001, FG002, FG002
