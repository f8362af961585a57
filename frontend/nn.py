"""`mlax.nn`: activations and the usual numerically stable helpers, as in jax.nn."""
from __future__ import annotations

import numpy as np

from . import dtypes, lax
from . import numpy as jnp
from .numpy._base import canonical_axes, promote_to_inexact


def relu(x):
    x = jnp.asarray(x)
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
    return jnp.logaddexp(x, 0.0)


def silu(x):
    (x,) = promote_to_inexact(x)
    return x * lax.logistic(x)


swish = silu


def gelu(x, approximate: bool = True):
    (x,) = promote_to_inexact(x)
    if approximate:
        c = float(np.sqrt(2 / np.pi))
        return x * 0.5 * (1.0 + jnp.tanh(c * (x + 0.044715 * x ** 3)))
    return x * 0.5 * (1.0 + lax.erf(x * float(1 / np.sqrt(2))))


def elu(x, alpha=1.0):
    (x,) = promote_to_inexact(x)
    return jnp.where(x > 0, x, alpha * jnp.expm1(jnp.where(x > 0, 0.0, x)))


def leaky_relu(x, negative_slope=0.01):
    (x,) = promote_to_inexact(x)
    return jnp.where(x >= 0, x, negative_slope * x)


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """log(sum(b * exp(a))) over `axis`, shifted by the maximum for stability."""
    (a,) = promote_to_inexact(a)
    axes = canonical_axes(axis, a.ndim)
    amax = lax.stop_gradient(jnp.max(a, axis=axes, keepdims=True))
    amax = jnp.where(jnp.isfinite(amax), amax, 0.0)
    e = jnp.exp(a - amax)
    if b is not None:
        e = e * b
    s = jnp.sum(e, axis=axes, keepdims=True)
    sign = jnp.sign(s)
    out = jnp.log(jnp.abs(s)) + amax
    if not keepdims:
        out = jnp.squeeze(out, axes)
        sign = jnp.squeeze(sign, axes)
    return (out, sign) if return_sign else out


def softmax(x, axis=-1, where=None):
    (x,) = promote_to_inexact(x)
    unnormalized = jnp.exp(x - lax.stop_gradient(jnp.max(x, axis, keepdims=True)))
    if where is not None:
        unnormalized = jnp.where(where, unnormalized, 0.0)
    return unnormalized / jnp.sum(unnormalized, axis, keepdims=True)


def log_softmax(x, axis=-1, where=None):
    (x,) = promote_to_inexact(x)
    shifted = x - lax.stop_gradient(jnp.max(x, axis, keepdims=True))
    exp = jnp.exp(shifted)
    if where is not None:
        exp = jnp.where(where, exp, 0.0)
    return shifted - jnp.log(jnp.sum(exp, axis, keepdims=True))


def one_hot(x, num_classes: int, *, dtype=None, axis=-1):
    """one_hot(x, n)[..., i] = (x == i); out-of-range and negative entries give zeros."""
    x = jnp.asarray(x)
    out_ndim = x.ndim + 1
    ax = axis % out_ndim
    shape = x.shape[:ax] + (num_classes,) + x.shape[ax:]
    classes = lax.broadcasted_iota(x.aval.dtype if x.aval.dtype != "bool" else "int32",
                                   shape, ax)
    expanded = lax.broadcast_in_dim(x, shape, tuple(d for d in range(out_ndim) if d != ax))
    return lax.convert_element_type(lax.eq(expanded, classes),
                                    dtypes.default_float() if dtype is None else dtype)


def standardize(x, axis=-1, mean=None, variance=None, epsilon=1e-5):
    (x,) = promote_to_inexact(x)
    mean = jnp.mean(x, axis, keepdims=True) if mean is None else mean
    variance = jnp.var(x, axis, keepdims=True) if variance is None else variance
    return (x - mean) * lax.rsqrt(variance + epsilon)
