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


def _indices(indices, name: str):
    indices = asarray(indices)
    if indices.aval.dtype not in _D.INTEGERS:
        raise TypeError(f"{name} indices must be of integer type, got {indices.aval.dtype}")
    return lax.convert_element_type(indices, "int64" if indices.aval.dtype == "int64"
                                    else "int32")


def _wrap(indices, n: int):
    return lax.select(lax.lt(indices, 0), lax.add(indices, n), indices)


def take(a, indices, axis=None, out=None, mode=None, unique_indices=False,
         indices_are_sorted=False, fill_value=None):
    """jnp.take: mode "fill" (the default: negative indices wrap, out-of-bounds ones read
    fill_value), "clip", "wrap" (modulo the axis)."""
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.take is not supported.")
    a, idx = asarray(a), _indices(indices, "take")
    if axis is None:
        a, axis = ravel(a), 0
    axis = canonical_axis(axis, a.ndim)
    n = a.shape[axis]
    if mode is None or mode == "fill":
        gather_mode, idx = "fill", _wrap(idx, n)
    elif mode == "raise":
        raise NotImplementedError("The 'raise' mode to jnp.take is not supported.")
    elif mode == "wrap":
        r = lax.rem(idx, n)
        gather_mode, idx = "promise_in_bounds", lax.select(lax.lt(r, 0), lax.add(r, n), r)
    elif mode == "clip":
        gather_mode = "clip"
    else:
        raise ValueError(f"Invalid mode '{mode}' for np.take")
    out_shape = a.shape[:axis] + idx.shape + a.shape[axis + 1:]
    if n == 0 and idx.size:
        raise IndexError("Cannot do a non-empty jnp.take() from an empty axis.")
    if idx.size == 0:
        return with_weak(lax.full(out_shape, 0, a.aval.dtype), a.weak_type)
    sizes = tuple(1 if i == axis else d for i, d in enumerate(a.shape))
    return lax.gather(a, lax.reshape(idx, idx.shape + (1,)), lax.GatherDimensionNumbers(
        offset_dims=tuple(range(axis)) + tuple(range(axis + idx.ndim, a.ndim + idx.ndim - 1)),
        collapsed_slice_dims=(axis,), start_index_map=(axis,)), sizes,
        mode=gather_mode, fill_value=fill_value)


def take_along_axis(arr, indices, axis=-1, mode=None, fill_value=None, *,
                    wrap_negative_indices=None):
    arr, idx = asarray(arr), _indices(indices, "take_along_axis")
    if axis is None:
        if idx.ndim != 1:
            raise ValueError(f"take_along_axis indices must be 1D if axis=None, got shape "
                             f"{idx.shape}")
        arr, axis = ravel(arr), 0
    axis = canonical_axis(axis, arr.ndim)
    if idx.ndim != arr.ndim:
        raise ValueError(f"take_along_axis: indices {idx.aval} and arr {arr.aval} must have "
                         "the same number of dimensions")
    shape = tuple(i if k == axis else a for k, (a, i) in enumerate(zip(arr.shape, idx.shape)))
    try:
        shape = tuple(np.broadcast_shapes(shape, idx.shape))
    except ValueError:
        raise ValueError(f"take_along_axis: indices {idx.aval} do not broadcast with "
                         f"{arr.aval}") from None
    if wrap_negative_indices is None:        # jax's legacy rule
        wrap_negative_indices = mode != "promise_in_bounds"
    if wrap_negative_indices:
        idx = _wrap(idx, arr.shape[axis])
    from ._base import broadcast_to
    idx = broadcast_to(idx, shape)
    arr = broadcast_to(arr, tuple(a if k == axis else s for k, (a, s) in
                                  enumerate(zip(arr.shape, shape))))
    others = tuple(k for k in range(arr.ndim) if k != axis)
    return lax.gather(arr, lax.reshape(idx, shape + (1,)), lax.GatherDimensionNumbers(
        offset_dims=(), collapsed_slice_dims=(axis,), start_index_map=(axis,),
        operand_batching_dims=others, start_indices_batching_dims=others),
        tuple(1 for _ in arr.shape), mode="fill" if mode is None else mode,
        fill_value=fill_value)
