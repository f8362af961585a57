"""Element types as the user meets them: canonicalization (no 64-bit types unless
`jax_enable_x64`), weak types of Python scalars, and JAX's type promotion lattice.

Dtypes are carried as numpy dtype names ("float32"), the spelling of dialect/dtypes.py.
"""
from __future__ import annotations

import functools

import ml_dtypes
import numpy as np

from .config import config
from .dialect import dtypes as D

SUPPORTED = D.ALL
_NARROW = {"int64": "int32", "float64": "float32", "uint64": "uint32"}


def canonicalize(name: str) -> str:
    """The dtype an array of `name` really gets: 64-bit types narrow unless x64 is on."""
    return name if config.jax_enable_x64 else _NARROW.get(name, name)


def default_float() -> str:
    return "float64" if config.jax_enable_x64 else "float32"


def default_int() -> str:
    return "int64" if config.jax_enable_x64 else "int32"


def np_dtype(name: str) -> np.dtype:
    return np.dtype(ml_dtypes.bfloat16) if name == "bfloat16" else np.dtype(name)


NAMES = {np.dtype(ml_dtypes.bfloat16) if n == "bfloat16" else np.dtype(n): n for n in SUPPORTED}
"""numpy dtype -> name, for supported dtypes (np.dtype.name is slow Python)."""


def name_of(spec, canonical: bool = True) -> str:
    """A user's dtype spec (np.dtype, numpy or mlax scalar type, str, Python type) -> name."""
    if type(spec) is str and spec in SUPPORTED:
        return _NARROW.get(spec, spec) if canonical and not config.jax_enable_x64 else spec
    if spec is float:
        return default_float()
    if spec is int:
        return default_int()
    if spec is bool:
        return "bool"
    if spec is complex:
        raise NotImplementedError("mlax has no complex dtypes yet")
    if not (isinstance(spec, type) and issubclass(spec, np.generic)):
        spec = getattr(spec, "dtype", spec)     # mlax.numpy.float32 and arrays carry .dtype
    try:
        name = np.dtype(spec).name
    except TypeError:
        raise TypeError(f"{spec!r} is not a dtype") from None
    name = _NARROW.get(name, name) if canonical and not config.jax_enable_x64 else name
    if name not in SUPPORTED:
        raise TypeError(f"mlax does not support dtype {name}; supported: "
                        f"{', '.join(sorted(SUPPORTED))}")
    return name


# ------------------------------------------------------------------ the promotion lattice
# JAX's lattice (jax/_src/dtypes.py): "i*" and "f*" are the weak types of Python ints and
# floats. Types mlax lacks (int8, uint64...) stay in so joins come out as JAX's do.
_LATTICE = {
    "bool": ("i*",), "i*": ("uint8", "int8"),
    "uint8": ("int16", "uint16"), "uint16": ("int32", "uint32"), "uint32": ("int64", "uint64"),
    "uint64": ("f*",), "int8": ("int16",), "int16": ("int32",), "int32": ("int64",),
    "int64": ("f*",), "f*": ("bfloat16", "float16"), "bfloat16": ("float32",),
    "float16": ("float32",), "float32": ("float64",), "float64": (),
}


@functools.cache
def _upper_bounds(node: str) -> frozenset:
    out = {node}
    for parent in _LATTICE[node]:
        out |= _upper_bounds(parent)
    return frozenset(out)


@functools.cache
def _join(nodes: frozenset) -> str:
    common = functools.reduce(frozenset.__and__, (_upper_bounds(n) for n in nodes))
    for c in common:
        if common <= _upper_bounds(c):
            return c
    raise TypeError(f"no common type for {sorted(nodes)}")       # unreachable: f64 bounds all


def _node(name: str, weak: bool) -> str:
    if not weak or name == "bool":
        return name
    return "f*" if name in D.FLOATS else "i*"


def promote(*pairs) -> tuple[str, bool]:
    """(dtype, weak) of the result of combining values of the given (dtype, weak) pairs,
    by JAX's rule: weak types yield to strong ones, an all-weak combination stays weak."""
    return _promote(pairs, config.jax_enable_x64)


@functools.lru_cache(maxsize=1024)
def _promote(pairs, x64) -> tuple[str, bool]:
    if len(pairs) == 1:
        return pairs[0]
    names = {p[0] for p in pairs}
    if len(names) == 1 and not all(w for _, w in pairs):
        return pairs[0][0], False
    if all(w for _, w in pairs):
        out, weak = _join(frozenset(names)), True
    else:
        out = _join(frozenset(_node(n, w) for n, w in pairs))
        weak = out in ("i*", "f*")
    if out == "i*":
        out = default_int()
    elif out == "f*":
        out = default_float()
    out = canonicalize(out)
    if out not in SUPPORTED:
        raise TypeError(f"promoting {', '.join(sorted(names))} gives {out}, "
                        "which mlax does not support")
    return out, weak and out != "bool"


def promote_types(a, b) -> np.dtype:
    """jnp.promote_types: the strong result type of two dtypes."""
    return np_dtype(promote((name_of(a, False), False), (name_of(b, False), False))[0])


def python_scalar(value) -> tuple[str, bool]:
    """(dtype, weak) of a Python scalar, as JAX types them."""
    if isinstance(value, bool):
        return "bool", False
    if isinstance(value, int):
        return default_int(), True
    if isinstance(value, float):
        return default_float(), True
    if isinstance(value, complex):
        raise NotImplementedError("mlax has no complex dtypes yet")
    raise TypeError(f"{value!r} of type {type(value).__name__} is not a scalar")


def check_int_range(value: int, dtype: str):
    info = np.iinfo(dtype)
    if not info.min <= value <= info.max:
        raise OverflowError(f"Python int {value} is too large to convert to {dtype}")


def finfo(dtype):
    return ml_dtypes.finfo(np_dtype(name_of(dtype, False)))


def iinfo(dtype):
    return np.iinfo(np_dtype(name_of(dtype, False)))


def issubdtype(a, b) -> bool:
    a = np_dtype(name_of(a, False))
    if a.name == "bfloat16":                # numpy does not know bfloat16 is a float
        if b in (np.floating, np.inexact, np.number, np.generic):
            return True
        try:
            return np_dtype(name_of(b, False)) == a
        except TypeError:
            return False
    return bool(np.issubdtype(a, b))
