"""Derivative rules, one row per differentiable op of the dialect: its JVP (forward mode)
and its VJP (reverse mode), side by side.

    JVP[name](primals, tangents, out, **params) -> output tangent, or None for zero
    VJP[name](ct, primals, out, **params)       -> a cotangent per operand (None for zero)

`primals`/`out` are the op's operand and result ir.Values, `tangents`/`ct` their
derivatives (None stands for a symbolic zero); `params` are the op's attributes as Python
values (dialect/rules.py). Rules run inside the pass's insertion point and location. Ops that
give integers or booleans have zero derivatives and need no row; a float op without a row
is reported by the pass, by name, at its location.
"""
from __future__ import annotations

import math

import numpy as np

from ..dialect import builders as B
from .emit import (add_any, aval, broadcast_back, full_like, is_float, np_dtype, scalar_like,
                   sum_to, zeros_like)

JVP: dict = {}
VJP: dict = {}
ZERO_DERIVATIVE = {"floor", "ceil", "round", "sign", "stop_gradient"}


def _materialize(tangents, primals):
    return [t if t is not None else zeros_like(p) for t, p in zip(tangents, primals)]


# ---------------------------------------------------------------- elementwise: partials
# Each entry gives d(out)/d(operand_i) as a value; JVP multiplies tangents by it, VJP the
# cotangent. (x, y are operands, z the result.)

def _c(v, value):
    return full_like(v, value)


PARTIALS = {
    "neg": lambda x, z: (_c(x, -1),),
    "exp": lambda x, z: (z,),
    "exp2": lambda x, z: (B.mul(z, _c(z, math.log(2))),),
    "log": lambda x, z: (B.div(_c(x, 1), x),),
    "log1p": lambda x, z: (B.div(_c(x, 1), B.add(x, _c(x, 1))),),
    "expm1": lambda x, z: (B.add(z, _c(z, 1)),),
    "sin": lambda x, z: (B.cos(x),),
    "cos": lambda x, z: (B.neg(B.sin(x)),),
    "tan": lambda x, z: (B.add(_c(z, 1), B.mul(z, z)),),
    "tanh": lambda x, z: (B.sub(_c(z, 1), B.mul(z, z)),),
    "logistic": lambda x, z: (B.mul(z, B.sub(_c(z, 1), z)),),
    "sqrt": lambda x, z: (B.div(_c(z, 0.5), z),),
    "rsqrt": lambda x, z: (B.mul(_c(x, -0.5), B.div(z, x)),),
    "cbrt": lambda x, z: (B.div(_c(z, 1 / 3), B.mul(z, z)),),
    "erf": lambda x, z: (B.mul(_c(x, 2 / math.sqrt(math.pi)), B.exp(B.neg(B.mul(x, x)))),),
    "erf_inv": lambda x, z: (B.mul(_c(z, math.sqrt(math.pi) / 2), B.exp(B.mul(z, z))),),
    "abs": lambda x, z: (B.select(B.compare(x, _c(x, 0), comparison_direction="GE"),
                                  _c(x, 1), _c(x, -1)),),
    "add": lambda x, y, z: (None, None),         # None: the tangent passes unchanged
    "sub": lambda x, y, z: (None, _c(y, -1)),
    "mul": lambda x, y, z: (y, x),
    "div": lambda x, y, z: (B.div(_c(y, 1), y), B.neg(B.div(z, y))),
    "rem": lambda x, y, z: (None, B.neg(B.mul(B.sign(B.div(x, y)),
                                              B.floor(B.abs(B.div(x, y)))))),
    "atan2": lambda x, y, z: _atan2(x, y),
    "pow": lambda x, y, z: _pow(x, y, z),
    "max": lambda x, y, z: (_balanced_eq(x, z, y), _balanced_eq(y, z, x)),
    "min": lambda x, y, z: (_balanced_eq(x, z, y), _balanced_eq(y, z, x)),
}


def _atan2(x, y):
    r = B.add(B.mul(x, x), B.mul(y, y))
    return B.div(y, r), B.neg(B.div(x, r))


