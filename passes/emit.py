"""Emitting mlax ops from inside a pass: constants and small shape helpers over the typed
builders, for the derivative rules and the transform passes. Call them inside
`with ir.InsertionPoint(...), location:`; each returns an ir.Value."""
from __future__ import annotations

import numpy as np
from mlir import ir

from ..dialect import builders as B
from ..dialect import dtypes as D
from ..dialect.ir import aval_of_type, to_numpy_dtype
from ..dialect.rules import Aval


def aval(v: ir.Value) -> Aval:
    return aval_of_type(v.type)


def is_float(v: ir.Value) -> bool:
    return aval(v).dtype in D.FLOATS


def np_dtype(v: ir.Value) -> np.dtype:
    return to_numpy_dtype(aval(v).dtype)


def scalar_like(v: ir.Value, value) -> ir.Value:
    """A 0-d constant of v's element type."""
    return B.constant(value=np.asarray(value, dtype=np_dtype(v)))


def full(a: Aval, value) -> ir.Value:
    """A splat constant (compact in the IR whatever its size)."""
    return B.constant(value=np.broadcast_to(np.asarray(value, to_numpy_dtype(a.dtype)), a.shape))


def full_like(v: ir.Value, value) -> ir.Value:
    return full(aval(v), value)


def zeros_like(v: ir.Value) -> ir.Value:
    return full_like(v, 0)


def add_any(a: ir.Value | None, b: ir.Value | None) -> ir.Value | None:
    """Sum of two contributions, None standing for zero."""
    if a is None:
        return b
    if b is None:
        return a
    return B.add(a, b)


def broadcast_back(v: ir.Value, target: Aval, axes) -> ir.Value:
    """A value with `axes` of `target` reduced away, broadcast back to `target`'s shape."""
    dims = tuple(i for i in range(len(target.shape)) if i not in axes)
    return B.broadcast_in_dim(v, shape=target.shape, broadcast_dimensions=dims)


def sum_to(v: ir.Value, axes) -> ir.Value:
    return B.reduce_sum(v, axes=tuple(sorted(axes))) if axes else v
