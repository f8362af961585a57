"""The CPU backend's kernel table: one numpy function per `mlax` op.

`KERNELS[name](*operands, **params)` evaluates op `mlax.<name>` (inside `quiet()`): operands are numpy arrays
(0-d for scalars), params are exactly the op's keyword params in dialect/rules.py as
Python values (`dtype`/`index_dtype` are dtype names, `value` is a numpy array). A kernel
returns one array (a tuple of arrays if the op has several results) whose shapes and
dtypes are what `rules.infer` says. Semantics are XLA's (jax.lax is the oracle), not
numpy's. Transform ops (grad, jvp, vjp, vmap) and control flow (scan, while, cond) are not
here: the executor handles them. No MLIR import, so the eager path can use this table.
"""

import functools

import ml_dtypes
import numpy as np
import scipy.special

from mlax.dialect import dtypes as dt

from .approximations import ERF_INV_LARGE, ERF_INV_SMALL

KERNELS: dict = {}

_HALF = (np.dtype(np.float16), np.dtype(ml_dtypes.bfloat16))


def _np_dtype(name: str) -> np.dtype:
    return np.dtype(ml_dtypes.bfloat16 if name == "bfloat16" else name)


def _is_float(x) -> bool:
    return x.dtype.name in dt.FLOATS


def _up(x):
    """float16/bfloat16 -> float32: XLA's CPU backend computes half types in f32 per op."""
    return x.astype(np.float32) if x.dtype in _HALF else x


def _down(r, dtype):
    """Rounds a float32 result back to the half type it was computed for."""
    r = np.asarray(r)
    return r.astype(dtype) if dtype in _HALF and r.dtype == np.float32 else r


def _arrays(out):
    return tuple(np.asarray(o) for o in out) if isinstance(out, tuple) else np.asarray(out)


def quiet():
    """The floating-point error state kernels run in: IEEE specials (log(0), 1/0) are
    results, not warnings. Callers enter it once per program or eager op, not per kernel."""
    return np.errstate(all="ignore")


def _kernel(*names, arrays=False):
    """Registers fn under each name; its results become arrays (unless fn promises them)."""
    def register(fn):
        if arrays:
            run = fn
        else:
            @functools.wraps(fn)
            def run(*operands, **params):
                return _arrays(fn(*operands, **params))
        for name in names:
            KERNELS[name] = run
        return fn
    return register


def _elementwise(fn):
    """Kernel applying fn to the operands, half types through float32 (the common case goes
    straight to numpy: this sits on every step of every loop body)."""
    def run(*xs):
        dtype = xs[-1].dtype
        if dtype in _HALF:
            return _down(fn(*map(_up, xs)), dtype)
        out = fn(*xs)
        return out if type(out) is np.ndarray else np.asarray(out)
    return run


# ------------------------------------------------------------------- elementwise ops

def _sign(x):
    return np.where(x == 0, x, np.sign(x))          # keeps -0.0, as XLA does


def _round_afz(x):
    t = np.trunc(x)                                 # x - trunc(x) is exact
    return np.where(np.abs(x - t) >= 0.5, t + np.copysign(1, x), t)


_MAPS = {
    "exp": np.exp, "log": np.log, "log1p": np.log1p, "expm1": np.expm1,
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "tanh": np.tanh,
    "sqrt": np.sqrt, "rsqrt": lambda x: 1 / np.sqrt(x), "cbrt": np.cbrt,
    "erf": scipy.special.erf,
    "floor": np.floor, "ceil": np.ceil, "is_finite": np.isfinite,
    "neg": np.negative, "abs": np.abs, "sign": _sign, "not": np.invert,
    "add": np.add, "sub": np.subtract, "mul": np.multiply,
    "max": np.maximum, "min": np.minimum,            # both propagate NaN, like XLA
    "pow": np.power, "atan2": np.arctan2,
    "and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor,
}
for _name, _fn in _MAPS.items():
    _kernel(_name, arrays=True)(_elementwise(_fn))