def _replace_zero(v):
    return B.select(B.compare(v, _c(v, 0), comparison_direction="EQ"), _c(v, 1), v)


def _pow(x, y, z):
    """JAX's rule: d/dx = y * x^(y-1) (0 where y == 0), d/dy = log(x) * z (x == 0 -> 0)."""
    y_is_0 = B.compare(y, _c(y, 0), comparison_direction="EQ")
    dx = B.select(y_is_0, _c(y, 0), B.mul(_replace_zero(y), B.pow(x, B.sub(y, _c(y, 1)))))
    dy = B.mul(B.log(_replace_zero(x)), z)
    return dx, dy


def _balanced_eq(x, z, y):
    """Where x attains the max/min z: 1, or 1/2 when y ties."""
    one, zero = _c(z, 1), _c(z, 0)
    hit = B.select(B.compare(x, z, comparison_direction="EQ"), one, zero)
    tie = B.select(B.compare(y, z, comparison_direction="EQ"), _c(z, 2), one)
    return B.div(hit, tie)


def _elementwise(name, partials):
    def jvp(primals, tangents, out):
        total = None
        for d, t in zip(partials(*primals, out), tangents):
            if t is not None:
                total = add_any(total, t if d is None else B.mul(t, d))
        return total

    def vjp(ct, primals, out):
        return tuple(ct if d is None else B.mul(ct, d) for d in partials(*primals, out))
    JVP[name], VJP[name] = jvp, vjp


for _name, _partials in PARTIALS.items():
    _elementwise(_name, _partials)


def _integer_pow_jvp(primals, tangents, out, *, y):
    (x,), (t,) = primals, tangents
    return None if y == 0 else B.mul(t, _integer_pow_partial(x, y))


def _integer_pow_vjp(ct, primals, out, *, y):
    return (None if y == 0 else B.mul(ct, _integer_pow_partial(primals[0], y)),)


def _integer_pow_partial(x, y):
    return B.mul(_c(x, y), x if y == 2 else B.integer_pow(x, y=y - 1) if y != 1 else _c(x, 1))


JVP["integer_pow"], VJP["integer_pow"] = _integer_pow_jvp, _integer_pow_vjp


def _select_jvp(primals, tangents, out):
    pred, a, b = primals
    _, ta, tb = tangents
    if ta is None and tb is None:
        return None
    ta, tb = _materialize((ta, tb), (a, b))
    return B.select(pred, ta, tb)


def _select_vjp(ct, primals, out):
    pred, a, b = primals
    zero = zeros_like(ct)
    return None, B.select(pred, ct, zero), B.select(pred, zero, ct)


JVP["select"], VJP["select"] = _select_jvp, _select_vjp


def _convert_jvp(primals, tangents, out, *, dtype):
    (t,) = tangents
    return B.convert(t, dtype=dtype) if is_float(out) else None


def _convert_vjp(ct, primals, out, *, dtype):
    (x,) = primals
    return (B.convert(ct, dtype=aval(x).dtype) if is_float(x) else None,)


JVP["convert"], VJP["convert"] = _convert_jvp, _convert_vjp


# ------------------------------------------------------------------------- linear ops
# A linear op's JVP is the op itself applied to the tangents.

def _linear_jvp(name):
    builder = getattr(B, name)

    def jvp(primals, tangents, out, **params):
        if all(t is None for t in tangents):
            return None
        return builder(*_materialize(tangents, primals), **params)
    return jvp


def _linear(name):
    def deco(vjp):
        JVP[name], VJP[name] = _linear_jvp(name), vjp
        return vjp
    return deco


@_linear("reshape")
def _reshape_vjp(ct, primals, out, *, shape):
    return (B.reshape(ct, shape=aval(primals[0]).shape),)


@_linear("transpose")
def _transpose_vjp(ct, primals, out, *, permutation):
    return (B.transpose(ct, permutation=tuple(int(i) for i in np.argsort(permutation))),)


@_linear("rev")
def _rev_vjp(ct, primals, out, *, dimensions):
    return (B.rev(ct, dimensions=dimensions),)


