"""`mlax.random`: jax.random's API, drawing JAX's exact numbers.

The generator is JAX's default: threefry2x32 with `jax_threefry_partitionable=True` (the
default since JAX 0.5), written with mlax.lax ops on uint32 (wrapping adds, shifts, xors), so
it runs eagerly, under `jit` and under `vmap` (e.g. `vmap(lambda k: normal(k, (3,)))(keys)`).
Every sampler follows jax/_src/random/core.py step by step. Keys, split, fold_in, bits,
randint, choice, permutation, bernoulli, categorical and uniform (all float dtypes, with the
mul-add XLA fuses into an fma reproduced exactly) equal JAX's bit for bit. Samplers that go
through transcendental functions differ by the few ulp in which XLA's log/erf and numpy's
round differently; normal (through lax.erf_inv, XLA's polynomial) lands within 3 ulp.

Keys: mlax has no typed key arrays. `PRNGKey(seed)` and `key(seed)` both return JAX's legacy
representation, a uint32 array of shape (2,); `key_data(k)` and `wrap_key_data(d)` return
their argument, and `split(k, n)` gives uint32[n, 2]. Only threefry2x32 is implemented.
mlax's only unsigned type is uint32: `bits` draws uint32 only (pass `dtype=jnp.uint32` under
x64), and 64-bit draws keep their uint64 bits in int64s internally. `gamma` and `loggamma`
follow JAX's rejection loop (draws agree with JAX's where the normals they reject on do). Their
derivative with respect to `a` is not JAX's: JAX substitutes the implicit reparameterization
gradient, mlax has no rule, so reverse mode stops at the sampler's while loop with JAX's
while_loop error, and forward mode differentiates the sampler's own arithmetic. Not implemented: the distributions built
on gamma (beta, dirichlet, chisquare, t...), gumbel(mode="highest"), 16-bit truncated_normal.
"""
from __future__ import annotations

import math
import operator
from collections.abc import Sequence

import numpy as np

from . import dtypes, lax
from . import numpy as jnp
from .array import Array
from .core import Tracer

__all__ = ["PRNGKey", "key", "key_data", "wrap_key_data", "key_impl", "clone", "split",
           "fold_in", "bits", "uniform", "randint", "permutation", "choice", "normal",
           "truncated_normal", "bernoulli", "categorical", "gumbel", "exponential", "laplace",
           "logistic", "cauchy", "rademacher", "lognormal", "gamma", "loggamma"]

_U32 = "uint32"


# ------------------------------------------------------------------------ threefry2x32

def _rotate_left(x, d: int):
    return lax.bitwise_or(lax.shift_left(x, d), lax.shift_right_logical(x, 32 - d))


_ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))


def _threefry2x32(k1, k2, x1, x2):
    """The Threefry-2x32 block cipher (20 rounds) of the counters (x1, x2) under the key
    (k1, k2): JAX's unrolled lowering, round for round. Keys are scalars, counters arrays."""
    shape = x1.shape
    k1, k2 = lax.broadcast(k1, shape), lax.broadcast(k2, shape)
    ks = [k1, k2, lax.bitwise_xor(lax.bitwise_xor(k1, k2), 0x1BD11BDA)]
    x = [lax.add(x1, ks[0]), lax.add(x2, ks[1])]
    for i in range(5):
        for r in _ROTATIONS[i % 2]:
            x0 = lax.add(x[0], x[1])
            x = [x0, lax.bitwise_xor(x0, _rotate_left(x[1], r))]
        x = [lax.add(x[0], ks[(i + 1) % 3]),
             lax.add(lax.add(x[1], ks[(i + 2) % 3]), i + 1)]
    return x[0], x[1]


def _iota_2x32(shape):
    """(hi, lo) uint32 halves of a uint64 iota reshaped to `shape`: the counters of JAX's
    partitionable generator. No array has 2**32 elements, so hi is all zeros."""
    lo = lax.reshape(lax.iota(_U32, math.prod(shape)), shape)
    return lax.full(shape, 0, _U32), lo


def _halves(key):
    return (lax.reshape(lax.slice(key, (0,), (1,)), ()),
            lax.reshape(lax.slice(key, (1,), (2,)), ()))


def _stack_last(a, b):
    return lax.concatenate([lax.expand_dims(a, (a.ndim,)), lax.expand_dims(b, (b.ndim,))],
                           a.ndim)


def _random_bits(key, bit_width: int, shape):
    """uint32 bits of `shape` (int64 for 64 bits): both cipher words xor'ed together, or
    concatenated for 64 bits, as `_threefry_random_bits_partitionable`."""
    b1, b2 = _threefry2x32(*_halves(key), *_iota_2x32(shape))
    if bit_width == 64:     # no uint64 in mlax: the same 64 bits in an int64
        hi, lo = lax.convert_element_type(b1, "int64"), lax.convert_element_type(b2, "int64")
        return lax.bitwise_or(lax.shift_left(hi, 32), lo)
    bits = lax.bitwise_xor(b1, b2)
    # JAX narrows to uint8/uint16 by truncation; mlax keeps the low bits in a uint32
    return bits if bit_width == 32 else lax.bitwise_and(bits, (1 << bit_width) - 1)