# XLA's ErfInv32 for 32-bit and narrower floats; float64 has scipy's.


@_kernel("erf_inv")
def _erf_inv(operand):
    if operand.dtype == np.float64:
        return scipy.special.erfinv(operand)
    y = operand.astype(np.float32)
    w = -np.log1p(-y * y)
    small = w < 5
    w = np.where(small, w - np.float32(2.5), np.sqrt(np.maximum(w, np.float32(5))) - np.float32(3))
    p = np.float32(0)
    for s, l in zip(ERF_INV_SMALL, ERF_INV_LARGE):
        p = np.where(small, np.float32(s), np.float32(l)) + p * w
    out = np.where(np.abs(y) == 1, y * np.float32(np.inf), p * y)
    return out.astype(operand.dtype)


@_kernel("stop_gradient")
def _stop_gradient(operand):
    return operand


@_kernel("exp2")
def _exp2(operand):
    # JAX lowers exp2(x) as exp(log(2) * x), rounding the product to the dtype.
    log2 = np.asarray(np.log(2), operand.dtype)
    return KERNELS["exp"](KERNELS["mul"](log2, operand))


@_kernel("logistic")
def _logistic(operand):
    if operand.dtype in _HALF:  # JAX computes 1 / (1 + exp(-x)), rounding each step
        one = np.ones((), operand.dtype)
        return one / (one + KERNELS["exp"](-operand))
    return scipy.special.expit(operand)


_ROUND = {0: _elementwise(_round_afz), 1: _elementwise(np.rint)}   # lax.RoundingMethod


@_kernel("round")
def _round(operand, *, rounding_method=0):
    return _ROUND[rounding_method](operand)


@_kernel("integer_pow")
def _integer_pow(operand, *, y):
    # JAX's square-and-multiply, rounding to the dtype after each product, then 1 / acc.
    x, n, acc = operand, abs(y), None
    while n:
        if n & 1:
            acc = x if acc is None else acc * x
        n >>= 1
        if n:
            x = x * x
    if acc is None:
        return np.ones_like(operand)
    return np.ones((), operand.dtype) / acc if y < 0 else acc


@_kernel("div")
def _div(lhs, rhs):
    if _is_float(lhs):
        return _elementwise(np.divide)(lhs, rhs)
    zero = rhs == 0
    safe = np.where(zero, 1, rhs)
    q = lhs // safe                                   # floor; INT_MIN // -1 wraps to INT_MIN
    q = q + ((lhs % safe != 0) & ((lhs < 0) != (safe < 0))).astype(q.dtype)   # -> toward zero
    return np.where(zero, ~np.zeros((), lhs.dtype), q)    # x / 0 is all ones in XLA


@_kernel("rem")
def _rem(lhs, rhs):
    if _is_float(lhs):
        return _elementwise(np.fmod)(lhs, rhs)
    zero = rhs == 0
    return np.where(zero, lhs, np.fmod(lhs, np.where(zero, 1, rhs)))   # x % 0 is x in XLA


def _shift(lhs, rhs, how):
    bits = lhs.dtype.itemsize * 8
    unsigned, signed = np.dtype(f"uint{bits}"), np.dtype(f"int{bits}")
    n = rhs.view(unsigned)                            # counts are unsigned: -1 is huge
    m = np.minimum(n, bits - 1)
    if how == "arithmetic":                           # sign fill, also for uint32's top bit
        return (lhs.view(signed) >> m.astype(signed)).view(lhs.dtype)
    u = lhs.view(unsigned)
    r = u << m if how == "left" else u >> m
    return np.where(n >= bits, 0, r).astype(unsigned).view(lhs.dtype)


for _how in ("left", "right_logical", "right_arithmetic"):
    _kernel("shift_" + _how)(functools.partial(_shift, how=_how.removeprefix("right_")))

_COMPARE = {"EQ": np.equal, "NE": np.not_equal, "LT": np.less, "LE": np.less_equal,
            "GT": np.greater, "GE": np.greater_equal}