@_linear("broadcast_in_dim")
def _broadcast_in_dim_vjp(ct, primals, out, *, shape, broadcast_dimensions):
    operand = aval(primals[0])
    kept = {d for i, d in enumerate(broadcast_dimensions) if operand.shape[i] != 1}
    summed = sum_to(ct, [d for d in range(len(shape)) if d not in kept])
    return (B.reshape(summed, shape=operand.shape),)


@_linear("reduce_sum")
def _reduce_sum_vjp(ct, primals, out, *, axes):
    return (broadcast_back(ct, aval(primals[0]), axes),)


@_linear("cumsum")
def _cumsum_vjp(ct, primals, out, *, axis, reverse=False):
    return (B.cumsum(ct, axis=axis, reverse=not reverse),)


@_linear("slice")
def _slice_vjp(ct, primals, out, *, start_indices, limit_indices, strides):
    """Pads the cotangent back: zeros before, after and between the strided elements."""
    operand, sizes = aval(primals[0]), aval(ct).shape
    high = tuple(d - (s + (n - 1) * st + 1) if n else d - s
                 for d, s, n, st in zip(operand.shape, start_indices, sizes, strides))
    interior = tuple(st - 1 if n > 1 else 0 for st, n in zip(strides, sizes))
    return (B.pad(ct, scalar_like(ct, 0), edge_padding_low=tuple(start_indices),
                  edge_padding_high=high, interior_padding=interior),)


@_linear("pad")
def _pad_vjp(ct, primals, out, *, edge_padding_low, edge_padding_high, interior_padding):
    operand, _ = primals
    unpadded = B.pad(ct, scalar_like(ct, 0), edge_padding_low=tuple(-lo for lo in edge_padding_low),
                     edge_padding_high=tuple(-hi for hi in edge_padding_high),
                     interior_padding=tuple(0 for _ in interior_padding))
    shape = aval(unpadded).shape
    t_operand = B.slice(unpadded, start_indices=tuple(0 for _ in shape), limit_indices=shape,
                        strides=tuple(i + 1 for i in interior_padding))
    everything = sum_to(ct, range(len(aval(ct).shape)))
    inside = sum_to(t_operand, range(len(aval(t_operand).shape)))
    return t_operand, B.sub(everything, inside)


@_linear("concatenate")
def _concatenate_vjp(ct, primals, out, *, dimension):
    lhs, rhs = (aval(p) for p in primals)
    shape = aval(ct).shape
    n = lhs.shape[dimension]

    def part(start, stop):
        lo = tuple(start if i == dimension else 0 for i in range(len(shape)))
        hi = tuple(stop if i == dimension else d for i, d in enumerate(shape))
        return B.slice(ct, start_indices=lo, limit_indices=hi, strides=(1,) * len(shape))
    return part(0, n), part(n, shape[dimension])


def _dynamic_slice_jvp(primals, tangents, out, *, slice_sizes):
    t = tangents[0]
    return None if t is None else B.dynamic_slice(t, *primals[1:], slice_sizes=slice_sizes)


def _dynamic_slice_vjp(ct, primals, out, *, slice_sizes):
    operand, *starts = primals
    return (B.dynamic_update_slice(zeros_like(operand), ct, *starts),) + (None,) * len(starts)


JVP["dynamic_slice"], VJP["dynamic_slice"] = _dynamic_slice_jvp, _dynamic_slice_vjp


def _dynamic_update_slice_jvp(primals, tangents, out):
    operand, update, *starts = primals
    t_op, t_up = tangents[0], tangents[1]
    if t_op is None and t_up is None:
        return None
    t_op, t_up = _materialize((t_op, t_up), (operand, update))
    return B.dynamic_update_slice(t_op, t_up, *starts)


def _dynamic_update_slice_vjp(ct, primals, out):
    operand, update, *starts = primals
    ct_operand = B.dynamic_update_slice(ct, zeros_like(update), *starts)
    ct_update = B.dynamic_slice(ct, *starts, slice_sizes=aval(update).shape)
    return (ct_operand, ct_update) + (None,) * len(starts)