def _split(key, num=2):
    shape = tuple(num) if isinstance(num, Sequence) else (num,)
    shape = _shape(shape, "split")
    return _stack_last(*_threefry2x32(*_halves(key), *_iota_2x32(shape)))


# ---------------------------------------------------------------------------- checks

def _is_arraylike(x) -> bool:
    return isinstance(x, (Array, Tracer, np.ndarray, np.generic))


def _check_key(name: str, key, allow_batched: bool = False):
    """The uint32[..., 2] array of a key, or JAX's errors for anything else."""
    if not _is_arraylike(key):
        raise TypeError(f"unexpected PRNG key type {type(key)}")
    key = lax.to_array(key)
    if key.aval.dtype != _U32 or key.shape[-1:] != (2,):
        raise TypeError(f"{name}: a PRNG key is a uint32 array with last dimension 2 (from "
                        f"PRNGKey, key or split), got {key.aval.str_short()}")
    if not allow_batched and key.ndim != 1:
        raise ValueError(f"{name} accepts a single key, but was given a key array of shape "
                         f"{key.shape} != (2,). Use mlax.vmap for batching.")
    return key


def _shape(shape, name: str) -> tuple:
    if not isinstance(shape, Sequence):
        raise TypeError(f"{name}: shape must be a sequence of integers, got {shape!r}")
    try:
        shape = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError(f"{name}: shape must be a sequence of concrete integers, got "
                        f"{shape!r}") from None
    if any(d < 0 for d in shape):
        raise ValueError(f"{name}: shape must be non-negative, got {shape}")
    return shape


def _check_shape(name: str, shape, *param_shapes):
    if param_shapes:
        try:
            out = np.broadcast_shapes(shape, *param_shapes)
        except ValueError:
            out = "an error"
        if out != tuple(shape):
            raise ValueError(f"{name} parameter shapes must be broadcast-compatible with shape "
                             f"argument, and the result of broadcasting the shapes must equal "
                             f"the shape argument, but got result {out} for shape argument "
                             f"{shape}.")


def _float_dtype(name: str, dtype) -> str:
    dtype = dtypes.name_of(float if dtype is None else dtype)
    if dtype not in dtypes.D.FLOATS:
        raise ValueError(f"dtype argument to `{name}` must be a float dtype, got {dtype}")
    return dtype


def _impl(impl):
    if impl not in (None, "threefry2x32"):
        raise ValueError(f"mlax.random implements only 'threefry2x32', got impl={impl!r}")


# ------------------------------------------------------------------------------ keys

def PRNGKey(seed, *, impl=None):
    """A legacy key, uint32[2], from an integer seed (JAX's `threefry_seed`): the seed's
    high and low 32 bits. Python ints become int64 first, then int32 unless x64 is on."""
    _impl(impl)
    if isinstance(seed, int):
        seed = operator.index(seed)
        if not -2 ** 63 <= seed < 2 ** 63:
            raise OverflowError(f"Python int {seed} too large to convert to int64")
        bits = seed % 2 ** 64 if dtypes.config.jax_enable_x64 else seed % 2 ** 32
        return Array(np.array([bits >> 32, bits & 0xFFFFFFFF], np.uint32))
    if not _is_arraylike(seed):
        raise TypeError(f"PRNG key seed must be an integer; got {seed!r}")
    seed = jnp.asarray(seed)
    if seed.ndim:
        raise TypeError(f"PRNGKey accepts a scalar seed, but was given an array of shape "
                        f"{seed.shape} != (). Use mlax.vmap for batching")
    if seed.aval.dtype not in dtypes.D.INTEGERS:
        raise TypeError(f"PRNG key seed must be an integer; got {seed!r}")
    # a 32-bit seed's high word is 0 (XLA shifts by the full width give 0)
    hi = (lax.convert_element_type(lax.shift_right_logical(seed, 32), _U32)
          if seed.aval.dtype == "int64" else lax.full((), 0, _U32))
    return _stack_last(hi, lax.convert_element_type(seed, _U32))


def key(seed, *, impl=None, dtype=None):
    """As `PRNGKey`: mlax has no typed keys, so this is the same uint32[2] array."""
    _impl(impl if dtype is None else dtype)
    return PRNGKey(seed)


def key_data(keys):
    return _check_key("key_data", keys, allow_batched=True)


def wrap_key_data(key_bits_array, *, impl=None, dtype=None):
    _impl(impl if dtype is None else dtype)
    return _check_key("wrap_key_data", key_bits_array, allow_batched=True)


