"""Sorting and gathering along an axis: sort, argsort, take, take_along_axis."""
from __future__ import annotations

import numpy as np

from .. import dtypes, lax
from ._base import asarray, canonical_axis, with_weak
from .shapes import ravel

_D = dtypes.D


def sort(a, axis=-1, *, kind=None, order=None, stable=True, descending=False):
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    axis = canonical_axis(axis, a.ndim)
    if descending:
        return lax.rev(lax.sort(a, axis), (axis,))
    return lax.sort(a, axis, is_stable=stable)


def argsort(a, axis=-1, *, kind=None, order=None, stable=True, descending=False):
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    axis = canonical_axis(axis, a.ndim)
    if descending:        # stable descending: sort reversed input, map indices back, reverse
        n = a.shape[axis]
        idx = lax.argsort(lax.rev(a, (axis,)), axis, index_dtype=dtypes.default_int())
        return lax.rev(lax.sub(n - 1, idx), (axis,))
    return lax.argsort(a, axis, is_stable=stable, index_dtype=dtypes.default_int())


def _index_array(indices, n: int):
    """Integer indices with negative ones wrapped, and the in-bounds mask."""
    indices = asarray(indices)
    if indices.aval.dtype not in _D.INTEGERS:
        raise TypeError(f"indices must be integers, got {indices.aval}")
    kind = "int64" if indices.aval.dtype == "int64" else "int32"
    indices = lax.convert_element_type(indices, kind)
    wrapped = lax.select(lax.lt(indices, 0), lax.add(indices, n), indices)
    inside = lax.bitwise_and(lax.ge(wrapped, 0), lax.lt(wrapped, n))
    return wrapped, inside


def _fill(a, fill_value):
    if fill_value is not None:
        return fill_value
    dtype = a.aval.dtype
    if dtype in _D.FLOATS:
        return float("nan")
    if dtype == "bool":
        return True
    info = np.iinfo(dtype)
    return int(info.min) if dtype in _D.SIGNED else int(info.max)


def _apply_mode(out, inside, a, mode, fill_value):
    """JAX's default "fill" mode: out-of-bounds positions get fill_value; "clip" clamps."""
    if mode in ("clip", "promise_in_bounds"):
        return out
    if mode not in (None, "fill"):
        raise ValueError(f"unknown mode '{mode}'; use 'fill', 'clip' or 'promise_in_bounds'")
    fill = lax.full(out.shape, _fill(a, fill_value), a.aval.dtype)
    return with_weak(lax.select(inside, out, fill), a.weak_type)


def take(a, indices, axis=None, out=None, mode=None, unique_indices=False,
         indices_are_sorted=False, fill_value=None):
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    axis = canonical_axis(axis, a.ndim)
    idx, inside = _index_array(indices, a.shape[axis])
    if a.shape[axis] == 0 and idx.size:
        raise IndexError("cannot take from an empty axis")
    sizes = tuple(1 if i == axis else d for i, d in enumerate(a.shape))
    start = lax.reshape(idx, idx.shape + (1,))
    gathered = lax.gather(a, start, lax.GatherDimensionNumbers(
        offset_dims=tuple(range(axis)) + tuple(range(axis + idx.ndim, a.ndim + idx.ndim - 1)),
        collapsed_slice_dims=(axis,), start_index_map=(axis,)), sizes)
    inside = lax.broadcast_in_dim(inside, gathered.shape, tuple(range(axis, axis + idx.ndim)))
    return _apply_mode(gathered, inside, a, mode, fill_value)


def take_along_axis(arr, indices, axis, mode=None, fill_value=None):
    arr = asarray(arr)
    if axis is None:
        arr, axis = ravel(arr), 0
    axis = canonical_axis(axis, arr.ndim)
    indices = asarray(indices)
    if indices.ndim != arr.ndim:
        raise ValueError(f"take_along_axis: indices {indices.aval} and arr {arr.aval} must have "
                         "the same number of dimensions")
    shape = tuple(i if k == axis else a for k, (a, i) in
                  enumerate(zip(arr.shape, indices.shape)))
    try:
        shape = tuple(np.broadcast_shapes(shape, indices.shape))
    except ValueError:
        raise ValueError(f"take_along_axis: indices {indices.aval} do not broadcast with "
                         f"{arr.aval}") from None
    idx, inside = _index_array(indices, arr.shape[axis])
    from ._base import broadcast_to
    idx = broadcast_to(idx, shape)
    inside = broadcast_to(inside, shape)
    arr = broadcast_to(arr, tuple(a if k == axis else s for k, (a, s) in
                                  enumerate(zip(arr.shape, shape))))
    others = tuple(k for k in range(arr.ndim) if k != axis)
    gathered = lax.gather(arr, lax.reshape(idx, shape + (1,)), lax.GatherDimensionNumbers(
        offset_dims=(), collapsed_slice_dims=(axis,), start_index_map=(axis,),
        operand_batching_dims=others, start_indices_batching_dims=others),
        tuple(1 for _ in arr.shape))
    return _apply_mode(gathered, inside, arr, mode, fill_value)
