"""numpy indexing (`x[idx]`) and functional updates (`x.at[idx].set(v)`) on the dialect's
slice, rev, dynamic_slice, gather and scatter ops.

An index is first expanded into one component per position (Ellipsis filled, boolean masks
made integer arrays, negative integers wrapped once). Reads do the basic part (slices, None,
lone integers) with static slices, then one gather for the advanced part (integer arrays, and
integers beside them), placing its dimensions where numpy does. Updates scatter point-wise to
every indexed element.

Out-of-bounds indices behave as in JAX: reads clamp (a lone integer as dynamic_slice does,
its gradient landing where it read; a gather's gradient drops them), updates drop them;
`.at[...]` takes jax's `mode` ("clip", "fill"/"drop", "promise_in_bounds"), which lax's
gather and scatter carry out.
"""
from __future__ import annotations

import operator
from typing import NamedTuple

import numpy as np

from .. import dtypes, lax
from ..array import Array
from ..core import Tracer
from ..errors import NonConcreteBooleanIndexError
from ._base import asarray, broadcast_arrays, broadcast_to, promote_dtypes, with_weak

_D = dtypes.D


class _Part(NamedTuple):
    kind: str           # "slice", "int" (static Python int), "dyn" (0-d integer array),
    value: object       # "array" (integer array), "none" (new axis)
    dim: int = -1       # the indexed dimension of x (-1 for "none")


def _is_int_array(x) -> bool:
    return isinstance(x, (Array, Tracer)) and x.aval.dtype in _D.INTEGERS


