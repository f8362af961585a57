"""`mlax.nn`: activations and the usual numerically stable helpers, as in jax.nn (same
formulas, so the same result types: weak or strong, float or int)."""
from __future__ import annotations

import numpy as np

from . import dtypes, lax
from . import numpy as jnp
from .numpy._base import canonical_axes, canonical_axis, promote_to_inexact, with_weak


def relu(x):
    return jnp.maximum(x, 0)


def relu6(x):
    return jnp.minimum(jnp.maximum(x, 0), 6.0)


def sigmoid(x):
    (x,) = promote_to_inexact(x)
    return lax.logistic(x)


def log_sigmoid(x):
    return -softplus(-jnp.asarray(x))


def softplus(x):
    """log(1 + exp(x)), stable for large |x|."""
    return jnp.logaddexp(x, 0)             # an int 0: int inputs give a strong float


def silu(x):
    (x,) = promote_to_inexact(x)
    return x * lax.logistic(x)


swish = silu


def gelu(x, approximate: bool = True):
    (x,) = promote_to_inexact(x)
    # jax.nn's constants are numpy scalars of x's dtype: the result is strong
    const = lambda v: jnp.asarray(v, x.dtype)                   # noqa: E731
    if approximate:
        inner = const(np.sqrt(2 / np.pi)) * (x + 0.044715 * x ** 3)
        return x * (0.5 * (1.0 + jnp.tanh(inner)))
    return with_weak(0.5 * x * (1.0 + lax.erf(x * const(np.sqrt(0.5)))), False)


def elu(x, alpha=1.0):
    x = jnp.asarray(x)
    return jnp.where(x > 0, x, alpha * jnp.expm1(jnp.where(x > 0, 0.0, x)))


def leaky_relu(x, negative_slope=0.01):
    x = jnp.asarray(x)
    return jnp.where(x >= 0, x, negative_slope * x)


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """log(sum(b * exp(a))) over `axis`, shifted by the maximum for stability; a negative
    sum gives NaN unless return_sign."""
    a, *bs = promote_to_inexact(a, *([] if b is None else [b]))
    axes = canonical_axes(axis, a.ndim)
    amax = lax.stop_gradient(jnp.max(a, axis=axes, keepdims=True, initial=-np.inf))
    amax = jnp.where(jnp.isfinite(amax), amax, 0.0)
    e = jnp.exp(a - amax)
    if bs:
        e = e * bs[0]
    s = jnp.sum(e, axis=axes, keepdims=keepdims)
    sign = jnp.sign(s)
    out = jnp.log(jnp.abs(s)) + (amax if keepdims else jnp.squeeze(amax, axes))
    if return_sign:
        return out, sign
    return jnp.where(sign < 0, np.nan, out) if bs else out


def softmax(x, axis=-1, where=None):
    (x,) = promote_to_inexact(x)
    x_max = jnp.max(x, axis, keepdims=True, where=where, initial=-np.inf)
    safe = x if where is None else jnp.where(where, x, -np.inf)
    unnormalized = jnp.exp(safe - lax.stop_gradient(x_max))
    out = unnormalized / jnp.sum(unnormalized, axis, keepdims=True, where=where)
    return out if where is None else jnp.where(where, out, 0)


def log_softmax(x, axis=-1, where=None):
    (x,) = promote_to_inexact(x)
    x_max = jnp.max(x, axis, keepdims=True, where=where, initial=-np.inf)
    safe = x if where is None else jnp.where(where, x, -np.inf)
    shifted = safe - lax.stop_gradient(x_max)
    out = shifted - jnp.log(jnp.sum(jnp.exp(shifted), axis, keepdims=True, where=where))
    return out if where is None else jnp.where(where, out, -np.inf)


def one_hot(x, num_classes: int, *, dtype=None, axis=-1):
    """one_hot(x, n)[..., i] = (x == i); out-of-range and negative entries give zeros."""
    x = jnp.asarray(x)
    x = x.astype(dtypes.default_int()) if x.aval.dtype == "bool" else x
    out_ndim = x.ndim + 1
    ax = canonical_axis(axis, out_ndim)
    shape = x.shape[:ax] + (num_classes,) + x.shape[ax:]
    classes = lax.broadcasted_iota(x.aval.dtype, shape, ax)
    expanded = lax.broadcast_in_dim(x, shape, tuple(d for d in range(out_ndim) if d != ax))
    return lax.convert_element_type(lax.eq(expanded, classes),
                                    dtypes.default_float() if dtype is None else dtype)


def standardize(x, axis=-1, mean=None, variance=None, epsilon=1e-5):
    (x,) = promote_to_inexact(x)
    mean = jnp.mean(x, axis, keepdims=True) if mean is None else mean
    variance = jnp.var(x, axis, keepdims=True) if variance is None else variance
    return (x - mean) * lax.rsqrt(variance + epsilon)
