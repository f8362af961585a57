"""Batching rules, one per op of the dialect: how an op applies to operands that carry an
extra batch dimension, without moving that dimension unless the op needs it.

    BATCH[name](operands, dims, size, **params) -> (result, result_dim)

`dims[i]` is operand i's batch dimension (None: unbatched); at least one is batched. `size`
is the batch size; `params` the op's attributes as Python values. Rules run at the pass's
insertion point and location. An op without a row is reported by name at its location.
"""
from __future__ import annotations

import numpy as np

from ..dialect import builders as B
from ..dialect.rules import OPS
from .emit import aval, np_dtype, scalar_like, zeros_like

BATCH: dict = {}


# ------------------------------------------------------------------------- helpers

def move(v, d, to):
    """v with its batch dimension moved from d to `to`."""
    if d == to:
        return v
    perm = [i for i in range(len(aval(v).shape)) if i != d]
    perm.insert(to, d)
    return B.transpose(v, permutation=tuple(perm))


def materialize(v, size, at):
    """An unbatched v broadcast to carry a batch dimension of `size` at `at`."""
    shape = list(aval(v).shape)
    dims = tuple(i if i < at else i + 1 for i in range(len(shape)))
    shape.insert(at, size)
    return B.broadcast_in_dim(v, shape=tuple(shape), broadcast_dimensions=dims)


def align(operands, dims, size, at=None):
    """All operands batched at one dimension (the first batched operand's, unless `at`)."""
    if at is None:
        at = next(d for d in dims if d is not None)
    return [materialize(v, size, at) if d is None else move(v, d, at)
            for v, d in zip(operands, dims)], at


def shift(axes, d):
    """Operand dimension numbers, once a batch dimension sits at d."""
    return tuple(a + (a >= d) for a in axes)


# --------------------------------------------------------------------- elementwise

def _elementwise(name):
    builder = getattr(B, B.python_name(name))

    def rule(operands, dims, size, **params):
        operands, at = align(operands, dims, size)
        return builder(*operands, **params), at
    return rule


ELEMENTWISE = [n for n, o in OPS.items() if not o.declaration and o.rule.__name__ in (
    "_float_unary", "_numeric_unary", "_not", "_stop_gradient", "_round", "_integer_pow",
    "_is_finite", "_arith_binary", "_minmax", "_float_binary", "_bitwise", "_shift", "_compare",
    "_convert", "_bitcast_convert")]
for _name in ELEMENTWISE:
    BATCH[_name] = _elementwise(_name)


def _select(operands, dims, size):
    pred, a, b = operands
    scalar_pred = len(aval(pred).shape) == (0 if dims[0] is None else 1)
    if scalar_pred and dims[0] is None:                 # one predicate for every lane
        (a, b), at = align([a, b], dims[1:], size)
        return B.select(pred, a, b), at
    if scalar_pred:                                     # a predicate per lane: broadcast it
        x, d = (a, dims[1]) if dims[1] is not None or dims[2] is None else (b, dims[2])
        lane = [n for i, n in enumerate(aval(x).shape) if i != d]
        pred = B.broadcast_in_dim(pred, shape=(size, *lane), broadcast_dimensions=(0,))
        dims = (0, dims[1], dims[2])
    (pred, a, b), at = align([pred, a, b], dims, size)
    return B.select(pred, a, b), at


BATCH["select"] = _select


# --------------------------------------------------------------------------- shapes

def _broadcast_in_dim(operands, dims, size, *, shape, broadcast_dimensions):
    (x,), (d,) = operands, dims
    bd = list(broadcast_dimensions)
    at = bd[d] if d < len(bd) else len(shape)          # keeps the dimensions increasing
    new = [b + (b >= at) for b in bd[:d]] + [at] + [b + 1 for b in bd[d:]]
    out_shape = tuple(shape[:at]) + (size,) + tuple(shape[at:])
    return B.broadcast_in_dim(x, shape=out_shape, broadcast_dimensions=tuple(new)), at


def _reshape(operands, dims, size, *, shape):
    x = move(operands[0], dims[0], 0)
    return B.reshape(x, shape=(size,) + tuple(shape)), 0


def _transpose(operands, dims, size, *, permutation):
    d = dims[0]
    perm = (d,) + tuple(p + (p >= d) for p in permutation)
    return B.transpose(operands[0], permutation=perm), 0


def _rev(operands, dims, size, *, dimensions):
    return B.rev(operands[0], dimensions=shift(dimensions, dims[0])), dims[0]


def _slice(operands, dims, size, *, start_indices, limit_indices, strides):
    d = dims[0]

    def ins(t, v):
        return tuple(t[:d]) + (v,) + tuple(t[d:])
    return B.slice(operands[0], start_indices=ins(start_indices, 0),
                   limit_indices=ins(limit_indices, size), strides=ins(strides, 1)), d


def _concatenate(operands, dims, size, *, dimension):
    (a, b), at = align(operands, dims, size)
    return B.concatenate(a, b, dimension=dimension + (dimension >= at)), at