JVP["dynamic_update_slice"] = _dynamic_update_slice_jvp
VJP["dynamic_update_slice"] = _dynamic_update_slice_vjp


# --------------------------------------------------------------------- gather/scatter

def _gather_jvp(primals, tangents, out, **params):
    t = tangents[0]
    return None if t is None else B.gather(t, primals[1], **params)


def _gather_vjp(ct, primals, out, *, offset_dims, collapsed_slice_dims, operand_batching_dims,
                start_indices_batching_dims, start_index_map, index_vector_dim, slice_sizes):
    """The op clamps its starts but its transpose drops out-of-bounds windows, as JAX's
    PROMISE_IN_BOUNDS gather does (the frontend clamps explicitly for mode="clip")."""
    operand, indices = primals
    ct_operand = B.scatter_add(zeros_like(operand), indices, ct, update_window_dims=offset_dims,
                               inserted_window_dims=collapsed_slice_dims,
                               input_batching_dims=operand_batching_dims,
                               scatter_indices_batching_dims=start_indices_batching_dims,
                               scatter_dims_to_operand_dims=start_index_map,
                               index_vector_dim=index_vector_dim)
    return ct_operand, None


JVP["gather"], VJP["gather"] = _gather_jvp, _gather_vjp


def _scatter_gather_params(operand, updates, update_window_dims, inserted_window_dims,
                           input_batching_dims, scatter_indices_batching_dims,
                           scatter_dims_to_operand_dims, index_vector_dim):
    """The gather reading back what a scatter wrote."""
    window = iter(aval(updates).shape[d] for d in update_window_dims)
    sizes = tuple(1 if d in inserted_window_dims or d in input_batching_dims else next(window)
                  for d in range(len(aval(operand).shape)))
    return dict(offset_dims=update_window_dims, collapsed_slice_dims=inserted_window_dims,
                operand_batching_dims=input_batching_dims,
                start_indices_batching_dims=scatter_indices_batching_dims,
                start_index_map=scatter_dims_to_operand_dims, index_vector_dim=index_vector_dim,
                slice_sizes=sizes)


def _scatter_jvp(name):
    def jvp(primals, tangents, out, **params):
        operand, indices, updates = primals
        t_op, _, t_up = tangents
        if t_op is None and t_up is None:
            return None
        t_op, t_up = _materialize((t_op, t_up), (operand, updates))
        return getattr(B, name)(t_op, indices, t_up, **params)
    return jvp


def _scatter_add_vjp(ct, primals, out, **params):
    operand, indices, updates = primals
    return ct, None, B.gather(ct, indices, **_scatter_gather_params(operand, updates, **params))


def _scatter_vjp(ct, primals, out, **params):
    """Unique indices assumed (as JAX's rule): overwritten entries get no cotangent."""
    operand, indices, updates = primals
    ct_operand = B.scatter(ct, indices, zeros_like(updates), **params)
    return ct_operand, None, B.gather(ct, indices,
                                      **_scatter_gather_params(operand, updates, **params))


JVP["scatter_add"], VJP["scatter_add"] = _scatter_jvp("scatter_add"), _scatter_add_vjp
JVP["scatter"], VJP["scatter"] = _scatter_jvp("scatter"), _scatter_vjp


def _scatter_mul_jvp(primals, tangents, out, **params):
    """JAX's rule: linear in the operand; in the updates only for unique indices."""
    operand, indices, updates = primals
    t_op, _, t_up = tangents
    a = B.scatter_mul(t_op, indices, updates, **params) if t_op is not None else None
    b = B.mul(operand, B.scatter_add(zeros_like(operand), indices, t_up, **params)) \
        if t_up is not None else None
    return add_any(a, b)


def _scatter_mul_vjp(ct, primals, out, **params):
    operand, indices, updates = primals
    gather = _scatter_gather_params(operand, updates, **params)
    return (B.scatter_mul(ct, indices, updates, **params), None,
            B.gather(B.mul(ct, operand), indices, **gather))


JVP["scatter_mul"], VJP["scatter_mul"] = _scatter_mul_jvp, _scatter_mul_vjp