def key_impl(keys) -> str:
    _check_key("key_impl", keys, allow_batched=True)
    return "threefry2x32"


def clone(key):
    return key


def split(key, num=2):
    """`num` (an int or a shape) new keys: uint32[*num, 2]."""
    return _split(_check_key("split", key), num)


def fold_in(key, data):
    """A new key from `key` and 32-bit integer `data`: threefry of the counter (0, data)."""
    key = _check_key("fold_in", key)
    if np.ndim(data):
        raise TypeError("fold_in accepts a scalar, but was given an array of"
                        f"shape {np.shape(data)} != (). Use mlax.vmap for batching.")
    data = jnp.asarray(data, dtype=_U32)
    return _stack_last(*_threefry2x32(*_halves(key), lax.full((), 0, _U32), data))


# ---------------------------------------------------------------------- integer draws

def bits(key, shape=(), dtype=None):
    """Uniform random bits as unsigned integers; uint32 only (mlax's only unsigned type)."""
    key = _check_key("bits", key)
    x64 = dtypes.config.jax_enable_x64
    name = ("uint64" if x64 else _U32) if dtype is None else \
        np.dtype(getattr(dtype, "dtype", dtype)).name
    name = name if x64 or name != "uint64" else _U32            # JAX's x32 canonicalization
    if not np.issubdtype(name, np.unsignedinteger):
        raise ValueError(f"dtype argument to `bits` must be an unsigned int dtype, got {name}")
    if name != _U32:
        raise NotImplementedError(f"mlax.random.bits draws uint32 only (mlax has no {name}); "
                                  "pass dtype=mlax.numpy.uint32")
    return _random_bits(key, 32, _shape(shape, "bits"))


def _clip_convert(val, dtype: str):
    """`val` in integer `dtype`, clipped to its range rather than wrapped."""
    vi, di = np.iinfo(val.aval.dtype), np.iinfo(dtype)
    lo, hi = max(int(di.min), int(vi.min)), min(int(di.max), int(vi.max))
    val = lax.max(lax.min(val, lax.full(val.shape, hi, val.aval.dtype)),
                  lax.full(val.shape, lo, val.aval.dtype))
    return lax.convert_element_type(val, dtype)