def _pad(operands, dims, size, *, edge_padding_low, edge_padding_high, interior_padding):
    x, value = operands
    if dims[1] is not None:
        raise NotImplementedError("pad with a batched padding value")
    d = dims[0]

    def ins(t):
        return tuple(t[:d]) + (0,) + tuple(t[d:])
    return B.pad(x, value, edge_padding_low=ins(edge_padding_low),
                 edge_padding_high=ins(edge_padding_high),
                 interior_padding=ins(interior_padding)), d


for _name, _rule in (("broadcast_in_dim", _broadcast_in_dim), ("reshape", _reshape),
                     ("transpose", _transpose), ("rev", _rev), ("slice", _slice),
                     ("concatenate", _concatenate), ("pad", _pad)):
    BATCH[_name] = _rule


# --------------------------------------------------------------------- reductions

def _reduction(name):
    def rule(operands, dims, size, *, axes):
        d = dims[0]
        out = getattr(B, name)(operands[0], axes=shift(axes, d))
        return out, d - sum(1 for a in axes if a < d)
    return rule


for _name in ("reduce_sum", "reduce_prod", "reduce_max", "reduce_min", "reduce_and",
              "reduce_or"):
    BATCH[_name] = _reduction(_name)


def _arg(name):
    def rule(operands, dims, size, *, axis, index_dtype):
        d = dims[0]
        out = getattr(B, name)(operands[0], axis=axis + (axis >= d), index_dtype=index_dtype)
        return out, d - (axis < d)
    return rule


BATCH["argmax"], BATCH["argmin"] = _arg("argmax"), _arg("argmin")


def _along_axis(name, key):
    def rule(operands, dims, size, **params):
        d = dims[0]
        params[key] = params[key] + (params[key] >= d)
        return getattr(B, name)(operands[0], **params), d
    return rule


for _name in ("cumsum", "cumprod", "cummax", "cummin"):
    BATCH[_name] = _along_axis(_name, "axis")
BATCH["sort"] = _along_axis("sort", "dimension")
BATCH["argsort"] = _along_axis("argsort", "dimension")


# ------------------------------------------------------------------------- products

def _dot_general(operands, dims, size, *, lhs_batching_dimensions, rhs_batching_dimensions,
                 lhs_contracting_dimensions, rhs_contracting_dimensions):
    (lhs, rhs), (dl, dr) = operands, dims
    lb, rb = list(lhs_batching_dimensions), list(rhs_batching_dimensions)
    lc, rc = list(lhs_contracting_dimensions), list(rhs_contracting_dimensions)
    if dl is not None and dr is not None:        # a new batching dimension, first in the result
        return B.dot_general(lhs, rhs, lhs_batching_dimensions=(dl,) + shift(lb, dl),
                             rhs_batching_dimensions=(dr,) + shift(rb, dr),
                             lhs_contracting_dimensions=shift(lc, dl),
                             rhs_contracting_dimensions=shift(rc, dr)), 0
    if dl is not None:                           # a free dimension of lhs
        lb2, lc2 = shift(lb, dl), shift(lc, dl)
        free = [i for i in range(len(aval(lhs).shape)) if i not in lb2 + lc2]
        out = B.dot_general(lhs, rhs, lhs_batching_dimensions=lb2, rhs_batching_dimensions=tuple(rb),
                            lhs_contracting_dimensions=lc2, rhs_contracting_dimensions=tuple(rc))
        return out, len(lb) + free.index(dl)
    rb2, rc2 = shift(rb, dr), shift(rc, dr)
    free = [i for i in range(len(aval(rhs).shape)) if i not in rb2 + rc2]
    lhs_free = len(aval(lhs).shape) - len(lb) - len(lc)
    out = B.dot_general(lhs, rhs, lhs_batching_dimensions=tuple(lb), rhs_batching_dimensions=rb2,
                        lhs_contracting_dimensions=tuple(lc), rhs_contracting_dimensions=rc2)
    return out, len(lb) + lhs_free + free.index(dr)


BATCH["dot_general"] = _dot_general


# ------------------------------------------------------------ dynamic slices, gather

def _index_to_front(indices, d, size):
    return materialize(indices, size, 0) if d is None else move(indices, d, 0)


def _gather(operands, dims, size, *, offset_dims, collapsed_slice_dims, operand_batching_dims,
            start_indices_batching_dims, start_index_map, index_vector_dim, slice_sizes):
    """Lanes become a leading batch dimension of the indices, paired with the operand's
    batch dimension as a gather batching dimension (or, if the operand is unbatched, a plain
    index batch dimension). The result's batch dimension is 0."""
    (operand, indices), (do, di) = operands, dims
    indices = _index_to_front(indices, di, size)
    idx_batch = tuple(b + 1 for b in start_indices_batching_dims)
    common = dict(offset_dims=tuple(o + 1 for o in offset_dims), index_vector_dim=index_vector_dim + 1)
    if do is None:
        return B.gather(operand, indices, collapsed_slice_dims=collapsed_slice_dims,
                        operand_batching_dims=operand_batching_dims,
                        start_indices_batching_dims=idx_batch, start_index_map=start_index_map,
                        slice_sizes=slice_sizes, **common), 0
    sizes = tuple(slice_sizes[:do]) + (1,) + tuple(slice_sizes[do:])
    return B.gather(operand, indices, collapsed_slice_dims=shift(collapsed_slice_dims, do),
                    operand_batching_dims=(do,) + shift(operand_batching_dims, do),
                    start_indices_batching_dims=(0,) + idx_batch,
                    start_index_map=shift(start_index_map, do), slice_sizes=sizes, **common), 0