def _extremal_coefs(primals, out, params):
    """JAX's scatter_min/max derivative: each written location's tangent is the average of
    the tangents of the values tied for the extreme (the operand's own value included)."""
    operand, indices, updates = primals
    gather = _scatter_gather_params(operand, updates, **params)

    def at(v):
        return B.gather(v, indices, **gather)

    def eq(a, b):
        return B.compare(a, b, comparison_direction="EQ")
    target = at(out)
    won = eq(updates, target)
    kept = eq(at(operand), target)
    one, zero = full_like(updates, 1), zeros_like(updates)
    n_won = at(B.scatter_add(zeros_like(operand), indices, B.select(won, one, zero), **params))
    n_refs = at(B.scatter_add(zeros_like(operand), indices, one, **params))
    share = B.select(kept, B.div(one, B.add(n_won, one)), B.div(one, n_won))
    updates_coef = B.select(won, share, zero)
    operand_coef = B.div(B.add(full_like(updates, -1), B.select(kept, share, zero)), n_refs)
    return operand_coef, updates_coef, at


def _extremal(name):
    def jvp(primals, tangents, out, **params):
        operand, _, updates = primals
        t_op, _, t_up = tangents
        t_op = t_op if t_op is not None else zeros_like(operand)
        t_up = t_up if t_up is not None else zeros_like(updates)
        operand_coef, updates_coef, at = _extremal_coefs(primals, out, params)
        moved = B.add(B.mul(at(t_op), operand_coef), B.mul(t_up, updates_coef))
        return B.scatter_add(t_op, primals[1], moved, **params)

    def vjp(ct, primals, out, **params):
        operand_coef, updates_coef, at = _extremal_coefs(primals, out, params)
        g = at(ct)
        ct_operand = B.add(ct, B.scatter_add(zeros_like(ct), primals[1],
                                             B.mul(g, operand_coef), **params))
        return ct_operand, None, B.mul(g, updates_coef)
    JVP[name], VJP[name] = jvp, vjp


_extremal("scatter_min")
_extremal("scatter_max")


# ------------------------------------------------------------------------- reductions

def _chooser_weights(x, out, axes):
    """1/count where x attains the reduced max/min, 0 elsewhere (JAX's choice for ties)."""
    xa = aval(x)
    hit = B.convert(B.compare(x, broadcast_back(out, xa, axes), comparison_direction="EQ"),
                    dtype=xa.dtype)
    counts = B.reduce_sum(hit, axes=axes)
    return B.div(hit, broadcast_back(counts, xa, axes))


def _chooser(name):
    def jvp(primals, tangents, out, *, axes):
        return B.reduce_sum(B.mul(tangents[0], _chooser_weights(primals[0], out, axes)), axes=axes)

    def vjp(ct, primals, out, *, axes):
        x = primals[0]
        return (B.mul(broadcast_back(ct, aval(x), axes), _chooser_weights(x, out, axes)),)
    JVP[name], VJP[name] = jvp, vjp


_chooser("reduce_max")
_chooser("reduce_min")


def _prod_partial(x, axes):
    """d prod / d x_i = product of the others, exact with zeros: exclusive cumulative
    products from both ends along the flattened reduced axes."""
    xa = aval(x)
    kept = [d for d in range(len(xa.shape)) if d not in axes]
    perm = tuple(kept + list(axes))
    moved = B.transpose(x, permutation=perm) if perm != tuple(range(len(perm))) else x
    n = math.prod(xa.shape[d] for d in axes)
    flat_shape = tuple(xa.shape[d] for d in kept) + (n,)
    flat = B.reshape(moved, shape=flat_shape)
    last = len(flat_shape) - 1
    one = scalar_like(x, 1)

    def exclusive(reverse):
        inc = B.cumprod(flat, axis=last, reverse=reverse)
        lo = tuple(0 for _ in flat_shape[:-1]) + ((-1,) if reverse else (1,))
        hi = tuple(0 for _ in flat_shape[:-1]) + ((1,) if reverse else (-1,))
        return B.pad(inc, one, edge_padding_low=lo, edge_padding_high=hi,
                     interior_padding=(0,) * len(flat_shape))
    partial = B.mul(exclusive(False), exclusive(True))
    partial = B.reshape(partial, shape=tuple(xa.shape[d] for d in perm))
    inverse = tuple(int(i) for i in np.argsort(perm))
    return B.transpose(partial, permutation=inverse) if perm != tuple(range(len(perm))) else partial


