"""`mlax.numpy.linalg`: norms (decompositions are not in the dialect yet)."""
from __future__ import annotations

from .. import lax
from ._base import asarray, canonical_axes, promote_to_inexact
from .reductions import max as _max, min as _min, sum as _sum


def norm(x, ord=None, axis=None, keepdims=False):
    (x,) = promote_to_inexact(asarray(x))
    if axis is None:
        if ord is None or (ord in ("fro", "f") and x.ndim == 2) or (ord == 2 and x.ndim == 1):
            axes = tuple(range(x.ndim))
            return lax.sqrt(_sum(lax.mul(x, x), axis=axes, keepdims=keepdims))
        axis = tuple(range(x.ndim))
    axes = canonical_axes(axis, x.ndim)
    if len(axes) == 1:
        a = lax.abs(x)
        if ord is None or ord == 2:
            return lax.sqrt(_sum(lax.mul(x, x), axis=axes, keepdims=keepdims))
        if ord == float("inf"):
            return _max(a, axis=axes, keepdims=keepdims)
        if ord == -float("inf"):
            return _min(a, axis=axes, keepdims=keepdims)
        if ord == 0:
            return _sum(lax.convert_element_type(lax.ne(x, 0), x.aval.dtype), axis=axes,
                        keepdims=keepdims)
        if ord == 1:
            return _sum(a, axis=axes, keepdims=keepdims)
        p = float(ord)
        return lax.pow(_sum(lax.pow(a, p), axis=axes, keepdims=keepdims), 1.0 / p)
    if len(axes) == 2:
        if ord in (None, "fro", "f"):
            return lax.sqrt(_sum(lax.mul(x, x), axis=axes, keepdims=keepdims))
        r, c = axes
        a = lax.abs(x)
        if ord == 1:
            return _max(_sum(a, axis=r, keepdims=True), axis=axes, keepdims=keepdims)
        if ord == -1:
            return _min(_sum(a, axis=r, keepdims=True), axis=axes, keepdims=keepdims)
        if ord == float("inf"):
            return _max(_sum(a, axis=c, keepdims=True), axis=axes, keepdims=keepdims)
        if ord == -float("inf"):
            return _min(_sum(a, axis=c, keepdims=True), axis=axes, keepdims=keepdims)
        raise NotImplementedError(f"matrix norm ord={ord!r} needs a singular value "
                                  "decomposition, which mlax does not have yet")
    raise ValueError(f"improper number of dimensions to norm: axis={axis}")