def _scatter(name):
    def rule(operands, dims, size, *, update_window_dims, inserted_window_dims,
             input_batching_dims, scatter_indices_batching_dims, scatter_dims_to_operand_dims,
             index_vector_dim):
        (operand, indices, updates), (do, di, du) = operands, dims
        operand = materialize(operand, size, 0) if do is None else move(operand, do, 0)
        indices = _index_to_front(indices, di, size)
        updates = materialize(updates, size, 0) if du is None else move(updates, du, 0)
        out = getattr(B, name)(
            operand, indices, updates, update_window_dims=tuple(u + 1 for u in update_window_dims),
            inserted_window_dims=shift(inserted_window_dims, 0),
            input_batching_dims=(0,) + shift(input_batching_dims, 0),
            scatter_indices_batching_dims=(0,) + tuple(b + 1 for b in scatter_indices_batching_dims),
            scatter_dims_to_operand_dims=shift(scatter_dims_to_operand_dims, 0),
            index_vector_dim=index_vector_dim + 1)
        return out, 0
    return rule


BATCH["gather"] = _gather
for _name in ("scatter", "scatter_add", "scatter_mul", "scatter_min", "scatter_max"):
    BATCH[_name] = _scatter(_name)


def _start_vector(starts, dims, size):
    """Scalar start indices as one (size, n) index array (lanes first)."""
    cols = [B.reshape(materialize(s, size, 0) if d is None else s, shape=(size, 1))
            for s, d in zip(starts, dims)]
    out = cols[0]
    for c in cols[1:]:
        out = B.concatenate(out, c, dimension=1)
    return out


def _clamped_start_vector(starts, dims, size, operand, window):
    """_start_vector clamped as XLA clamps: each window of `window` wholly inside the
    operand (lanes first)."""
    index = _start_vector(starts, dims, size)
    n = len(starts)
    limits = [aval(operand).shape[1 + i] - window[i] for i in range(n)]
    limit = B.broadcast_in_dim(B.constant(value=np.asarray(limits, dtype=np_dtype(index))),
                               shape=(size, n), broadcast_dimensions=(1,))
    return B.max(B.min(index, limit), zeros_like(index))


def _dynamic_slice(operands, dims, size, *, slice_sizes):
    operand, *starts = operands
    do, sdims = dims[0], dims[1:]
    if all(d is None for d in sdims):           # one window for all lanes
        new = list(starts)
        new.insert(do, scalar_like(starts[0], 0))
        sizes = tuple(slice_sizes[:do]) + (size,) + tuple(slice_sizes[do:])
        return B.dynamic_slice(operand, *new, slice_sizes=sizes), do
    # a window per lane: a gather batched over the lanes, at starts clamped as dynamic_slice
    # clamps (explicitly: the gather's transpose drops out-of-bounds windows)
    operand = materialize(operand, size, 0) if do is None else move(operand, do, 0)
    n = len(starts)
    index = _clamped_start_vector(starts, sdims, size, operand, slice_sizes)
    return B.gather(operand, index, offset_dims=tuple(range(1, n + 1)), collapsed_slice_dims=(),
                    operand_batching_dims=(0,), start_indices_batching_dims=(0,),
                    start_index_map=tuple(range(1, n + 1)), index_vector_dim=1,
                    slice_sizes=(1,) + tuple(slice_sizes)), 0


def _dynamic_update_slice(operands, dims, size):
    operand, update, *starts = operands
    do, du, sdims = dims[0], dims[1], dims[2:]
    if all(d is None for d in sdims):
        (operand, update), at = align([operand, update], [do, du], size)
        new = list(starts)
        new.insert(at, scalar_like(starts[0], 0))
        return B.dynamic_update_slice(operand, update, *new), at
    # a window per lane: a scatter batched over the lanes, at starts clamped as XLA clamps
    operand = materialize(operand, size, 0) if do is None else move(operand, do, 0)
    update = materialize(update, size, 0) if du is None else move(update, du, 0)
    n = len(starts)
    index = _clamped_start_vector(starts, sdims, size, operand, aval(update).shape[1:])
    return B.scatter(operand, index, update, update_window_dims=tuple(range(1, n + 1)),
                     inserted_window_dims=(), input_batching_dims=(0,),
                     scatter_indices_batching_dims=(0,),
                     scatter_dims_to_operand_dims=tuple(range(1, n + 1)), index_vector_dim=1), 0


BATCH["dynamic_slice"] = _dynamic_slice
BATCH["dynamic_update_slice"] = _dynamic_update_slice
