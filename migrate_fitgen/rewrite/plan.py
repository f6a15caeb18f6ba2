"""Plan the migration of one legacy call: which argument becomes what, and how safe it is.

The plan is pure data computed from the call's arguments and the tables in
``keras_api``; ``codemod`` turns it into a new ``Call`` node.  Keeping the two apart
lets the analyser report the same findings that the rewrite acts on.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import libcst as cst

from migrate_fitgen import keras_api as api
from migrate_fitgen.diagnostics import Applicability
from migrate_fitgen.rewrite.options import RewriteOptions
from migrate_fitgen.step_counts import float_step_message, uses_math


@dataclass
class Note:
    """A finding about one call (or one of its arguments)."""

    code: str
    message: str
    node: cst.CSTNode  # where to report it
    applicability: Applicability = Applicability.SAFE  # of the fix that resolves it
    review: bool = True  # shown by `rewrite` as an item for a person; else analyser-only
    #: (description, code, modules to import) of a fix that replaces ``node`` alone
    fix: Optional[Tuple[str, str, Tuple[str, ...]]] = None


@dataclass
class ArgPlan:
    arg: cst.Arg
    keyword: Optional[str]  # the keyword it gets (None: stays positional)
    drop: bool = False
    wrap_mode: Optional[str] = None  # validate_batches mode, when the value is wrapped
    new_value: Optional[cst.BaseExpression] = None  # replaces the value (FG007's math.ceil)


@dataclass
class CallPlan:
    method: str  # legacy name
    new_method: str
    args: List[ArgPlan] = field(default_factory=list)
    add: List[Tuple[str, str]] = field(default_factory=list)  # (keyword, code) appended
    notes: List[Note] = field(default_factory=list)
    blocked: Optional[str] = None  # reason the call cannot be migrated at all

    @property
    def applicability(self) -> Applicability:
        if self.blocked:
            return Applicability.DISPLAY_ONLY
        if any(n.applicability is Applicability.UNSAFE for n in self.notes):
            return Applicability.UNSAFE
        return Applicability.SAFE

    @property
    def wraps(self) -> bool:
        return any(a.wrap_mode for a in self.args)


def _is_display(value: cst.BaseExpression) -> bool:
    """Values that need no runtime validation: displays, literals, None, lambdas."""
    if isinstance(
        value,
        (
            cst.Tuple,
            cst.List,
            cst.Dict,
            cst.Set,
            cst.Integer,
            cst.Float,
            cst.SimpleString,
            cst.ConcatenatedString,
            cst.FormattedString,
            cst.Lambda,
        ),
    ):
        return True
    if isinstance(value, cst.Name) and value.value in ("None", "True", "False"):
        return True
    if isinstance(value, cst.Call):
        func = value.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", None)
        if name in (api.RUNTIME_NAME, api.RUNTIME_ALIAS):
            return True
    return False


def _wrap_mode(arg: cst.Arg, target: str, new_method: str, options: RewriteOptions) -> Optional[str]:
    """The `validate_batches` mode for an argument that gets wrapped, else None."""
    if not options.wrap or target not in ("x", "validation_data") or _is_display(arg.value):
        return None
    return api.VALIDATION_MODES[new_method] if target == "x" else "fit"


def _threaded_loader(plan: CallPlan) -> bool:
    """The call may run its data loader in several threads (tf.keras, Keras 2)."""
    values = {ap.keyword or (ap.arg.keyword.value if ap.arg.keyword else None): ap.arg.value
              for ap in plan.args}
    workers = values.get("workers")
    if workers is None or (isinstance(workers, cst.Integer) and workers.evaluated_value <= 1):
        return False
    processes = values.get("use_multiprocessing")
    return not (isinstance(processes, cst.Name) and processes.value == "True")


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node).strip()


@dataclass(frozen=True)
class CallContext:
    """What the rest of the file says about one call."""

    keras_import: bool = True  # the file imports keras/tensorflow/tf_keras
    keras1_file: bool = False  # the file uses Keras-1 argument names somewhere
    data_is_dataset: bool = False  # the data argument is provably a PyDataset/Sequence
    kwargs_keys: Optional[frozenset] = None  # keys of a `**name` dict built in sight
    none_keywords: frozenset = frozenset()  # keywords whose value is provably None
    #: (index in call.args, why, replacement) of the arguments whose value is provably
    #: a float, with the exact Keras 2 step count to pass instead
    float_args: Tuple[Tuple[int, str, cst.BaseExpression], ...] = ()
    math_free: bool = True  # `math` names the math module wherever the file binds it
    receiver_assumed: Optional[str] = None  # why the receiver is only assumed to be Keras


def _old_name(name: str) -> str:
    return "Keras 1" if name in api.KERAS1_ONLY_NAMES else "Keras 1 and 2.0.0-2.0.5"


def _atom(code: str, node: cst.BaseExpression) -> str:
    simple = (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.Call, cst.Subscript)
    return code if isinstance(node, simple) else f"({code})"


def _float_step_note(
    arg: cst.Arg, name: str, why: str, replacement: cst.BaseExpression, math_free: bool
) -> Note:
    """FG007 for a step count that is provably a float (``why``)."""
    value = _code(arg.value)
    fixed = _code(replacement)
    needs = ("math",) if uses_math(replacement) else ()
    fixable = math_free or not needs
    message = float_step_message(name, why, fixed, fixable, rewrite=True)
    if not fixable:
        return Note("FG007", message, arg.value, Applicability.DISPLAY_ONLY)
    add = " (adds `import math`)" if needs else ""
    return Note("FG007", message, arg.value, review=False,
                fix=(f"replace `{value}` with `{fixed}`{add}", fixed, needs))


def _is_len_of(value: cst.BaseExpression, data: cst.BaseExpression) -> bool:
    """``len(data)``, the number of batches a Sequence has."""
    return (
        isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "len"
        and len(value.args) == 1 and value.args[0].value.deep_equals(data)
    )


def _reads_keras1_attributes(call: cst.Call) -> bool:
    """Does an argument after the data read a Keras-1-only iterator attribute
    (``gen.nb_sample``)?"""
    todo: List[cst.CSTNode] = [a.value for a in call.args[1:]]
    while todo:
        node = todo.pop()
        if isinstance(node, cst.Attribute) and node.attr.value in api.KERAS1_ONLY_ATTRIBUTES:
            return True
        todo.extend(node.children)
    return False


def plan_call(
    call: cst.Call,
    options: RewriteOptions,
    context: Optional[CallContext] = None,
) -> CallPlan:
    context = context or CallContext()
    func = call.func
    assert isinstance(func, cst.Attribute)
    where = func.attr  # call-level findings point at the method name
    method = func.attr.value
    new_method = api.METHODS[method]
    plan = CallPlan(method, new_method)
    keras3 = options.target == "keras3"

    if any(a.star == "*" for a in call.args):
        plan.blocked = "`*args` hides which argument is which"
        plan.notes.append(
            Note("FG001", f"`{method}` not migrated: `*args` hides which argument is which; "
                 f"rewrite it as keywords by hand", where, Applicability.DISPLAY_ONLY)
        )
        return plan
    has_kwargs = any(a.star == "**" for a in call.args)
    keywords = [a.keyword.value for a in call.args if a.keyword is not None]
    # Keras 1 or Keras 2?  Names only Keras 1 had say 1, names Keras 1 never had say 2
    # (max_q_size and pickle_safe were also Keras 2.0.0-2.0.5's, so they say neither).
    keras2_call = any(k in api.KERAS2_ONLY_NAMES for k in keywords)
    call_keras1 = (
        any(k in api.KERAS1_ONLY_NAMES for k in keywords) or _reads_keras1_attributes(call)
    ) and not keras2_call
    keras1 = (call_keras1 or context.keras1_file) and not keras2_call
    positionals = sum(1 for a in call.args if a.keyword is None and not a.star)
    versions, readings = api.keras2_reading(method, positionals, keywords)
    legacy_params = api.LEGACY_PARAMETERS[method] | {api.LEGACY_DATA_KEYWORD}
    unknown = [k for k in keywords if k not in legacy_params]
    if has_kwargs and context.kwargs_keys:
        hidden = sorted(
            k for k in context.kwargs_keys
            if k == api.LEGACY_DATA_KEYWORD or k in api.KERAS1_NAMES
            or (options.target == "keras3" and k in api.REMOVED_IN_KERAS3)
        )
        if hidden:
            plan.blocked = f"`**kwargs` passes {hidden[0]!r}"
            plan.notes.append(
                Note("FG001", f"`{method}` left alone: its `**` argument passes {hidden[0]!r}, "
                     f"which `{new_method}` does not take; rename or drop that key "
                     f"({'x' if hidden[0] == 'generator' else 'see FG002/FG003'})", where,
                     Applicability.DISPLAY_ONLY)
            )
            return plan
    if unknown:
        plan.blocked = f"argument `{unknown[0]}` is not a parameter of Keras' {method}"
        near = difflib.get_close_matches(unknown[0], sorted(legacy_params), n=1, cutoff=0.8)
        why = (
            f" (a misspelt `{near[0]}`?): Keras raised TypeError on it, so either this is not "
            f"Keras' {method} or the call never ran; correct the name and run the rewrite again"
            if near else ", so this is not a Keras call"
        )
        plan.notes.append(
            Note("FG001", f"`{method}` left alone: argument `{unknown[0]}` is not a parameter "
                 f"of Keras' {method}{why}", where, Applicability.DISPLAY_ONLY)
        )
        return plan

    stable = api.STABLE_POSITIONS[method]
    final_names: List[str] = []
    positional_index = 0
    float_args = {i: (why, new) for i, why, new in context.float_args}
    for index, arg in enumerate(call.args):
        if arg.star == "**":
            plan.args.append(ArgPlan(arg, None))
            continue
        if arg.keyword is None:
            idx = positional_index
            positional_index += 1
            if idx == 0:
                plan.args.append(ArgPlan(arg, None, wrap_mode=_wrap_mode(arg, "x", new_method, options)))
                final_names.append("x")
                continue
            name = api.positional_name(method, idx, keras1=keras1)
            if name is None:
                plan.blocked = f"{idx + 1} positional arguments, more than {method} takes"
                plan.notes.append(
                    Note("FG004", f"`{method}` left alone: {idx + 1} positional arguments, "
                         f"more than Keras' {method} takes", where, Applicability.DISPLAY_ONLY)
                )
                return plan
            resolved = None if keras1 or idx < stable else readings[idx - 1]
            if resolved is not None:
                name = resolved
                plan.notes.append(
                    Note("FG004", f"positional argument {idx + 1} of `{method}` means `{name}` "
                         f"in every Keras version its other arguments allow "
                         f"({', '.join(versions)}); `{new_method}` takes it only by keyword",
                         arg, review=False)
                )
            elif idx >= stable:
                plan.notes.append(
                    Note("FG004", f"positional argument {idx + 1} of `{method}` means "
                         f"`{name}` only in {'Keras 1' if keras1 else 'Keras 2.2.5+ and tf.keras'}"
                         f"; its meaning depends on the Keras version: check it and pass it "
                         f"by keyword", arg, Applicability.UNSAFE)
                )
            else:
                plan.notes.append(
                    Note("FG004", f"positional argument {idx + 1} of `{method}` means `{name}`; "
                         f"`{new_method}` takes it only by keyword", arg, review=False)
                )
            source_name = name
        else:
            source_name = arg.keyword.value
        # renames
        if source_name == api.LEGACY_DATA_KEYWORD:
            target = api.NEW_DATA_KEYWORD[new_method]
        elif source_name in api.SAFE_RENAMES:
            target = api.SAFE_RENAMES[source_name]
            plan.notes.append(
                Note("FG002", f"`{source_name}` is the {_old_name(source_name)} name of "
                     f"`{target}`", arg, review=False)
            )
        elif source_name in api.SAMPLE_COUNT_RENAMES:
            target = api.SAMPLE_COUNT_RENAMES[source_name]
            value = _atom(_code(arg.value), arg.value)
            how = (
                f"`{source_name}`" if arg.keyword is not None
                else f"positional argument {positional_index} (Keras 1's `{source_name}`"
                + (", in a call that uses Keras-1 names)" if call_keras1
                   else ", in a file written for Keras 1)")
            )
            plan.notes.append(
                Note("FG002", f"{how} counted samples; `{target}` counts "
                     f"batches: use `{target}={value} // batch_size` (or "
                     f"`math.ceil({value} / batch_size)`) with your generator's batch size",
                     arg, Applicability.UNSAFE)
            )
        else:
            target = source_name
        if target == "class_weight" and isinstance(
                arg.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            # Keras 1 and standalone Keras 2 weighted only by a dict (or a dict per
            # output) and ignored anything else on a one-output model; tf.keras 2 and
            # Keras 3 read it as a dict and raise
            plan.args.append(ArgPlan(arg, target, drop=True))
            plan.notes.append(
                Note("FG010", f"`class_weight={_code(arg.value)}`: Keras 1 and standalone "
                     f"Keras 2 ignored a `class_weight` that is not a dict (no weighting); "
                     f"Keras 3's {new_method}() raises on it (AttributeError with a PyDataset, "
                     f"ValueError with a generator), so the rewrite drops it; for balanced "
                     f"classes pass a dict of weights (e.g. from sklearn's "
                     f"compute_class_weight)", arg)
            )
            continue
        if keras3 and target in api.REMOVED_IN_KERAS3:
            value = _code(arg.value)
            plan.args.append(ArgPlan(arg, target, drop=True))
            spelled = f"`{source_name}={value}`" + (
                f" (the {_old_name(source_name)} name of `{target}`)"
                if source_name != target else ""
            )
            if value in api.REMOVED_NO_OP_VALUES[target]:
                plan.notes.append(
                    Note("FG003", f"{spelled}: Keras 3's {new_method}() rejects it even at "
                         f"this default value, so the rewrite drops it", arg, review=False)
                )
            else:
                plan.notes.append(
                    Note("FG003", f"{spelled}: Keras 3's {new_method}() rejects it, so the "
                         f"rewrite drops it; this setting now lives in a PyDataset's constructor "
                         f"(`super().__init__({target}={value})`)", arg)
                )
            continue
        if target in final_names:
            plan.blocked = f"`{target}` would be passed twice"
            plan.notes.append(
                Note("FG001", f"`{method}` left alone: `{target}` would be passed twice "
                     f"after renaming", where, Applicability.DISPLAY_ONLY)
            )
            return plan
        final_names.append(target)
        keyword = None if (arg.keyword is None and target == "x") else target
        new_value = None
        if keras3 and source_name in api.STEP_COUNT_PARAMETERS and index in float_args:
            why, replacement = float_args[index]
            note = _float_step_note(arg, target, why, replacement, context.math_free)
            plan.notes.append(note)
            if note.fix is not None:
                new_value = replacement
        plan.args.append(ArgPlan(
            arg, keyword, wrap_mode=_wrap_mode(arg, target, new_method, options), new_value=new_value
        ))

    if not keras3 and plan.wraps and _threaded_loader(plan):
        # tf.keras pulls from a generator in `workers` threads at once; a thread-safe
        # iterator works there, but the validator is a Python generator, which raises
        # "generator already executing" when two threads pull from it.
        unwrapped = [ap for ap in plan.args if ap.wrap_mode and (
            # a Keras Sequence's wrapper is thread-safe: keep it
            ap.keyword == "validation_data" or not context.data_is_dataset)]
        for ap in unwrapped:
            ap.wrap_mode = None
        plan.notes.extend([
            Note("FG001", f"data not wrapped in `{api.RUNTIME_NAME}(...)`: with `workers` "
                 f"threads tf.keras pulls from the generator concurrently, and the validator, "
                 f"a Python generator, cannot be pulled from two threads at once", where,
                 review=False)
            for _ in unwrapped[:1]
        ])
    cw = next((a.arg for a in plan.args if not a.drop and (a.keyword == "class_weight" or (
        a.arg.keyword is not None and a.arg.keyword.value == "class_weight"))), None)
    cw_is_none = cw is not None and (
        (isinstance(cw.value, cst.Name) and cw.value.value == "None")
        or "class_weight" in context.none_keywords
    )
    if keras3 and cw is not None and not cw_is_none and not context.data_is_dataset:
        plan.notes.append(
            Note("FG005", "`class_weight` raises ValueError on Keras 3 if the data is a Python "
                 "generator (a PyDataset/Sequence is fine): yield (x, y, sample_weight) instead "
                 "or pass a keras.utils.PyDataset",
                 cw, Applicability.DISPLAY_ONLY)
        )
    per_epoch = next((a.arg for a in plan.args if a.keyword == "steps_per_epoch" and not a.drop), None)
    x = next((a.arg for a in plan.args if a.keyword in (None, "x") and not a.arg.star), None)
    if context.data_is_dataset and per_epoch is not None and x is not None and not _is_len_of(per_epoch.value, x.value) and not (
            isinstance(per_epoch.value, cst.Name) and per_epoch.value.value == "None"):
        data = _code(x.value)
        plan.notes.append(
            Note("FG011", f"`steps_per_epoch={_code(per_epoch.value)}` with a Sequence/PyDataset (`{data}`): "
                 f"unless it equals `len({data})`, Keras 3's `{new_method}` ends each epoch after that many "
                 f"batches and starts the next where it stopped, restarting only at the end of the data "
                 f"(len 3, steps_per_epoch=2: batches [1,2] [3] [1,2]), where tf.keras 2 restarted every "
                 f"epoch ([1,2] [1,2] [1,2]); drop it to train on every batch each epoch",
                 per_epoch, Applicability.DISPLAY_ONLY)
        )
    steps = next((a.arg for a in plan.args if a.keyword == "validation_steps" and not a.drop), None)
    data = next((a.arg for a in plan.args if a.keyword == "validation_data" and not a.drop), None)
    if steps is not None and data is not None and isinstance(data.value, (cst.Tuple, cst.List)):
        # standalone Keras 2 (up to 2.3.1) evaluated arrays whole, whatever
        # validation_steps said; tf.keras 2 forwarded it to fit, and Keras 3 runs that
        # many batches: which one the code meant depends on what it ran on
        plan.notes.append(
            Note("FG009", f"`validation_steps={_code(steps.value)}` with arrays as `validation_data`: "
                 f"standalone Keras 2's `{method}` ignored it and validated on all of them, "
                 f"tf.keras 2 and Keras 3's `{new_method}` validate on that many batches "
                 f"(of 32 unless `validation_batch_size` says otherwise); drop it to keep "
                 f"standalone Keras 2's meaning", steps, Applicability.DISPLAY_ONLY)
        )
    for keyword, code in api.KEEP_DEFAULTS.get(method, {}).items():
        if keyword in final_names:
            continue
        if has_kwargs:
            plan.notes.append(
                Note("FG001", f"`{new_method}` defaults to verbose='auto' where `{method}` "
                     f"defaulted to {keyword}={code}; `**kwargs` may already pass it, so it "
                     f"was not added", where, Applicability.UNSAFE)
            )
            continue
        plan.add.append((keyword, code))
    if has_kwargs:
        plan.notes.append(
            Note("FG001", f"`{method}` takes `**kwargs`: if they hold `generator` (now `x`), "
                 f"Keras-1 names or {', '.join(api.REMOVED_IN_KERAS3)}, the migrated call "
                 f"fails; check them", where, Applicability.UNSAFE)
        )
    if context.receiver_assumed:
        plan.notes.append(
            Note("FG001", f"receiver assumed to be a Keras model: {context.receiver_assumed}; "
                 f"if it is not, list it under `not-keras` in [tool.migrate-fitgen]", where)
        )
    if not context.keras_import:
        plan.notes.append(
            Note("FG001", f"`{method}` in a file that imports no keras, tensorflow or tf_keras: "
                 f"it may not be Keras' method", where, Applicability.UNSAFE)
        )
    return plan