@_kernel("compare")
def _compare(lhs, rhs, *, comparison_direction):
    return _COMPARE[comparison_direction](_up(lhs), _up(rhs))


@_kernel("select")
def _select(pred, on_true, on_false):
    return np.where(pred, on_true, on_false)


# ------------------------------------------------------------------------- conversions

@_kernel("convert")
def _convert(operand, *, dtype):
    to = _np_dtype(dtype)
    if dtype == "bool":
        return _up(operand) != 0
    if _is_float(operand) and dtype in dt.INTEGERS:
        # XLA saturates: NaN -> 0, out-of-range -> the type's min/max, else toward zero.
        info, t = np.iinfo(to), np.trunc(_up(operand))
        lo, hi = float(info.min), float(info.max) + 1        # both exact powers of two
        r = np.where((t >= lo) & (t < hi), t, 0).astype(to)
        return np.where(t >= hi, info.max, np.where(t < lo, info.min, r)).astype(to)
    return operand.astype(to)


@_kernel("bitcast_convert")
def _bitcast_convert(operand, *, dtype):
    return operand.view(_np_dtype(dtype))


# ------------------------------------------------------------------------------- shapes

@_kernel("broadcast_in_dim")
def _broadcast_in_dim(operand, *, shape, broadcast_dimensions):
    dims = [1] * len(shape)
    for i, d in enumerate(broadcast_dimensions):
        dims[d] = operand.shape[i]
    return np.broadcast_to(operand.reshape(dims), tuple(shape)).copy()


@_kernel("reshape")
def _reshape(operand, *, shape):
    return operand.reshape(tuple(shape))


@_kernel("transpose")
def _transpose(operand, *, permutation):
    return np.transpose(operand, tuple(permutation))


@_kernel("rev")
def _rev(operand, *, dimensions):
    return np.flip(operand, tuple(dimensions))


@_kernel("slice")
def _slice(operand, *, start_indices, limit_indices, strides):
    return operand[tuple(map(slice, start_indices, limit_indices, strides))]


def _clamped(starts, operand_shape, sizes):
    return tuple(min(max(int(s), 0), d - n) for s, d, n in zip(starts, operand_shape, sizes))


@_kernel("dynamic_slice")
def _dynamic_slice(operand, *start_indices, slice_sizes):
    starts = _clamped(start_indices, operand.shape, slice_sizes)
    return operand[tuple(slice(s, s + n) for s, n in zip(starts, slice_sizes))]


@_kernel("dynamic_update_slice")
def _dynamic_update_slice(operand, update, *start_indices):
    starts = _clamped(start_indices, operand.shape, update.shape)
    out = operand.copy()
    out[tuple(slice(s, s + n) for s, n in zip(starts, update.shape))] = update
    return out


@_kernel("concatenate")
def _concatenate(*inputs, dimension):
    return np.concatenate(inputs, axis=dimension)


@_kernel("pad")
def _pad(operand, padding_value, *, edge_padding_low, edge_padding_high, interior_padding):
    # Interior and positive edge padding first, then negative edges crop (lax.pad).
    lows = [max(lo, 0) for lo in edge_padding_low]
    sizes = [lo + max(hi, 0) + d + max(d - 1, 0) * it for lo, hi, it, d in
             zip(lows, edge_padding_high, interior_padding, operand.shape)]
    out = np.full(sizes, padding_value, operand.dtype)
    out[tuple(slice(lo, lo + d * (it + 1), it + 1)
              for lo, d, it in zip(lows, operand.shape, interior_padding))] = operand
    return out[tuple(slice(max(-lo, 0), n - max(-hi, 0))
                     for lo, hi, n in zip(edge_padding_low, edge_padding_high, sizes))]


