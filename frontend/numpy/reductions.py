"""Reductions (sum, mean, var, max, argmax, cumsum, all...) with numpy's signatures and
JAX's result types: sums of bools and small ints give the default int, means give floats."""
from __future__ import annotations

import builtins

from .. import dtypes, lax
from ._base import asarray, canonical_axes, canonical_axis, check_arraylike
from ..lax import is_array

_D = dtypes.D


def _keep(out, a, axes, keepdims):
    if not keepdims:
        return out
    return lax.reshape(out, tuple(1 if i in axes else d for i, d in enumerate(a.shape)))


def _sum_dtype(a, dtype):
    if dtype is not None:
        return dtypes.name_of(dtype)
    if a.aval.dtype == "bool":
        return dtypes.default_int()
    return a.aval.dtype


def _where_fill(a, where, fill):
    if where is None:
        return a
    from .ufuncs import where as select
    return select(where, a, fill)


def _no_out(out):
    if out is not None:
        raise NotImplementedError("mlax arrays are immutable: the `out` argument is not supported")


def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    check_arraylike("sum", a)
    _no_out(out)
    a = asarray(a)
    axes = canonical_axes(axis, a.ndim)
    a = lax.convert_element_type(a, _sum_dtype(a, dtype))       # strong, as jnp's sums are
    result = lax.reduce_sum(_where_fill(a, where, 0), axes)
    if initial is not None:
        result = lax.add(result, lax.full(result.shape, initial, result.aval.dtype))
    return _keep(result, a, axes, keepdims)


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    check_arraylike("prod", a)
    _no_out(out)
    a = asarray(a)
    axes = canonical_axes(axis, a.ndim)
    a = lax.convert_element_type(a, _sum_dtype(a, dtype))
    result = lax.reduce_prod(_where_fill(a, where, 1), axes)
    if initial is not None:
        result = lax.mul(result, lax.full(result.shape, initial, result.aval.dtype))
    return _keep(result, a, axes, keepdims)


def _extreme(name, reduce, combine):
    def f(a, axis=None, out=None, keepdims=False, initial=None, where=None):
        check_arraylike(name, a)
        _no_out(out)
        a = asarray(a)
        a = lax.convert_element_type(a, a.aval.dtype)           # strong, as jnp's max is
        axes = canonical_axes(axis, a.ndim)
        if where is not None:
            if initial is None:
                raise ValueError(f"{name}(where=...) needs an `initial` value (as in numpy)")
            a = _where_fill(a, where, lax.full((), initial, a.aval.dtype))
        if initial is None and builtins.any(a.shape[i] == 0 for i in axes):
            raise ValueError(f"zero-size array to reduction operation {name} which has no "
                             "identity")
        result = reduce(a, axes)
        if initial is not None:
            result = combine(result, lax.full(result.shape, initial, a.aval.dtype))
        return _keep(result, a, axes, keepdims)
    f.__name__ = f.__qualname__ = name
    return f


max = amax = _extreme("max", lax.reduce_max, lax.max)
min = amin = _extreme("min", lax.reduce_min, lax.min)


def _logical(name, reduce):
    def f(a, axis=None, out=None, keepdims=False, *, where=None):
        check_arraylike(name, a)
        _no_out(out)
        a = asarray(a)
        axes = canonical_axes(axis, a.ndim)
        truth = a if a.aval.dtype == "bool" else lax.ne(a, 0)
        if where is not None:
            truth = _where_fill(truth, where, name == "all")
        return _keep(reduce(truth, axes), a, axes, keepdims)
    f.__name__ = f.__qualname__ = name
    return f


all = _logical("all", lax.reduce_and)
any = _logical("any", lax.reduce_or)


def count_nonzero(a, axis=None, keepdims=False):
    check_arraylike("count_nonzero", a)
    a = asarray(a)
    return sum(lax.ne(a, 0) if a.aval.dtype != "bool" else a, axis=axis,
               dtype=dtypes.default_int(), keepdims=keepdims)


def _count(a, axes):
    n = 1
    for i in axes:
        n *= a.shape[i]
    return n