def _components(shape, idx, normalize: bool = True) -> list:
    if not isinstance(idx, tuple):
        idx = (idx,)
    items, masks = [], {}              # masks: item position -> the boolean mask's shape
    for i in idx:
        if isinstance(i, (list, np.ndarray)) or (isinstance(i, np.generic) and not
                                                  isinstance(i, np.integer)):
            i = asarray(i if isinstance(i, list) and _has_traced(i) else np.asarray(i))
        if isinstance(i, (Array, Tracer)) and i.aval.dtype == "bool":
            if isinstance(i, Tracer):
                raise NonConcreteBooleanIndexError(
                    f"{_where()}a boolean mask whose value is traced ({i.aval}) gives an array "
                    "of data-dependent shape, which jit cannot trace; use "
                    "jnp.where(mask, x, fill) instead")
            if i.ndim == 0:
                raise NotImplementedError("a scalar boolean index")
            masks[len(items)] = i.shape
            for nz in np.nonzero(np.asarray(i._value)):
                items.append(asarray(nz.astype(np.int64 if dtypes.default_int() == "int64"
                                               else np.int32)))
            continue
        items.append(i)
    used = sum(1 for i in items if i is not None and i is not Ellipsis)
    if sum(1 for i in items if i is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if used > len(shape):
        raise IndexError(f"too many indices for array: array is {len(shape)}-dimensional, but "
                         f"{used} were indexed")
    if Ellipsis not in [i for i in items if not isinstance(i, (Array, Tracer))]:
        items.append(Ellipsis)
    parts, dim = [], 0
    for k, i in enumerate(items):
        if k in masks and tuple(shape[dim:dim + len(masks[k])]) != masks[k]:
            raise IndexError(f"boolean index of shape {masks[k]} does not match the indexed "
                             f"dimensions {tuple(shape[dim:dim + len(masks[k])])}")
        if i is None:
            parts.append(_Part("none", None))
        elif i is Ellipsis and not isinstance(i, (Array, Tracer)):
            for _ in range(len(shape) - used):
                parts.append(_Part("slice", slice(None), dim))
                dim += 1
        elif isinstance(i, slice):
            parts.append(_Part("slice", i, dim))
            dim += 1
        elif isinstance(i, (int, np.integer)) and not isinstance(i, bool):
            n = shape[dim]
            if n == 0:
                raise IndexError(f"index is out of bounds for axis {dim} with size 0")
            i = operator.index(i)
            parts.append(_Part("int", i + n if normalize and i < 0 else i, dim))
            dim += 1
        elif _is_int_array(i):
            parts.append(_Part("dyn" if i.ndim == 0 else "array",
                               _wrap(i, shape[dim], normalize), dim))
            dim += 1
        else:
            raise IndexError(f"{_where()}only integers, slices (:), ellipsis (...), None and "
                             f"integer or boolean arrays are valid indices, got {_describe(i)}")
    return parts


def _has_traced(seq) -> bool:
    return any(isinstance(x, Tracer) or (isinstance(x, list) and _has_traced(x)) for x in seq)


def _describe(i) -> str:
    return str(i.aval) if isinstance(i, (Array, Tracer)) else f"{type(i).__name__} {i!r}"


def _where() -> str:
    from ..core import user_frame_text
    return user_frame_text()


def _wrap(i, n: int, normalize: bool = True):
    """Integer index array of one index type, negative entries wrapped (once)."""
    kind = "int64" if i.aval.dtype == "int64" else "int32"
    i = lax.convert_element_type(i, kind)
    return lax.select(lax.lt(i, 0), lax.add(i, n), i) if normalize else i


def _advanced(parts, fill: bool = False) -> list:
    """The parts one gather/scatter indexes: integer arrays and the integers beside them;
    every integer in mode "fill" (whose out-of-bounds reads are not clamps)."""
    has_arrays = fill or any(p.kind == "array" for p in parts)
    return [k for k, p in enumerate(parts)
            if p.kind == "array" or (has_arrays and p.kind in ("int", "dyn"))]


def _adjacent(adv) -> bool:
    return adv == list(range(adv[0], adv[0] + len(adv)))


# ------------------------------------------------------------------------------- reads

def getitem(x, idx, *, indices_are_sorted=False, unique_indices=False, mode=None,
            fill_value=None, wrap_negative_indices=True):
    x = asarray(x)
    mode = lax.GatherScatterMode.from_any("promise_in_bounds" if mode is None else mode)
    if fill_value is not None and np.ndim(fill_value) != 0:
        raise ValueError("fill_value argument to indexed get() must be a scalar")
    return _getitem(x, _components(x.shape, idx, wrap_negative_indices), mode, fill_value)


def _getitem(x, parts, mode=lax.GatherScatterMode.PROMISE_IN_BOUNDS, fill_value=None):
    adv = _advanced(parts, mode is lax.GatherScatterMode.FILL_OR_DROP)
    # 1. basic: static slices (one lax.slice, one rev), then dynamic lone integers
    starts, limits, strides, rev = [0] * x.ndim, list(x.shape), [1] * x.ndim, []
    for p in parts:
        if p.kind == "slice":
            r = range(*p.value.indices(x.shape[p.dim]))
            if len(r) == 0:
                starts[p.dim] = limits[p.dim] = 0
            elif r.step > 0:
                starts[p.dim], limits[p.dim], strides[p.dim] = r.start, r[-1] + 1, r.step
            else:
                starts[p.dim], limits[p.dim], strides[p.dim] = r[-1], r.start + 1, -r.step
                rev.append(p.dim)
        elif p.kind == "int" and not adv:           # clamped, as dynamic_slice clamps
            i = min(max(p.value, 0), x.shape[p.dim] - 1)
            starts[p.dim], limits[p.dim] = i, i + 1
    y = lax.slice(x, starts, limits, strides)
    if rev:
        y = lax.rev(y, tuple(rev))
    dyn = [p for p in parts if p.kind == "dyn" and not adv]
    if dyn:
        sizes = [1 if any(p.dim == d for p in dyn) else s for d, s in enumerate(y.shape)]
        start = [0] * y.ndim
        for p in dyn:
            start[p.dim] = p.value
        y = lax.dynamic_slice(y, start, sizes, allow_negative_indices=False)  # wrapped
    # 2. new axes in, lone integers out: one reshape; remember where each x dim went
    shape, where = [], {}
    for k, p in enumerate(parts):
        if p.kind == "none":
            shape.append(1)
        elif p.kind in ("int", "dyn") and not adv:
            continue
        else:
            where[k] = len(shape)
            shape.append(y.shape[p.dim])
    y = lax.reshape(y, tuple(shape))
    if not adv:
        return y
    # 3. advanced: one gather over the advanced dimensions
    arrays = _index_arrays(parts, adv)
    batch = arrays[0].shape
    index = lax.concatenate([lax.reshape(a, batch + (1,)) for a in arrays], len(batch))
    dims = tuple(where[k] for k in adv)
    window = [d for d in range(y.ndim) if d not in dims]
    first = sum(1 for d in window if d < dims[0]) if _adjacent(adv) else 0
    offset = tuple(range(first)) + tuple(range(first + len(batch), len(batch) + len(window)))
    sizes = tuple(1 if d in dims else s for d, s in enumerate(y.shape))
    return lax.gather(y, index, lax.GatherDimensionNumbers(
        offset_dims=offset, collapsed_slice_dims=tuple(sorted(dims)),
        start_index_map=dims), sizes, mode=mode, fill_value=fill_value)


def _index_arrays(parts, adv) -> list:
    """The advanced parts' indices, broadcast together, in one index type."""
    arrays = broadcast_arrays(*[asarray(parts[k].value) for k in adv])
    kind = "int64" if any(a.aval.dtype == "int64" for a in arrays) else "int32"
    return [lax.convert_element_type(a, kind) for a in arrays]


# ------------------------------------------------------------------------------ updates

def _point_indices(x, parts):
    """Per x dimension, its index for every element of x[idx], broadcast to that shape;
    returns (indices of shape out + (x.ndim,), out shape)."""
    adv = _advanced(parts)
    arrays = _index_arrays(parts, adv) if adv else []
    batch = arrays[0].shape if arrays else ()
    axes, out = {}, []                       # part -> output axis (for slices and new axes)
    first = (sum(1 for k in range(adv[0]) if parts[k].kind in ("slice", "none"))
             if adv and _adjacent(adv) else 0)
    for k, p in enumerate(parts):
        if adv and len(out) == first and "batch" not in axes:
            axes["batch"] = first
            out.extend(batch)
        if p.kind == "slice":
            axes[k] = len(out)
            out.append(len(range(*p.value.indices(x.shape[p.dim]))))
        elif p.kind == "none":
            out.append(1)
    if adv and "batch" not in axes:
        axes["batch"] = len(out)
        out.extend(batch)
    out = tuple(out)
    kind = "int64" if any(a.aval.dtype == "int64" for a in arrays) else "int32"
    per_dim = [None] * x.ndim
    for k, p in enumerate(parts):
        if p.kind == "slice":
            r = np.arange(*p.value.indices(x.shape[p.dim]), dtype=kind)
            per_dim[p.dim] = lax.broadcast_in_dim(asarray(r), out, (axes[k],))
        elif p.kind == "int" and k not in adv:
            per_dim[p.dim] = lax.full(out, p.value, kind)
        elif p.kind == "dyn" and k not in adv:
            per_dim[p.dim] = broadcast_to(lax.convert_element_type(p.value, kind), out)
    b0 = axes.get("batch", 0)
    for k, a in zip(adv, arrays):
        a = lax.convert_element_type(a, kind)
        per_dim[parts[k].dim] = lax.broadcast_in_dim(a, out, tuple(range(b0, b0 + len(batch))))
    index = lax.concatenate([lax.reshape(i, out + (1,)) for i in per_dim], len(out))
    return index, out


def scatter_update(x, idx, values, how: str, *, indices_are_sorted=False,
                   unique_indices=False, mode=None, wrap_negative_indices=True):
    x = asarray(x)
    dtype, weak = x.aval.dtype, x.weak_type
    mode = lax.GatherScatterMode.from_any(mode)
    # combined in the promoted type, then cast back to x's (as jnp: int x .add(1.7) adds 1.7)
    x, values = promote_dtypes(x, asarray(values))
    if how == "scatter" or values.aval.dtype == "bool":
        x, values = asarray(x, dtype), asarray(values, dtype)
    if how == "scatter_sub":                    # x - v is x + (-v), exactly
        how, values = "scatter_add", lax.neg(values)
    if x.ndim == 0:
        _components((), idx)
        combine = {"scatter": lambda a, b: b, "scatter_add": lax.add, "scatter_mul": lax.mul,
                   "scatter_min": lax.min, "scatter_max": lax.max}[how]
        return with_weak(asarray(combine(x, broadcast_to(values, ())), dtype), weak)
    parts = _components(x.shape, idx, wrap_negative_indices)
    if all(p.kind in ("slice", "none") or (p.kind == "int" and 0 <= p.value < x.shape[p.dim])
           for p in parts):                     # statically in bounds: no masking needed
        mode = lax.GatherScatterMode.PROMISE_IN_BOUNDS
    index, out = _point_indices(x, parts)
    try:
        values = broadcast_to(values, out)
    except ValueError:
        raise ValueError(f"{_where()}cannot broadcast update {values.aval} to the indexed "
                         f"shape {out}") from None
    dn = lax.ScatterDimensionNumbers(update_window_dims=(),
                                     inserted_window_dims=tuple(range(x.ndim)),
                                     scatter_dims_to_operand_dims=tuple(range(x.ndim)))
    return with_weak(asarray(getattr(lax, how)(x, index, values, dn, mode=mode), dtype), weak)


def _no_sharding(out_sharding):
    if out_sharding is not None:
        raise NotImplementedError("out_sharding: mlax runs on one device")


class _IndexUpdateRef:
    """`x.at[idx]`: jax's methods and keywords (`mode`, `fill_value` for get,
    `indices_are_sorted`, `unique_indices`, `wrap_negative_indices`)."""
    __slots__ = ("array", "index")

    def __init__(self, array, index):
        self.array, self.index = array, index

    def __repr__(self):
        return f"_IndexUpdateRef({self.array!r}, {self.index!r})"

    def get(self, *, indices_are_sorted=False, unique_indices=False, mode=None,
            fill_value=None, out_sharding=None, wrap_negative_indices=True):
        _no_sharding(out_sharding)
        return getitem(self.array, self.index, mode=mode, fill_value=fill_value,
                       wrap_negative_indices=wrap_negative_indices)

    def _update(self, values, how, mode, wrap_negative_indices, out_sharding=None):
        _no_sharding(out_sharding)
        return scatter_update(self.array, self.index, values, how, mode=mode,
                              wrap_negative_indices=wrap_negative_indices)

    def set(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None,
            out_sharding=None, wrap_negative_indices=True):
        return self._update(values, "scatter", mode, wrap_negative_indices, out_sharding)

    def add(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None,
            out_sharding=None, wrap_negative_indices=True):
        return self._update(values, "scatter_add", mode, wrap_negative_indices, out_sharding)

    def subtract(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None,
                 out_sharding=None, wrap_negative_indices=True):
        return self._update(values, "scatter_sub", mode, wrap_negative_indices, out_sharding)

    def multiply(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None,
                 out_sharding=None, wrap_negative_indices=True):
        return self._update(values, "scatter_mul", mode, wrap_negative_indices, out_sharding)

    mul = multiply

    def divide(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None,
               out_sharding=None, wrap_negative_indices=True):
        from .creation import ones_like
        from .ufuncs import divide
        return divide(self.array, _IndexUpdateRef(ones_like(self.array), self.index)._update(
            values, "scatter_mul", mode, wrap_negative_indices, out_sharding))

    def power(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None,
              out_sharding=None, wrap_negative_indices=True):
        from .creation import ones_like
        from .ufuncs import power
        return power(self.array, _IndexUpdateRef(ones_like(self.array), self.index)._update(
            values, "scatter_mul", mode, wrap_negative_indices, out_sharding))

    def min(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None,
            out_sharding=None, wrap_negative_indices=True):
        return self._update(values, "scatter_min", mode, wrap_negative_indices, out_sharding)

    def max(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None,
            out_sharding=None, wrap_negative_indices=True):
        return self._update(values, "scatter_max", mode, wrap_negative_indices, out_sharding)

    def apply(self, func, *, indices_are_sorted=False, unique_indices=False, mode=None,
              wrap_negative_indices=True):
        """func (elementwise) applied to x at idx, as many times as idx names an element
        (XLA's scatter with func as its combiner): a loop over the largest count."""
        x = asarray(self.array)
        counts = _IndexUpdateRef(lax.full(x.shape, 0, "int32"), self.index)._update(
            1, "scatter_add", mode, wrap_negative_indices)
        last = lax.reduce_max(counts, tuple(range(x.ndim))) if x.ndim else counts

        def body(state):
            k, y = state
            fy = with_weak(asarray(func(y), x.aval.dtype), x.weak_type)
            return lax.add(k, 1), lax.select(lax.lt(k, counts), fy, y)
        return lax.while_loop(lambda s: lax.lt(s[0], last), body,
                              (lax.full((), 0, "int32"), x))[1]


class IndexUpdateHelper:
    """`x.at`: `x.at[idx].set(v)` returns x with x[idx] replaced; x is unchanged."""
    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array

    def __getitem__(self, index):
        return _IndexUpdateRef(self.array, index)