def _reduce_prod_jvp(primals, tangents, out, *, axes):
    return B.reduce_sum(B.mul(tangents[0], _prod_partial(primals[0], axes)), axes=axes)


def _reduce_prod_vjp(ct, primals, out, *, axes):
    x = primals[0]
    return (B.mul(broadcast_back(ct, aval(x), axes), _prod_partial(x, axes)),)


JVP["reduce_prod"], VJP["reduce_prod"] = _reduce_prod_jvp, _reduce_prod_vjp


# --------------------------------------------------------------------------- products

def _dot_general_jvp(primals, tangents, out, **dn):
    lhs, rhs = primals
    tl, tr = tangents
    a = B.dot_general(tl, rhs, **dn) if tl is not None else None
    b = B.dot_general(lhs, tr, **dn) if tr is not None else None
    return add_any(a, b)


def _ranges_like(*xs):
    start = 0
    for x in xs:
        yield list(range(start, start + len(x)))
        start += len(x)


def _transpose_lhs(g, x_aval, y, x_contract, y_contract, x_batch, y_batch, swap_ans=False):
    """JAX's _dot_general_transpose_lhs: the cotangent of dot_general's lhs."""
    x_ndim, y_ndim = len(x_aval.shape), len(aval(y).shape)
    x_kept = [i for i in range(x_ndim) if i not in x_contract and i not in x_batch]
    y_kept = [i for i in range(y_ndim) if i not in y_contract and i not in y_batch]
    if swap_ans:
        ans_batch, ans_y, _ = _ranges_like(x_batch, y_kept, x_kept)
    else:
        ans_batch, _, ans_y = _ranges_like(x_batch, x_kept, y_kept)
    prod = B.dot_general(g, y, lhs_contracting_dimensions=tuple(ans_y),
                         rhs_contracting_dimensions=tuple(y_kept),
                         lhs_batching_dimensions=tuple(ans_batch),
                         rhs_batching_dimensions=tuple(y_batch))
    x_contract_sorted_by_y = [x_contract[i] for i in np.argsort(y_contract)]
    out_axes = tuple(int(i) for i in np.argsort(list(x_batch) + x_kept + x_contract_sorted_by_y))
    return B.transpose(prod, permutation=out_axes) if out_axes != tuple(range(x_ndim)) else prod


def _dot_general_vjp(ct, primals, out, *, lhs_batching_dimensions, rhs_batching_dimensions,
                     lhs_contracting_dimensions, rhs_contracting_dimensions):
    lhs, rhs = primals
    lc, rc = list(lhs_contracting_dimensions), list(rhs_contracting_dimensions)
    lb, rb = list(lhs_batching_dimensions), list(rhs_batching_dimensions)
    ct_lhs = _transpose_lhs(ct, aval(lhs), rhs, lc, rc, lb, rb)
    ct_rhs = _transpose_lhs(ct, aval(rhs), lhs, rc, lc, rb, lb, swap_ans=True)
    return ct_lhs, ct_rhs


JVP["dot_general"], VJP["dot_general"] = _dot_general_jvp, _dot_general_vjp


# ---------------------------------------------------------------------------- sorting

def _take_along(x, perm, dimension):
    """x gathered along `dimension` by the integer permutation `perm` (same shape)."""
    xa = aval(x)
    others = tuple(d for d in range(len(xa.shape)) if d != dimension)
    index = B.reshape(perm, shape=xa.shape + (1,))
    return B.gather(x, index, offset_dims=(), collapsed_slice_dims=(dimension,),
                    operand_batching_dims=others, start_indices_batching_dims=others,
                    start_index_map=(dimension,), index_vector_dim=len(xa.shape),
                    slice_sizes=(1,) * len(xa.shape))