def _inexact(a, dtype):
    if dtype is not None:
        return dtypes.name_of(dtype)
    return a.aval.dtype if a.aval.dtype in _D.FLOATS else dtypes.default_float()


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=None):
    check_arraylike("mean", a)
    _no_out(out)
    a = asarray(a)
    axes = canonical_axes(axis, a.ndim)
    dtype = _inexact(a, dtype)
    total = sum(lax.convert_element_type(a, dtype), axis=axes, keepdims=keepdims, where=where)
    if where is None:
        return lax.div(total, float(_count(a, axes)))
    count = sum(_where_fill(lax.full(a.shape, 1, dtype), where, 0), axis=axes, keepdims=keepdims)
    return lax.div(total, count)


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None,
        correction=None):
    check_arraylike("var", a)
    _no_out(out)
    if where is not None:
        raise NotImplementedError("var(where=...) is not supported yet")
    ddof = correction if correction is not None else ddof
    a = asarray(a)
    axes = canonical_axes(axis, a.ndim)
    dtype = _inexact(a, dtype)
    a = lax.convert_element_type(a, dtype)
    from .ufuncs import subtract
    centered = subtract(a, mean(a, axis=axes, keepdims=True))
    sq = sum(lax.mul(centered, centered), axis=axes, keepdims=keepdims)
    return lax.div(sq, float(builtins.max(_count(a, axes) - ddof, 0)))


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None,
        correction=None):
    check_arraylike("std", a)
    return lax.sqrt(var(a, axis, dtype, out, ddof, keepdims, where=where, correction=correction))


def average(a, axis=None, weights=None, returned=False, keepdims=False):
    check_arraylike("average", a, *([] if weights is None else [weights]))
    if weights is None:
        avg = mean(a, axis=axis, keepdims=keepdims)
        count = lax.full(avg.shape, _count(asarray(a), canonical_axes(axis, asarray(a).ndim)),
                         avg.aval.dtype)
    else:
        from .ufuncs import multiply
        a, weights = asarray(a), asarray(weights)
        if weights.shape != a.shape:
            raise NotImplementedError("average with weights of another shape than `a`")
        count = sum(weights, axis=axis, keepdims=keepdims)
        avg = lax.div(*_same(sum(multiply(a, weights), axis=axis, keepdims=keepdims), count))
    return (avg, count) if returned else avg


def _same(x, y):
    from ._base import promote_to_inexact
    return promote_to_inexact(x, y)


def _arg(name, op):
    def f(a, axis=None, out=None, keepdims=False):
        check_arraylike(name, a)
        _no_out(out)
        a = asarray(a)
        if axis is None:
            flat = lax.reshape(a, (a.size,))
            if a.size == 0:
                raise ValueError(f"attempt to get {name} of an empty sequence")
            result = op(flat, 0, dtypes.default_int())
            return lax.reshape(result, (1,) * a.ndim) if keepdims else result
        ax = canonical_axis(axis, a.ndim)
        if a.shape[ax] == 0:
            raise ValueError(f"attempt to get {name} of an empty sequence")
        return _keep(op(a, ax, dtypes.default_int()), a, (ax,), keepdims)
    f.__name__ = f.__qualname__ = name
    return f


argmax = _arg("argmax", lax.argmax)
argmin = _arg("argmin", lax.argmin)


def _cumulative(name, op):
    def f(a, axis=None, dtype=None, out=None):
        check_arraylike(name, a)
        _no_out(out)
        a = asarray(a)
        if axis is None or a.ndim == 0:
            a, axis = lax.reshape(a, (a.size,)), 0
        axis = canonical_axis(axis, a.ndim)
        if name in ("cumsum", "cumprod"):
            a = lax.convert_element_type(a, _sum_dtype(a, dtype))
        elif a.aval.dtype == "bool":
            a = lax.convert_element_type(a, dtypes.default_int())
        return op(a, axis)
    f.__name__ = f.__qualname__ = name
    return f


cumsum = cumulative_sum = _cumulative("cumsum", lax.cumsum)
cumprod = cumulative_prod = _cumulative("cumprod", lax.cumprod)


def ptp(a, axis=None, keepdims=False):
    check_arraylike("ptp", a)
    return lax.sub(max(a, axis, keepdims=keepdims), min(a, axis, keepdims=keepdims))


__all__ = ["sum", "prod", "max", "min", "amax", "amin", "all", "any", "count_nonzero", "mean",
           "var", "std", "average", "argmax", "argmin", "cumsum", "cumprod", "ptp",
           "cumulative_sum", "cumulative_prod", "is_array"]