def randint(key, shape, minval, maxval, dtype=None):
    """Uniform integers in [minval, maxval): JAX's two full-width draws combined modulo the
    span (slightly biased for spans that are not powers of 2, exactly as JAX is)."""
    key = _check_key("randint", key)
    dtype = dtypes.name_of(int if dtype is None else dtype)
    shape = _shape(shape, "randint")
    if dtype not in dtypes.D.INTEGERS:
        raise TypeError(f"randint only accepts integer dtypes, got {dtype}")
    _check_shape("randint", shape, np.shape(minval), np.shape(maxval))
    minval, maxval = jnp.asarray(minval), jnp.asarray(maxval)
    minval = minval if minval.aval.dtype in dtypes.D.INTEGERS else minval.astype(int)
    maxval = maxval if maxval.aval.dtype in dtypes.D.INTEGERS else maxval.astype(int)
    # maxval beyond dtype's range (randint(k, s, 0, 2**31, int32) under x64) widens the span
    top = _clip_convert(lax.full((), int(np.iinfo(dtype).max), dtype), maxval.aval.dtype)
    out_of_range = jnp.broadcast_to(lax.gt(maxval, lax.broadcast(top, maxval.shape)), shape)
    minval = jnp.broadcast_to(_clip_convert(minval, dtype), shape)
    maxval = jnp.broadcast_to(_clip_convert(maxval, dtype), shape)

    nbits = dtypes.D.BITS[dtype]
    k1, k2 = _halves_keys(_split(key))
    higher_bits, lower_bits = _random_bits(k1, nbits, shape), _random_bits(k2, nbits, shape)
    # the span is unsigned: uint32, or for 64 bits the uint64 bit pattern in an int64
    span = lax.sub(maxval, minval)
    span = lax.convert_element_type(span, _U32) if nbits == 32 else span
    span = lax.select(lax.le(maxval, minval), lax.full(shape, 1, span.aval.dtype), span)
    span = lax.select(lax.bitwise_and(out_of_range, lax.gt(maxval, minval)),
                      lax.add(span, 1), span)     # may wrap to 0: then rem leaves x as is
    rem = _urem32 if nbits == 32 else _urem64
    # (hi * 2**nbits + lo) % span in nbits: multiplier = 2**nbits % span
    multiplier = rem(lax.full(shape, 2 ** (nbits // 2), span.aval.dtype), span)
    multiplier = rem(lax.mul(multiplier, multiplier), span)
    offset = lax.add(lax.mul(rem(higher_bits, span), multiplier), rem(lower_bits, span))
    offset = rem(offset, span)
    return lax.add(minval, lax.convert_element_type(offset, dtype))


def _urem32(x, s):
    """x % s of uint32s, with XLA's x % 0 == x."""
    zero = lax.eq(s, 0)
    return lax.select(zero, x, lax.rem(x, lax.select(zero, lax.full(s.shape, 1, _U32), s)))


def _ult64(a, b):
    """a < b for uint64 bit patterns held in int64s."""
    return lax.lt(lax.bitwise_xor(a, -2 ** 63), lax.bitwise_xor(b, -2 ** 63))


def _urem64(x, s):
    """x % s for uint64 bit patterns held in int64s (mlax has no uint64), x % 0 == x."""
    one = lax.full(s.shape, 1, "int64")
    big = lax.lt(s, 0)                              # s >= 2**63: x < 2 s, subtract once
    r_big = lax.select(_ult64(x, s), x, lax.sub(x, s))
    d = lax.select(lax.bitwise_or(big, lax.eq(s, 0)), one, s)   # 0 < d < 2**63
    low = lax.rem(lax.bitwise_and(x, 2 ** 63 - 1), d)           # x without its top bit
    top = lax.rem(lax.add(lax.rem(lax.full(s.shape, 2 ** 63 - 1, "int64"), d), 1), d)
    t = lax.select(lax.lt(x, 0), lax.add(low, top), low)        # < 2 d, as unsigned
    r_small = lax.select(_ult64(t, d), t, lax.sub(t, d))
    return lax.select(lax.eq(s, 0), x, lax.select(big, r_big, r_small))


def _halves_keys(keys):
    return lax.index_in_dim(keys, 0, 0, False), lax.index_in_dim(keys, 1, 0, False)


def _shuffle(key, x, axis: int):
    """Sort by fresh random 32-bit keys, enough rounds that ties are negligible (JAX's
    heuristic, from tf2xla), with a stable sort as lax.sort_key_val."""
    rounds = int(np.ceil(3 * np.log(max(1, x.size)) / np.log(np.iinfo(np.uint32).max)))
    for _ in range(rounds):
        key, subkey = _halves_keys(_split(key))
        sort_keys = _random_bits(subkey, 32, x.shape)
        x = jnp.take_along_axis(x, lax.argsort(sort_keys, axis, is_stable=True), axis)
    return x


def permutation(key, x, axis=0, independent=False):
    """A shuffled `x` along `axis` (or of arange(x) for an int `x`)."""
    key = _check_key("permutation", key)
    if not np.ndim(x):
        x = jnp.asarray(x)
        if x.aval.dtype not in dtypes.D.INTEGERS:
            raise TypeError("x must be an integer or at least 1-dimensional")
        return _shuffle(key, jnp.arange(int(x)), 0)
    x = jnp.asarray(x)
    axis = _axis(axis, x.ndim)
    if independent or x.ndim == 1:
        return _shuffle(key, x, axis)
    return jnp.take(x, _shuffle(key, jnp.arange(x.shape[axis]), 0), axis)


def _axis(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis % ndim


def _searchsorted_left(sorted_arr, query):
    """jnp.searchsorted(sorted_arr, query) by sorting (JAX's method="sort"): a query's rank
    among queries and entries together (queries first among equals, by a stable sort), less
    its rank among the queries alone, counts the entries below it."""
    rank = lambda x: lax.argsort(lax.argsort(x, 0), 0)       # inverse of the sort permutation
    flat = lax.reshape(query, (query.size,))
    both = rank(lax.concatenate([flat, sorted_arr], 0))
    return lax.reshape(lax.sub(lax.slice(both, (0,), (query.size,)), rank(flat)), query.shape)


def _top_k_indices(x, k: int):
    """lax.top_k's indices along the last axis: largest first, ties by lower index."""
    return lax.slice_in_dim(jnp.argsort(x, axis=-1, descending=True), 0, k, axis=-1)


def choice(key, a, shape=(), replace=True, p=None, axis=0, mode=None):
    """A random sample of `a` (or arange(a)) along `axis`: with replacement by randint,
    without by a permutation, weighted by inverting the cdf (or Gumbel top-k)."""
    key = _check_key("choice", key)
    if not isinstance(shape, Sequence):
        raise TypeError(f"shape argument of jax.random.choice must be a sequence, got {shape}")
    shape = _shape(shape, "choice")
    arr = jnp.asarray(a)
    if arr.ndim == 0:
        if arr.aval.dtype not in dtypes.D.INTEGERS:
            raise TypeError(f"choice: a must be an integer or an array, got {a!r}")
        n_inputs = int(a)
    else:
        axis = _axis(axis, arr.ndim)
        n_inputs = arr.shape[axis]
    n_draws = math.prod(shape)
    if n_draws == 0:
        return jnp.zeros(shape, dtype=arr.dtype)
    if n_inputs <= 0:
        raise ValueError("a must be greater than 0 unless no samples are taken")
    if not replace and n_draws > n_inputs:
        raise ValueError(f"Cannot take a larger sample (size {n_draws}) than population "
                         f"(size {n_inputs}) when 'replace=False'")
    if p is None:
        if replace:
            ind = randint(key, shape, 0, n_inputs)
            result = ind if arr.ndim == 0 else jnp.take(arr, ind, axis)
        else:
            perm = permutation(key, n_inputs if arr.ndim == 0 else arr, axis)
            result = lax.slice_in_dim(perm, 0, n_draws, axis=axis if arr.ndim else 0)
    else:
        p_arr = jnp.asarray(p)
        if p_arr.aval.dtype not in dtypes.D.FLOATS:
            p_arr = p_arr.astype(dtypes.default_float())
        if p_arr.shape != (n_inputs,):
            raise ValueError("p must be None or a 1D vector with the same size as "
                             f"a.shape[axis]. p has shape {p_arr.shape} and a.shape[axis] is "
                             f"{n_inputs}.")
        if replace:
            p_cuml = jnp.cumsum(p_arr)
            r = p_cuml[-1] * (1 - uniform(key, shape, dtype=p_cuml.dtype))
            ind = _searchsorted_left(p_cuml, r).astype(int)
        else:   # Gumbel top-k trick
            g = gumbel(key, (n_inputs,), dtype=p_arr.dtype, mode=mode) + jnp.log(p_arr)
            ind = _top_k_indices(g, n_draws).astype(int)
        result = ind if arr.ndim == 0 else jnp.take(arr, ind, axis)
    return result.reshape(shape if arr.ndim == 0 else
                          arr.shape[0:axis] + tuple(shape) + arr.shape[axis + 1:])


# ------------------------------------------------------------------------ float draws

def _two_sum(a, b):
    """s, e with s = fl(a + b) and s + e == a + b exactly (Knuth)."""
    s = lax.add(a, b)
    bb = lax.sub(s, a)
    return s, lax.add(lax.sub(a, lax.sub(s, bb)), lax.sub(b, bb))


def _two_prod(a, b, dtype):
    """p, e with p = fl(a * b) and p + e == a * b exactly (Dekker, via Veltkamp splits)."""
    factor = float(2 ** ((dtypes.finfo(dtype).nmant + 2) // 2) + 1)

    def split(x):
        c = lax.mul(x, factor)
        hi = lax.sub(c, lax.sub(c, x))
        return hi, lax.sub(x, hi)
    p = lax.mul(a, b)
    (ah, al), (bh, bl) = split(a), split(b)
    e = lax.add(lax.sub(lax.mul(ah, bh), p), lax.mul(ah, bl))
    return p, lax.add(lax.add(e, lax.mul(al, bh)), lax.mul(al, bl))


def _fma(a, b, c, dtype):
    """a * b + c rounded once, as XLA computes the mul-add it fuses (Boldo & Melquiond's
    emulation: exact product and sum, the small parts added with rounding to odd)."""
    int_dtype = {"float32": "int32", "float64": "int64"}[dtype]
    uh, ul = _two_prod(a, b, dtype)
    th, tl = _two_sum(c, uh)
    v, err = _two_sum(tl, ul)
    vb = lax.bitcast_convert_type(v, int_dtype)
    # round to odd: an inexact even v steps one ulp toward the exact sum
    step = lax.select(lax.eq(lax.lt(err, 0.0), lax.lt(v, 0.0)), lax.add(vb, 1), lax.sub(vb, 1))
    inexact_even = lax.bitwise_and(lax.ne(err, 0.0), lax.eq(lax.bitwise_and(vb, 1), 0))
    v = lax.select(inexact_even, lax.bitcast_convert_type(step, dtype), v)
    out = lax.add(th, v)
    # infinities and overflow break the exact transforms; the unfused value is right there
    return lax.select(lax.is_finite(out), out, lax.add(lax.mul(a, b), c))


def _exact_product(minval, maxval, dtype) -> bool:
    """Whether `floats * (maxval - minval)` is exact (a constant power-of-2 span), so the
    mul-add needs no fused rounding."""
    if not all(type(v) in (int, float) for v in (minval, maxval)):
        return False
    npd = dtypes.np_dtype(dtype)
    with np.errstate(all="ignore"):                 # an infinite span is fine too
        span = float(np.array(maxval, npd) - np.array(minval, npd))
    return span == 0 or math.frexp(span)[0] in (0.5, -0.5)


def _uniform(key, shape, dtype: str, minval, maxval):
    """Random mantissa bits under the exponent of 1.0 give a float in [1, 2); minus 1,
    scaled to [minval, maxval) and clamped below (rounding can undershoot minval)."""
    exact = _exact_product(minval, maxval, dtype)
    minval = jnp.broadcast_to(jnp.asarray(minval).astype(dtype), shape)
    maxval = jnp.broadcast_to(jnp.asarray(maxval).astype(dtype), shape)
    info = dtypes.finfo(dtype)
    nbits, nmant = info.bits, info.nmant
    rng_bits = 8 if nmant < 8 else nbits
    bits = _random_bits(key, rng_bits, shape)
    if nbits == 64:         # int64 bits; shift_right_logical ignores the sign
        one = int(np.array(1.0, np.float64).view(np.int64))
        float_bits = lax.bitwise_or(lax.shift_right_logical(bits, 64 - nmant), one)
        floats = lax.sub(lax.bitcast_convert_type(float_bits, dtype), 1.0)
    elif nbits == 32:
        one = int(np.array(1.0, np.float32).view(np.uint32))
        float_bits = lax.bitwise_or(lax.shift_right_logical(bits, 32 - nmant), one)
        floats = lax.sub(lax.bitcast_convert_type(float_bits, dtype), 1.0)
    else:   # 16-bit floats: the mantissa integer times 2**-nmant is exact in any float
        mant = lax.shift_right_logical(bits, rng_bits - nmant)
        floats = lax.convert_element_type(
            lax.mul(lax.convert_element_type(mant, "float32"), 2.0 ** -nmant), dtype)
    span = lax.sub(maxval, minval)
    if exact or nbits < 32:
        scaled = lax.add(lax.mul(floats, span), minval)
    else:                   # XLA fuses this mul-add into one fma
        scaled = _fma(floats, span, minval, dtype)
    return lax.max(minval, scaled)


def uniform(key, shape=(), dtype=None, minval=0., maxval=1.):
    """Uniform floats in [minval, maxval)."""
    key = _check_key("uniform", key)
    return _uniform(key, _shape(shape, "uniform"), _float_dtype("uniform", dtype),
                    minval, maxval)


def _normal(key, shape, dtype):
    npd = dtypes.np_dtype(dtype)
    lo = np.nextafter(np.array(-1., npd), np.array(0., npd))
    u = _uniform(key, shape, dtype, float(lo), 1.)
    return lax.mul(lax.erf_inv(u), float(np.array(np.sqrt(2), npd)))


def normal(key, shape=(), dtype=None):
    """Standard normal floats: sqrt(2) * erf_inv of a uniform in (-1, 1)."""
    key = _check_key("normal", key)
    return _normal(key, _shape(shape, "normal"), _float_dtype("normal", dtype))


def _nextafter(x, up: bool):
    """lax.nextafter(x, +-inf) through the bits: one step away from or toward zero."""
    dtype = x.aval.dtype
    int_dtype = {"float32": "int32", "float64": "int64"}.get(dtype)
    if int_dtype is None:       # the bit trick needs int16, which mlax lacks
        raise NotImplementedError(f"truncated_normal supports float32 and float64, not {dtype}")
    b = lax.bitcast_convert_type(x, int_dtype)
    away = lax.gt(x, 0.0) if up else lax.lt(x, 0.0)
    step = lax.select(away, lax.add(b, 1), lax.sub(b, 1))
    tiny = float(np.nextafter(np.array(0, dtype), np.array(1 if up else -1, dtype)))
    out = lax.select(lax.eq(x, 0.0), lax.full(x.shape, tiny, dtype),
                     lax.bitcast_convert_type(step, dtype))
    at_end = lax.eq(x, float("inf") if up else float("-inf"))
    return lax.select(lax.bitwise_or(lax.ne(x, x), at_end), x, out)


def truncated_normal(key, lower, upper, shape=None, dtype=None):
    """Normal floats in the open interval (lower, upper), by inverting the cdf."""
    key = _check_key("truncated_normal", key)
    dtype = _float_dtype("truncated_normal", dtype)
    if shape is None:
        shape = np.broadcast_shapes(np.shape(lower), np.shape(upper))
    else:
        shape = _shape(shape, "truncated_normal")
        _check_shape("truncated_normal", shape, np.shape(lower), np.shape(upper))
    sqrt2 = float(np.array(np.sqrt(2), dtypes.np_dtype(dtype)))
    lower = lax.convert_element_type(jnp.asarray(lower), dtype)
    upper = lax.convert_element_type(jnp.asarray(upper), dtype)
    a = lax.erf(lax.div(lower, sqrt2))
    b = lax.erf(lax.div(upper, sqrt2))
    u = _uniform(key, shape, dtype, a, b)
    out = lax.mul(lax.erf_inv(u), sqrt2)
    return jnp.clip(out, _nextafter(lax.stop_gradient(lower), True),
                    _nextafter(lax.stop_gradient(upper), False))


def bernoulli(key, p=0.5, shape=None, mode="low"):
    """Booleans that are True with probability p."""
    key = _check_key("bernoulli", key)
    if mode not in ("high", "low"):
        raise ValueError(f"got mode={mode!r}, expected 'high' or 'low'")
    p = jnp.asarray(p)
    dtype = p.aval.dtype
    if dtype not in dtypes.D.FLOATS:
        raise TypeError(f"bernoulli probability `p` must have a floating dtype, got {dtype}.")
    if shape is None:
        shape = p.shape
    else:
        shape = _shape(shape, "bernoulli")
        _check_shape("bernoulli", shape, p.shape)
    if mode == "high":
        u = _uniform(key, (2, *shape), dtype, 0., 1.)
        u1, u2 = u[0], u[1] * 2.0 ** -dtypes.finfo(dtype).nmant
        return u2 < p - u1
    return _uniform(key, shape, dtype, 0., 1.) < p


def gumbel(key, shape=(), dtype=None, mode=None):
    """Gumbel floats: -log(-log(u)); mode "high" spends twice the bits on small u."""
    key = _check_key("gumbel", key)
    dtype = _float_dtype("gumbel", dtype)
    shape = _shape(shape, "gumbel")
    mode = "low" if mode is None else mode
    if mode not in ("highest", "high", "low"):
        raise ValueError(f"Must provide valid mode for gumbel got: {mode}")
    info = dtypes.finfo(dtype)
    if mode == "highest" and dtype == "float32":
        raise NotImplementedError("gumbel mode='highest' needs lax.clz, which mlax lacks")
    if mode in ("high", "highest"):
        u = _uniform(key, (2, *shape), dtype, 0., 1.)
        high, low = u[0], u[1]
        x = jnp.where(high >= 0.5, high, high + 2.0 ** -info.nmant * low + info.tiny)
        return -jnp.log(-jnp.log1p(-x))
    return -jnp.log(-jnp.log(_uniform(key, shape, dtype, float(info.tiny), 1.)))


def categorical(key, logits, axis=-1, shape=None, replace=True, mode=None):
    """Indices drawn with probabilities softmax(logits, axis): the Gumbel-max trick (top-k
    of the perturbed logits without replacement)."""
    key = _check_key("categorical", key)
    logits = jnp.asarray(logits)
    axis = operator.index(axis)
    batch_shape = tuple(np.delete(logits.shape, axis))
    if shape is None:
        shape = batch_shape
    else:
        shape = _shape(shape, "categorical")
        _check_shape("categorical", shape, batch_shape)
    prefix = shape[:len(shape) - len(batch_shape)]
    if replace:
        if axis >= 0:
            axis -= logits.ndim
        logits_shape = list(shape[len(shape) - len(batch_shape):])
        logits_shape.insert(axis % logits.ndim, logits.shape[axis])
        g = gumbel(key, (*prefix, *logits_shape), logits.dtype, mode=mode)
        return jnp.argmax(g + lax.expand_dims(logits, tuple(range(len(prefix)))), axis=axis)
    logits = logits + gumbel(key, logits.shape, logits.dtype, mode=mode)
    k = math.prod(prefix)
    if k > logits.shape[axis]:
        raise ValueError(f"Number of samples without replacement ({k}) cannot exceed number "
                         f"of categories ({logits.shape[axis]}).")
    indices = _top_k_indices(jnp.moveaxis(logits, axis, -1), k)
    return lax.reshape(indices, shape, (indices.ndim - 1, *range(indices.ndim - 1)))


def exponential(key, shape=(), dtype=None):
    key = _check_key("exponential", key)
    u = uniform(key, shape, _float_dtype("exponential", dtype))
    return lax.neg(lax.log1p(lax.neg(u)))       # log of 1 - u in (0, 1]


def laplace(key, shape=(), dtype=None):
    key = _check_key("laplace", key)
    dtype = _float_dtype("laplace", dtype)
    u = uniform(key, shape, dtype, -1. + float(dtypes.finfo(dtype).epsneg), 1.)
    return lax.mul(lax.sign(u), lax.log1p(lax.neg(lax.abs(u))))


def logistic(key, shape=(), dtype=None):
    key = _check_key("logistic", key)
    dtype = _float_dtype("logistic", dtype)
    x = uniform(key, shape, dtype, float(dtypes.finfo(dtype).tiny), 1.)
    return lax.sub(lax.log(x), lax.log1p(lax.neg(x)))


def cauchy(key, shape=(), dtype=None):
    key = _check_key("cauchy", key)
    dtype = _float_dtype("cauchy", dtype)
    u = uniform(key, shape, dtype, float(dtypes.finfo(dtype).eps), 1.)
    return lax.tan(lax.mul(lax.sub(u, 0.5), float(np.array(np.pi, dtypes.np_dtype(dtype)))))


def rademacher(key, shape=(), dtype=None):
    """-1 or 1 with equal probability."""
    key = _check_key("rademacher", key)
    dtype = dtypes.name_of(int if dtype is None else dtype)
    b = bernoulli(key, 0.5, _shape(shape, "rademacher")).astype(dtype)
    return (2 * b - 1).astype(dtype)


def lognormal(key, sigma=np.float32(1), shape=None, dtype=None):
    key = _check_key("lognormal", key)
    dtype = _float_dtype("lognormal", dtype)
    shape = np.shape(sigma) if shape is None else _shape(shape, "lognormal")
    _check_shape("lognormal", shape, np.shape(sigma))
    sigma = lax.convert_element_type(jnp.asarray(sigma), dtype)
    return lax.exp(normal(key, shape, dtype) * sigma)


# ------------------------------------------------------------------------------ gamma

def _gamma_one(key, alpha, log_space: bool):
    """One Gamma(alpha) sample: Marsaglia and Tsang's rejection method, as JAX's _gamma_one
    writes it (alpha < 1 boosted to alpha + 1, then scaled by a uniform's 1/alpha power)."""
    from .control_flow import while_loop
    dtype = alpha.dtype

    def c(v):
        return lax.convert_element_type(v, dtype)
    zero, one = c(0), c(1)
    boost_mask = lax.ge(alpha, one)
    alpha_orig = alpha
    alpha = lax.select(boost_mask, alpha, lax.add(alpha, one))
    d = lax.sub(alpha, c(1. / 3.))
    cc = lax.div(c(1. / 3.), lax.sqrt(d))

    def cond_fn(kxvu):
        _, x, v, u = kxvu
        squeeze = lax.ge(u, lax.sub(one, lax.mul(c(0.0331), lax.mul(x, x))))
        accept_log = lax.ge(lax.log(u), lax.add(lax.mul(x, c(0.5)),
                                                lax.mul(d, lax.add(lax.sub(one, v), lax.log(v)))))
        return lax.bitwise_and(squeeze, accept_log)

    def body_fn(kxvu):
        def next_kxv(kxv):
            k, sub = _split(kxv[0])
            x = _normal(sub, (), dtype)
            return k, x, lax.add(one, lax.mul(x, cc))
        k, x_key, u_key = _split(kxvu[0], 3)
        _, x, v = while_loop(lambda kxv: lax.le(kxv[2], zero), next_kxv, (x_key, zero, c(-1)))
        return k, lax.mul(x, x), lax.mul(lax.mul(v, v), v), _uniform(u_key, (), dtype, 0., 1.)

    key, subkey = _split(key)
    _, _, v, _ = while_loop(cond_fn, body_fn, (key, zero, one, c(2)))
    if log_space:
        log_samples = lax.neg(lax.log1p(lax.neg(_uniform(subkey, (), dtype, 0., 1.))))
        log_samples = lax.neg(log_samples)
        skip = lax.bitwise_or(boost_mask, lax.eq(log_samples, zero))
        log_boost = lax.select(skip, zero, lax.mul(log_samples, lax.div(one, alpha_orig)))
        return lax.add(lax.add(lax.log(d), lax.log(v)), log_boost)
    samples = lax.sub(one, _uniform(subkey, (), dtype, 0., 1.))
    boost = lax.select(boost_mask, one, lax.pow(samples, lax.div(one, alpha_orig)))
    return lax.mul(lax.mul(d, v), boost)


def _gamma_samples(key, a, log_space: bool):
    from .control_flow import map as lax_map
    keys = _split(key, a.size)                      # one key per sample, as JAX splits them
    flat = lax_map(lambda ka: _gamma_one(ka[0], ka[1], log_space), (keys, jnp.reshape(a, (-1,))))
    return jnp.reshape(flat, a.shape)


def _gamma_sampler(log_space: bool):
    from .jit import jit
    return jit(lambda key, a: _gamma_samples(key, a, log_space))   # eager: compiled once


def _gamma(name, key, a, shape, dtype, log_space):
    key = _check_key(name, key)
    dtype = _float_dtype(name, dtype)
    a = jnp.asarray(a)
    shape = a.shape if shape is None else _shape(shape, name)
    _check_shape(name, shape, a.shape)
    a = jnp.broadcast_to(lax.convert_element_type(a, dtype), shape)
    if log_space not in _GAMMA:
        _GAMMA[log_space] = _gamma_sampler(log_space)
    return _GAMMA[log_space](key, a)


_GAMMA: dict = {}


def gamma(key, a, shape=None, dtype=None):
    """Gamma(a) samples with JAX's numbers (Marsaglia and Tsang, one key per sample)."""
    return _gamma("gamma", key, a, shape, dtype, log_space=False)


def loggamma(key, a, shape=None, dtype=None):
    """log of Gamma(a) samples, computed in log space (accurate for small a), as JAX's."""
    return _gamma("loggamma", key, a, shape, dtype, log_space=True)