def _sort_jvp(primals, tangents, out, *, dimension, is_stable=True):
    perm = B.argsort(primals[0], dimension=dimension, is_stable=True, index_dtype="int32")
    return _take_along(tangents[0], perm, dimension)


def _sort_vjp(ct, primals, out, *, dimension, is_stable=True):
    perm = B.argsort(primals[0], dimension=dimension, is_stable=True, index_dtype="int32")
    inverse = B.argsort(perm, dimension=dimension, is_stable=True, index_dtype="int32")
    return (_take_along(ct, inverse, dimension),)


JVP["sort"], VJP["sort"] = _sort_jvp, _sort_vjp


# ------------------------------------------------------------------ cumulative ops
# cumprod/cummax/cummin are differentiated as the prefix scan they are (Hillis-Steele:
# log2(n) steps y <- y (op) shift(y)), as JAX does through its associative scan: exact with
# zeros for products, ties split evenly for max/min.

def _shift(v, axis, s, fill):
    """out[i] = v[i - s] along axis (fill where i < s)."""
    a = aval(v)
    n = a.shape[axis]
    limit = tuple(n - s if d == axis else size for d, size in enumerate(a.shape))
    cut = B.slice(v, start_indices=(0,) * len(a.shape), limit_indices=limit,
                  strides=(1,) * len(a.shape))
    low = tuple(s if d == axis else 0 for d in range(len(a.shape)))
    return B.pad(cut, scalar_like(v, fill), edge_padding_low=low,
                 edge_padding_high=(0,) * len(a.shape), interior_padding=(0,) * len(a.shape))


def _unshift(v, axis, s):
    """The transpose of _shift: out[j] = v[j + s] (0 past the end)."""
    a = aval(v)
    start = tuple(s if d == axis else 0 for d in range(len(a.shape)))
    cut = B.slice(v, start_indices=start, limit_indices=a.shape, strides=(1,) * len(a.shape))
    high = tuple(s if d == axis else 0 for d in range(len(a.shape)))
    return B.pad(cut, scalar_like(v, 0), edge_padding_low=(0,) * len(a.shape),
                 edge_padding_high=high, interior_padding=(0,) * len(a.shape))


SCANS = {   # name -> (combine, fill, partials(y, shifted, out) -> (d/dy, d/dshifted))
    "cumprod": (B.mul, 1.0, lambda y, ys, z: (ys, y)),
    "cummax": (B.max, -math.inf, lambda y, ys, z: (_balanced_eq(y, z, ys), _balanced_eq(ys, z, y))),
    "cummin": (B.min, math.inf, lambda y, ys, z: (_balanced_eq(y, z, ys), _balanced_eq(ys, z, y))),
}


def _scan_steps(name, x, axis):
    """[(shift, y, shifted y, combined, partials)] of the prefix scan of x along axis."""
    combine, fill, partials = SCANS[name]
    steps, y, s = [], x, 1
    while s < aval(x).shape[axis]:
        ys = _shift(y, axis, s, fill)
        z = combine(y, ys)
        steps.append((s, partials(y, ys, z)))
        y, s = z, s * 2
    return steps


def _cumulative(name):
    def oriented(v, axis, reverse):
        return B.rev(v, dimensions=(axis,)) if reverse else v

    def jvp(primals, tangents, out, *, axis, reverse=False):
        x, t = oriented(primals[0], axis, reverse), oriented(tangents[0], axis, reverse)
        for s, (dy, dys) in _scan_steps(name, x, axis):
            t = B.add(B.mul(t, dy), B.mul(_shift(t, axis, s, 0.0), dys))
        return oriented(t, axis, reverse)

    def vjp(ct, primals, out, *, axis, reverse=False):
        g = oriented(ct, axis, reverse)
        for s, (dy, dys) in reversed(_scan_steps(name, oriented(primals[0], axis, reverse), axis)):
            g = B.add(B.mul(g, dy), _unshift(B.mul(g, dys), axis, s))
        return (oriented(g, axis, reverse),)
    JVP[name], VJP[name] = jvp, vjp


for _name in SCANS:
    _cumulative(_name)