# ------------------------------------------------------------------- gather / scatter
#
# Both ops read or write one window per index vector. Gather and plain scatter index a
# sliding-window view of the operand with each window's start: one numpy fancy index,
# which for what numpy integer-array indexing lowers to (x[idx], x[:, idx], x[i, j]) is as
# fast as that indexing. The combining scatters compute each element's row-major flat
# operand offset, (its window's start) + (its offset within the window), and combine by
# 1-D ufunc.at, in update order: duplicates combine one by one, as in XLA's CPU loop.

def _starts(indices, index_vector_dim, index_map, operand_batching, index_batching, ndim):
    """Start position per operand dim: an array of the indices' batch shape, or 0."""
    idx = np.asarray(indices, np.int64)
    if index_vector_dim == idx.ndim:
        idx = idx[..., None]
    idx = np.moveaxis(idx, index_vector_dim, -1)
    batch = idx.shape[:-1]
    starts = [0] * ndim
    for j, d in enumerate(index_map):
        starts[d] = idx[..., j]
    for d, b in zip(operand_batching, index_batching):
        b -= b > index_vector_dim                      # position among the batch dims
        starts[d] = np.broadcast_to(np.arange(batch[b]).reshape(
            [-1 if i == b else 1 for i in range(len(batch))]), batch)
    return starts, batch


def _windows(array, sizes, starts, batch, writeable=False):
    """(view, index): view[index] is the `sizes` windows of array at starts (an in-bounds
    batch-shaped array per dim, or 0 for a dim whose windows all start at 0), stacked in
    the batch shape."""
    if array.ndim == 0:
        array, sizes, starts = array.reshape(1), (1,), [0]
    if all(isinstance(s, int) for s in starts):         # one window, repeated
        starts = [np.zeros(batch, np.intp), *starts[1:]]
    view = np.lib.stride_tricks.sliding_window_view(array, tuple(sizes), writeable=writeable)
    return view, tuple(starts)


def _offsets(starts, batch, shape, sizes, window):
    """Row-major flat operand offsets: of each window's start (batch-shaped), and of each
    position within a window (shaped [sizes[d] for d in window])."""
    base, stride = np.zeros(batch, np.int64), 1
    within = np.zeros([sizes[d] for d in window], np.int64)
    for d in reversed(range(len(shape))):
        base += starts[d] * stride
        if d in window:
            i = window.index(d)
            within += (np.arange(sizes[d]) * stride).reshape(
                [-1 if j == i else 1 for j in range(len(window))])
        stride *= shape[d]
    return base, within


@_kernel("gather")
def _gather(operand, start_indices, *, offset_dims, collapsed_slice_dims, operand_batching_dims,
            start_indices_batching_dims, start_index_map, index_vector_dim, slice_sizes):
    starts, batch = _starts(start_indices, index_vector_dim, start_index_map,
                            operand_batching_dims, start_indices_batching_dims, operand.ndim)
    # XLA clamps each start so that the whole slice is in bounds.
    starts = [np.clip(s, 0, n - size) if d in start_index_map else s
              for d, (s, n, size) in enumerate(zip(starts, operand.shape, slice_sizes))]
    view, at = _windows(operand, slice_sizes, starts, batch)
    window = [d for d in range(operand.ndim)
              if d not in collapsed_slice_dims and d not in operand_batching_dims]
    out = view[at].reshape(batch + tuple(slice_sizes[d] for d in window))   # drops 1s
    return np.moveaxis(out, range(len(batch), out.ndim), offset_dims)


