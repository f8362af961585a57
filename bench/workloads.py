"""The workloads B1-B7, each written once against a framework's API (see frameworks.py).

A workload makes its inputs as numpy arrays from a seeded generator (so every framework gets
the same numbers), and `build(fw, *inputs)` returns a zero-argument callable, the thing timed.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

F32 = np.float32


@dataclass(frozen=True)
class Workload:
    id: str
    title: str
    inputs: Callable  # numpy Generator -> tuple of numpy arrays (or nests of them)
    build: Callable  # (framework, *inputs converted by fw.np.asarray) -> thunk
    frameworks: tuple = ("mlax", "jax")
    tol: tuple | None = (1e-4, 1e-6)  # (rtol, atol) against the reference; None: no check


def normal(rng, *shape):
    return rng.standard_normal(shape, dtype=F32)


# B1: one fusible elementwise chain and a reduction.
def chain(fw, x):
    jnp = fw.np
    f = fw.jit(lambda x: jnp.sum(jnp.sin(x) * jnp.exp(-x * x) + jnp.tanh(x)))
    return lambda: f(x)


# B2: row softmax, max-subtracted for stability.
def softmax(fw, x):
    jnp = fw.np

    def f(x):
        e = jnp.exp(x - jnp.max(x, axis=1, keepdims=True))
        return e / jnp.sum(e, axis=1, keepdims=True)

    f = fw.jit(f)
    return lambda: f(x)


# B3 and B7: an MLP's mean softmax cross-entropy. Labels come one-hot so that the loss needs
# no integer indexing; subtracting the row max leaves the gradient unchanged.
MLP_SIZES = (784, 512, 512, 10)


def mlp_inputs(rng, batch=256):
    params = [(normal(rng, m, n) / F32(np.sqrt(m)), F32(0.1) * normal(rng, n))
              for m, n in zip(MLP_SIZES[:-1], MLP_SIZES[1:])]
    x = normal(rng, batch, MLP_SIZES[0])
    y = np.eye(MLP_SIZES[-1], dtype=F32)[rng.integers(0, MLP_SIZES[-1], batch)]
    return params, x, y


def mlp_loss(jnp, params, x, y):
    h = x
    for w, b in params[:-1]:
        h = jnp.tanh(h @ w + b)
    w, b = params[-1]
    logits = h @ w + b
    logits = logits - jnp.max(logits, axis=1, keepdims=True)
    logp = logits - jnp.log(jnp.sum(jnp.exp(logits), axis=1, keepdims=True))
    return -jnp.mean(jnp.sum(logp * y, axis=1))


def mlp_grad(fw, params, x, y):
    g = fw.jit(fw.grad(lambda p, x, y: mlp_loss(fw.np, p, x, y)))
    return lambda: g(params, x, y)


def mlp_compile(fw, params, x, y):
    def thunk():
        # A new function object each time: no trace or compilation cache can answer.
        g = fw.grad(lambda p, x, y: mlp_loss(fw.np, p, x, y))
        return fw.jit(g).lower(params, x, y).compile()
    return thunk


# B4: per-example gradients of a linear model's squared error.
def per_example_grads(fw, p, x, y):
    def loss(p, x, y):
        return (p[0] * x + p[1] - y) ** 2

    g = fw.jit(fw.vmap(fw.grad(loss), in_axes=(None, 0, 0)))
    return lambda: g(p, x, y)


# B5: a long sequential loop, where per-step overhead dominates.
def rnn_scan(fw, h0, xs):
    jnp = fw.np

    def step(h, x):
        h = jnp.tanh(0.5 * h + x)
        return h, h

    f = fw.jit(lambda h0, xs: fw.lax.scan(step, h0, xs))
    return lambda: f(h0, xs)


# B6: fixed costs on a scalar: a cached jitted call, and one eager op.
def jit_call(fw, x):
    f = fw.jit(lambda x: x + 1)
    return lambda: f(x)


def eager_op(fw, x):
    return lambda: x + 1


def scalar(rng):
    return (np.asarray(rng.standard_normal(), F32),)


WORKLOADS = [
    Workload("B1", "fused chain, 2^22 f32", lambda r: (normal(r, 2**22),), chain,
             ("mlax", "jax", "numpy"), tol=(1e-3, 1e-6)),  # float32 sums of 4M terms
    Workload("B2", "row softmax 2048x2048", lambda r: (normal(r, 2048, 2048),), softmax,
             ("mlax", "jax", "numpy")),
    Workload("B3", "MLP jit(grad), batch 256", mlp_inputs, mlp_grad, tol=(1e-3, 1e-6)),
    Workload("B4", "vmap(grad) linear, 2^20", lambda r: (normal(r, 2), normal(r, 2**20),
                                                         normal(r, 2**20)), per_example_grads),
    Workload("B5", "scan 1000 steps x 64", lambda r: (np.zeros(64, F32), normal(r, 1000, 64)),
             rnn_scan),
    Workload("B6a", "jitted x+1 call (cached)", scalar, jit_call),
    Workload("B6b", "eager x+1", scalar, eager_op, ("mlax", "jax", "numpy")),
    Workload("B7", "trace+compile B3 grad", mlp_inputs, mlp_compile, tol=None),
]
