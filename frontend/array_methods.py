"""The methods and operators of arrays, installed on both Array and Tracer so that eager and
traced code behave the same. Each is a mlax.numpy function; this is only the wiring."""
from __future__ import annotations

import numpy as np

from . import numpy as jnp
from .array import Array
from .core import Tracer
from .numpy.indexing import IndexUpdateHelper, getitem


def _swap(f):
    return lambda self, other: f(other, self)


def _defer(f):
    """Binary operator that yields to foreign types it does not know (NotImplemented)."""
    def op(self, other):
        if not _known(other):
            return NotImplemented
        return f(self, other)
    return op


_KNOWN = (Array, Tracer, int, float, bool, np.ndarray, np.generic, list, tuple)


def _known(x) -> bool:
    return isinstance(x, _KNOWN)


_BINARY = {
    "add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "truediv": jnp.true_divide,
    "floordiv": jnp.floor_divide, "mod": jnp.remainder, "pow": jnp.power,
    "matmul": jnp.matmul, "and": jnp.bitwise_and, "or": jnp.bitwise_or,
    "xor": jnp.bitwise_xor, "lshift": jnp.left_shift, "rshift": jnp.right_shift,
    "divmod": jnp.divmod,
}
_COMPARE = {"eq": jnp.equal, "ne": jnp.not_equal, "lt": jnp.less, "le": jnp.less_equal,
            "gt": jnp.greater, "ge": jnp.greater_equal}
_UNARY = {"neg": jnp.negative, "pos": jnp.positive, "abs": jnp.abs, "invert": jnp.invert}

_METHODS = {
    "sum": jnp.sum, "prod": jnp.prod, "mean": jnp.mean, "var": jnp.var, "std": jnp.std,
    "max": jnp.max, "min": jnp.min, "argmax": jnp.argmax, "argmin": jnp.argmin,
    "cumsum": jnp.cumsum, "cumprod": jnp.cumprod, "all": jnp.all, "any": jnp.any,
    "ptp": jnp.ptp, "ravel": jnp.ravel, "flatten": jnp.ravel, "squeeze": jnp.squeeze,
    "swapaxes": jnp.swapaxes, "take": jnp.take, "dot": jnp.dot, "round": jnp.round,
    "clip": jnp.clip, "sort": jnp.sort, "argsort": jnp.argsort, "repeat": jnp.repeat,
    "nonzero": None, "conj": lambda x: x, "conjugate": lambda x: x,
}


def _reshape(self, *shape, order="C"):
    shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    return jnp.reshape(self, shape, order)


def _transpose(self, *axes):
    axes = axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
    return jnp.transpose(self, axes or None)


def _astype(self, dtype, copy=False):
    from . import lax
    return lax.convert_element_type(self, dtype)


def _iter(self):
    if self.ndim == 0:
        raise TypeError("iteration over a 0-d array")
    return (self[i] for i in range(self.shape[0]))


def _len(self):
    if self.ndim == 0:
        raise TypeError("len() of unsized object")
    return self.shape[0]


def install(cls):
    for name, f in _BINARY.items():
        setattr(cls, f"__{name}__", _defer(f))
        setattr(cls, f"__r{name}__", _defer(_swap(f)))
    for name, f in _COMPARE.items():
        setattr(cls, f"__{name}__", _defer(f))
    for name, f in _UNARY.items():
        setattr(cls, f"__{name}__", f)
    for name, f in _METHODS.items():
        if f is not None:
            setattr(cls, name, f)
    cls.__getitem__ = getitem
    cls.__iter__ = _iter
    cls.__len__ = _len
    cls.reshape = _reshape
    cls.transpose = _transpose
    cls.astype = _astype
    cls.T = property(lambda self: jnp.transpose(self))
    cls.mT = property(lambda self: jnp.swapaxes(self, -1, -2))
    cls.at = property(IndexUpdateHelper)
    cls.real = property(lambda self: self)