def _scatter(operand, scatter_indices, updates, combine, *, update_window_dims,
             inserted_window_dims, input_batching_dims, scatter_indices_batching_dims,
             scatter_dims_to_operand_dims, index_vector_dim):
    """combine: a ufunc (duplicates combine in update order), or None to set (any wins)."""
    starts, batch = _starts(scatter_indices, index_vector_dim, scatter_dims_to_operand_dims,
                            input_batching_dims, scatter_indices_batching_dims, operand.ndim)
    window = [d for d in range(operand.ndim)
              if d not in inserted_window_dims and d not in input_batching_dims]
    sizes = [1] * operand.ndim
    for d, u in zip(window, update_window_dims):
        sizes[d] = updates.shape[u]
    out = operand.copy()
    if updates.size == 0:
        return out
    # XLA skips an update window unless all of it is in bounds (jax's FILL_OR_DROP).
    ok = np.ones(batch, bool)
    for d in scatter_dims_to_operand_dims:
        ok &= (starts[d] >= 0) & (starts[d] <= operand.shape[d] - sizes[d])
    updates = np.moveaxis(updates, update_window_dims, range(len(batch), updates.ndim))
    if not ok.all():                                    # flattens the batch dims
        updates = updates[ok]
        starts = [s if isinstance(s, int) else s[ok] for s in starts]
    batch = updates.shape[:updates.ndim - len(window)]
    if combine is None:                                 # later windows overwrite earlier
        view, at = _windows(out, sizes, starts, batch, writeable=True)
        view[at] = updates.reshape(batch + view.shape[view.ndim // 2:])
        return out
    base, within = _offsets(starts, batch, operand.shape, sizes, window)
    base, within = base.reshape(-1, 1), within.reshape(-1)
    updates, flat_out = updates.reshape(len(base), within.size), out.reshape(-1)
    step = max(1, (1 << 16) // within.size)            # offsets stay in cache: 1.5x faster
    for i in range(0, len(base), step):
        combine.at(flat_out, (base[i:i + step] + within).reshape(-1),
                   updates[i:i + step].reshape(-1))
    return out


for _name, _combine in (("scatter", None), ("scatter_add", np.add), ("scatter_mul", np.multiply),
                        ("scatter_min", np.minimum), ("scatter_max", np.maximum)):
    _kernel(_name)(functools.partial(_scatter, combine=_combine))


# -------------------------------------------------------------------------- reductions

def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else dtype.type(0) if dtype == bool else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind == "f" else dtype.type(1) if dtype == bool else np.iinfo(dtype).max


_REDUCTIONS = {   # name: (ufunc, identity for the computation dtype)
    "sum": (np.add, lambda t: 0), "prod": (np.multiply, lambda t: 1),
    "max": (np.maximum, _lowest), "min": (np.minimum, _highest),
    "and": (np.bitwise_and, lambda t: ~np.zeros((), t)), "or": (np.bitwise_or, lambda t: 0),
}


def _reduce(operand, ufunc, identity, *, axes):
    x = _up(operand)   # half types accumulate in float32
    if ufunc is np.add and x.dtype.kind == "f":
        return _down(_float_sum(x, sorted(axes)), operand.dtype)
    return _down(ufunc.reduce(x, axis=tuple(axes), dtype=x.dtype, initial=identity(x.dtype)),
                 operand.dtype)


SUM_BLOCK = 16    # the most terms a float sum adds one after another, on every backend


def _float_sum(x, axes: list):
    """numpy sums pairwise along contiguous memory only; along other axes it adds row after
    row (n terms err by n ulp). Those are summed in blocks of SUM_BLOCK, the largest axis
    first, then the block sums the same way: numpy's pairwise error bound everywhere."""
    if not axes:
        return x.copy()
    trailing = axes == list(range(x.ndim - len(axes), x.ndim)) and x.flags.c_contiguous
    if trailing or int(np.prod([x.shape[i] for i in axes])) <= SUM_BLOCK:
        return np.add.reduce(x, axis=tuple(axes), dtype=x.dtype)
    d = max(axes, key=lambda i: x.shape[i])
    n = x.shape[d]
    if n <= SUM_BLOCK:
        return _float_sum(np.add.reduce(x, axis=d), [i - (i > d) for i in axes if i != d])
    q = n // SUM_BLOCK
    lead = (slice(None),) * d
    main = x[lead + (slice(0, q * SUM_BLOCK),)]
    blocks = np.add.reduce(main.reshape(x.shape[:d] + (q, SUM_BLOCK) + x.shape[d + 1:]),
                           axis=d + 1)
    total = _float_sum(blocks, axes)
    if q * SUM_BLOCK < n:
        total = total + _float_sum(x[lead + (slice(q * SUM_BLOCK, None),)], axes)
    return total


for _name, (_ufunc, _identity) in _REDUCTIONS.items():
    _kernel("reduce_" + _name)(functools.partial(_reduce, ufunc=_ufunc, identity=_identity))


def _argminmax(operand, find, *, axis, index_dtype):
    if operand.shape[axis] == 0:
        r = np.zeros(operand.shape[:axis] + operand.shape[axis + 1:], np.int64)
    else:
        r = find(_up(operand), axis=axis)              # numpy also picks the first NaN
    return r.astype(index_dtype)


_kernel("argmax")(functools.partial(_argminmax, find=np.argmax))
_kernel("argmin")(functools.partial(_argminmax, find=np.argmin))


def _cumulative(operand, ufunc, *, axis, reverse=False):
    x = _up(operand)
    x = np.flip(x, axis) if reverse else x
    r = ufunc.accumulate(x, axis=axis, dtype=x.dtype)
    return _down(np.flip(r, axis) if reverse else r, operand.dtype)


for _name, _ufunc in (("cumsum", np.add), ("cumprod", np.multiply),
                      ("cummax", np.maximum), ("cummin", np.minimum)):
    _kernel(_name)(functools.partial(_cumulative, ufunc=_ufunc))


@_kernel("dot_general")
def _dot_general(lhs, rhs, *, lhs_batching_dimensions, rhs_batching_dimensions,
                 lhs_contracting_dimensions, rhs_contracting_dimensions):
    """As one batched matmul (BLAS for floats): lhs to (batch, free, contract), rhs to
    (batch, contract, free)."""
    lb, rb = list(lhs_batching_dimensions), list(rhs_batching_dimensions)
    lc, rc = list(lhs_contracting_dimensions), list(rhs_contracting_dimensions)
    lf = [i for i in range(lhs.ndim) if i not in lb + lc]
    rf = [i for i in range(rhs.ndim) if i not in rb + rc]
    batch = [lhs.shape[i] for i in lb]
    m, k, n = (int(np.prod([s[i] for i in d], dtype=np.int64)) for s, d in (
        (lhs.shape, lf), (lhs.shape, lc), (rhs.shape, rf)))
    a = _up(lhs).transpose(lb + lf + lc).reshape(batch + [m, k])
    b = _up(rhs).transpose(rb + rc + rf).reshape(batch + [k, n])
    out = np.matmul(a, b).reshape(batch + [lhs.shape[i] for i in lf] + [rhs.shape[i] for i in rf])
    return _down(out, lhs.dtype)


def _sort_perm(keys, dimension):
    """Stable sorting permutation along `dimension`, lexicographic in keys.

    As in JAX, -0.0 ties with 0.0 and NaNs of either sign go last: numpy's order too.
    """
    keys = [np.moveaxis(_up(k), dimension, -1) for k in keys]
    return np.moveaxis(np.lexsort(keys[::-1], axis=-1), -1, dimension)   # last key is primary


@_kernel("sort")
def _sort(*operands, dimension, is_stable=True, num_keys=1):
    # Always stable. Several operands (lax.sort's num_keys) give a tuple.
    perm = _sort_perm(operands[:num_keys], dimension)
    out = tuple(np.take_along_axis(x, perm, dimension) for x in operands)
    return out if len(out) > 1 else out[0]


@_kernel("argsort")
def _argsort(operand, *, dimension, is_stable=True, index_dtype):
    return _sort_perm([operand], dimension).astype(index_dtype)


# ------------------------------------------------------------------------ constants

@_kernel("constant")
def _constant(*, value):
    return np.array(value)


@_kernel("iota")
def _iota(*, shape, dtype, iota_dimension):
    dims = [-1 if i == iota_dimension else 1 for i in range(len(shape))]
    return np.broadcast_to(np.arange(shape[iota_dimension]).reshape(dims),
                           tuple(shape)).astype(_np_dtype(dtype))
