"""The heart of the frontend: abstract values, the trace stack, and `bind`, which applies
an op of the dialect either to concrete arrays now (eager) or into the innermost active trace.

No MLIR here: the eager path runs the op table's rule (dialect/rules.py) and the CPU
backend's kernel (runtime/kernels.py), cached per op signature, so op-by-op code never
builds a module.
"""
from __future__ import annotations

import functools
import itertools
import operator
import os
import numpy as np

from . import dtypes
from .avals import ShapedArray
from .errors import (ConcretizationTypeError, TracerArrayConversionError,
                     TracerBoolConversionError, TracerIntegerConversionError)
from .dialect import rules as R
from .runtime.kernels import KERNELS, quiet


# ------------------------------------------------------------------------- trace stack

_TRACES: list = []          # active traces (tracing.FunctionTrace), innermost last
# How many abstract regions (a jit inside a trace) are active: ops traced there have no
# concrete value, as under JAX's jit, even inside an un-jitted grad.
_ABSTRACT = 0


def current_trace():
    return _TRACES[-1] if _TRACES else None


class Tracer:
    """A value inside a trace: its MLIR value, abstract value, and the function arguments it
    depends on (named in errors). Array methods and operators are installed by
    array_methods.install, shared with Array. Like Array, it defers numpy's operators to
    ours by its __array_priority__, and a numpy function given it calls __array__, which
    raises TracerArrayConversionError, as in JAX."""
    __slots__ = ("trace", "value", "aval", "deps")
    __array_priority__ = 100

    def __init__(self, trace, value, aval: ShapedArray, deps: frozenset):
        self.trace, self.value, self.aval, self.deps = trace, value, aval, deps

    shape = property(lambda self: self.aval.shape)
    ndim = property(lambda self: len(self.aval.shape))
    size = property(lambda self: self.aval.size)
    weak_type = property(lambda self: self.aval.weak_type)

    @property
    def dtype(self) -> np.dtype:
        return dtypes.np_dtype(self.aval.dtype)

    def _concrete(self, what: str, error=ConcretizationTypeError):
        raise self.trace.concretization_error(self, what, error)

    def _known(self, what: str, error=ConcretizationTypeError):
        """The value, where the trace knows it (an un-jitted grad's, as JAX's JVP tracers
        know their primals); JAX allows this for bool, int, index and item alone."""
        value = self.trace.concrete(self)
        if value is None:
            self._concrete(what, error)
        return value._value

    # Shape and dtype are checked first, as JAX does: a wrong one is a plain error whether
    # or not the value is known.
    def __bool__(self):
        check_bool_conversion(self)
        return bool(self._known("bool()", TracerBoolConversionError))

    def __float__(self):
        check_scalar_conversion(self)
        return self._concrete("float()")

    def __complex__(self):
        check_scalar_conversion(self)
        return self._concrete("complex()")

    def __int__(self):
        check_scalar_conversion(self)
        return int(self._known("int()"))

    def __index__(self):
        check_integer_conversion(self)
        return operator.index(self._known("__index__()", TracerIntegerConversionError))

    def __array__(self, dtype=None, copy=None):
        return self._concrete("__array__()", TracerArrayConversionError)

    def item(self):
        return self._known(".item()").item()

    def tolist(self):
        return self._concrete(".tolist()")

    def __setitem__(self, idx, value):
        raise_immutable(self)

    def __hash__(self):
        raise TypeError(f"unhashable type: traced {self.aval}; a traced value cannot be a "
                        "static argument or a dict key")

    def __repr__(self):
        return f"Traced<{self.aval}>with<{self.trace.description}>"


# Which operands' weak types a result inherits (JAX's per-primitive rules): the data, not a
# predicate or index operand. Other ops: all operands, when the result keeps their dtype.
_WEAK_FROM = {"select": (1, 2), "dynamic_slice": (0,), "dynamic_update_slice": (0, 1),
              "gather": (0,), "pad": (0,), "scatter": (0,), "scatter_add": (0,),
              "scatter_mul": (0,), "scatter_min": (0,), "scatter_max": (0,)}


def result_weak(name: str, avals, out_dtype: str) -> bool:
    """Whether op `name`'s result is weakly typed, given its operands' avals."""
    if not avals:
        return False
    which = _WEAK_FROM.get(name)
    if which is not None:
        return all(avals[i].weak_type for i in which)
    if name != "compare" and out_dtype != avals[0].dtype:
        return False
    return all(a.weak_type for a in avals)


def bind(name: str, *args, weak_type=None, **params):
    """Applies op `name` (a non-declaration op of the table) to Arrays/Tracers."""
    if _TRACES:
        return _TRACES[-1].emit(name, args, params, weak_type)
    for a in args:
        if isinstance(a, Tracer):
            raise a.trace.leaked_error(a)
    return _eager(name, args, params, weak_type)


# --------------------------------------------------------------------------- eager path

from .array import (Array, ArrayBase, check_bool_conversion,  # noqa: E402
                    check_integer_conversion, check_scalar_conversion, raise_immutable)

ArrayBase.register(Tracer)              # isinstance(tracer, mlax.Array), as in JAX

_EAGER: dict = {}


def _eager(name, args, params, weak_type):
    key = (name, tuple(a.aval for a in args), tuple(params.items()))
    try:
        out_aval, kernel = _EAGER[key]
    except KeyError:
        out_aval, kernel = _EAGER.setdefault(key, _prepare(name, key[1], params))
    with quiet():
        out = kernel(*[a._value for a in args])
    if weak_type is None or weak_type == out_aval.weak_type:
        return Array(out, out_aval.weak_type, out_aval)
    return Array(out, weak_type)


def _prepare(name, avals, params):
    opdef = R.OPS[name]
    try:
        (out,) = R.infer(opdef, [a.aval for a in avals], params)
    except R.RuleError as e:
        raise e.python_error(f"{user_frame_text()}mlax.{name}: {e}") from None
    weak = result_weak(name, avals, out.dtype)
    kernel = KERNELS[name]
    return ShapedArray(out.shape, out.dtype, weak), (functools.partial(kernel, **params)
                                                      if params else kernel)


# ------------------------------------------------------------------- the user's frame

def _package_dirs() -> tuple:
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = {here}
    for sub in ("dialect", "passes", "runtime", "tools"):
        spec = importlib.util.find_spec(f"mlax.{sub}")
        if spec is not None and spec.submodule_search_locations:
            dirs.update(os.path.abspath(p) for p in spec.submodule_search_locations)
    import optree                       # tree_map calls user lambdas from its own frames
    dirs.add(os.path.dirname(os.path.abspath(optree.__file__)))
    return tuple(d + os.sep for d in dirs)


_INTERNAL = _package_dirs()


def user_frame():
    """The innermost frame outside mlax: (filename, line, column) or None."""
    import sys
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_INTERNAL):
        frame = frame.f_back
    if frame is None:
        return None
    line, col = frame.f_lineno, 0
    try:
        pos = next(itertools.islice(frame.f_code.co_positions(), frame.f_lasti // 2, None))
        if pos[0] == line and pos[2] is not None:
            col = pos[2] + 1
    except (AttributeError, StopIteration):
        pass
    return frame.f_code.co_filename, line, col


def user_frame_text() -> str:
    found = user_frame()
    return f"{found[0]}:{found[1]}: " if found else ""
