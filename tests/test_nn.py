"""mlax.nn against jax.nn: each case runs eagerly and under mlax.jit, and JAX's result is the
oracle for shape, dtype, weak type and value (see test_numpy.check)."""
import jax
import numpy as np
import pytest

import mlax
from test_numpy import BF16, F, check, ids, rand, raises, sample

NN = (mlax.nn, jax.nn, None)

# values where naive formulas overflow, underflow or lose the sign
EXTREME = np.array([-100.0, -20.0, -1e-3, 0.0, 1e-3, 20.0, 100.0, -np.inf, np.inf],
                   np.float32)

ACTIVATIONS = [
    ("relu", lambda nn, x: nn.relu(x)),
    ("relu6", lambda nn, x: nn.relu6(x)),
    ("sigmoid", lambda nn, x: nn.sigmoid(x)),
    ("log_sigmoid", lambda nn, x: nn.log_sigmoid(x)),
    ("softplus", lambda nn, x: nn.softplus(x)),
    ("silu", lambda nn, x: nn.silu(x)),
    ("swish", lambda nn, x: nn.swish(x)),
    ("gelu", lambda nn, x: nn.gelu(x)),
    ("gelu approximate", lambda nn, x: nn.gelu(x, approximate=True)),
    ("gelu exact", lambda nn, x: nn.gelu(x, approximate=False)),
    ("elu", lambda nn, x: nn.elu(x)),
    ("elu alpha", lambda nn, x: nn.elu(x, alpha=0.5)),
    ("leaky_relu", lambda nn, x: nn.leaky_relu(x)),
    ("leaky_relu slope", lambda nn, x: nn.leaky_relu(x, negative_slope=0.2)),
]


def _tol(dtype):
    return {"float16": 5e-3, "bfloat16": 3e-2}.get(np.dtype(dtype).name, 2e-6)


@pytest.mark.parametrize("dtype", [F, "float16", "bfloat16"])
@pytest.mark.parametrize("case", ACTIVATIONS, ids=ids(ACTIVATIONS))
def test_activations(case, dtype):
    name, f = case
    x = rand((3, 4), dtype) * 3
    tol = _tol(x.dtype)
    check(f, x, libs=NN, rtol=tol, atol=tol, jit=dtype == F or sample(name, dtype))
    check(f, rand((), dtype), libs=NN, rtol=tol, atol=tol, jit=False)
    check(f, rand((0, 2), dtype), libs=NN, jit=False)


@pytest.mark.parametrize("case", ACTIVATIONS, ids=ids(ACTIVATIONS))
def test_activations_extremes(case):
    check(case[1], EXTREME, libs=NN, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", ACTIVATIONS, ids=ids(ACTIVATIONS))
def test_activations_ints_and_scalars(case):
    name, f = case
    try:
        jax_ok = f(jax.nn, np.arange(-2, 3, dtype=np.int32)) is not None
    except TypeError:
        jax_ok = False                  # e.g. jax.nn.sigmoid: lax.logistic takes floats only
    if jax_ok:
        check(f, np.arange(-3, 4, dtype=np.int32), libs=NN, rtol=1e-6, atol=1e-6, jit=False)
    check(f, 1.5, libs=NN, rtol=1e-6, atol=1e-6, jit=False)        # weakly typed


LOGSUMEXP = [
    ("all", lambda nn, x: nn.logsumexp(x)),
    ("axis", lambda nn, x: nn.logsumexp(x, axis=1)),
    ("neg axis keepdims", lambda nn, x: nn.logsumexp(x, axis=-1, keepdims=True)),
    ("axes", lambda nn, x: nn.logsumexp(x, axis=(0, 2))),
    ("b", lambda nn, x: nn.logsumexp(x, axis=0, b=2.0)),
    ("b array", lambda nn, x: nn.logsumexp(x, axis=2, b=np.linspace(0.5, 1.5, 4, dtype=F))),
    ("return_sign", lambda nn, x: nn.logsumexp(x, axis=1, b=np.asarray(x) * 0 - 1,
                                               return_sign=True)),
]


@pytest.mark.parametrize("dtype", [F, "bfloat16"])
@pytest.mark.parametrize("case", LOGSUMEXP, ids=ids(LOGSUMEXP))
def test_logsumexp(case, dtype):
    x = rand((2, 3, 4), dtype) * 10
    tol = _tol(x.dtype)
    check(case[1], x, libs=NN, rtol=tol, atol=tol, jit=dtype == F)


def test_logsumexp_extremes():
    x = np.array([[1000.0, 1000.0], [-np.inf, -np.inf], [-np.inf, 0.0], [np.inf, 1.0],
                  [np.nan, 1.0], [-1000.0, -1001.0]], np.float32)
    check(lambda nn, x: nn.logsumexp(x, axis=1), x, libs=NN)
    check(lambda nn, x: (nn.softmax(x), nn.log_softmax(x)), x[[0, 2, 5]], libs=NN)
    check(lambda nn, x: nn.logsumexp(x), np.zeros((0,), np.float32), libs=NN)


SOFTMAX = [
    ("softmax", lambda nn, x: nn.softmax(x)),
    ("softmax axis", lambda nn, x: nn.softmax(x, axis=0)),
    ("softmax axes", lambda nn, x: nn.softmax(x, axis=(0, 1))),
    ("softmax where", lambda nn, x: nn.softmax(x, where=np.arange(12).reshape(3, 4) % 3 != 0)),
    ("log_softmax", lambda nn, x: nn.log_softmax(x)),
    ("log_softmax axis", lambda nn, x: nn.log_softmax(x, axis=0)),
    ("log_softmax axes", lambda nn, x: nn.log_softmax(x, axis=(-1, -2))),
    ("standardize", lambda nn, x: nn.standardize(x)),
    ("standardize axis", lambda nn, x: nn.standardize(x, axis=0, epsilon=1e-3)),
]


@pytest.mark.parametrize("dtype", [F, "float16", "bfloat16"])
@pytest.mark.parametrize("case", SOFTMAX, ids=ids(SOFTMAX))
def test_softmax(case, dtype):
    x = rand((3, 4), dtype) * 5
    tol = _tol(x.dtype)
    check(case[1], x, libs=NN, rtol=tol, atol=tol, jit=dtype == F)


def test_softmax_ints_and_large():
    check(lambda nn, x: (nn.softmax(x), nn.log_softmax(x)), np.arange(6, dtype=np.int32),
          libs=NN, rtol=1e-6, atol=1e-7)
    big = np.array([1e4, 1e4 + 1, -1e4], np.float32)
    check(lambda nn, x: (nn.softmax(x), nn.log_softmax(x)), big, libs=NN)


ONE_HOT = [
    ("basic", lambda nn, x: nn.one_hot(x, 5)),
    ("dtype", lambda nn, x: nn.one_hot(x, 4, dtype=np.int32)),
    ("bf16", lambda nn, x: nn.one_hot(x, 4, dtype=BF16)),
    ("bool", lambda nn, x: nn.one_hot(x, 3, dtype=np.bool_)),
    ("axis 0", lambda nn, x: nn.one_hot(x, 5, axis=0)),
    ("axis mid", lambda nn, x: nn.one_hot(x, 5, axis=1)),
    ("axis neg", lambda nn, x: nn.one_hot(x, 5, axis=-2)),
]


@pytest.mark.parametrize("case", ONE_HOT, ids=ids(ONE_HOT))
def test_one_hot(case):
    # out-of-range and negative classes give all-zero rows, as in jax.nn.one_hot
    x = np.array([[0, 2, 4], [-1, 5, 1]], np.int32)
    check(case[1], x, libs=NN)
    check(case[1], x[0, 1], libs=NN, jit=False)                     # 0-d
    check(case[1], np.zeros((0,), np.int32), libs=NN, jit=False)


def test_one_hot_float_and_traced_labels():
    check(lambda nn, x: nn.one_hot(x, 3), np.array([0.0, 2.0, 1.5], np.float32), libs=NN)
    check(lambda nn, x: nn.one_hot(x, 3), 2, libs=NN)


def test_errors():
    raises((ValueError, TypeError), lambda x: mlax.nn.softmax(x, axis=2), mlax.numpy.ones((2, 3)))
    raises((ValueError, TypeError), lambda x: mlax.nn.logsumexp(x, axis=(0, 0)),
           mlax.numpy.ones((2, 3)))
    raises((ValueError, TypeError), lambda x: mlax.nn.one_hot(x, 3, axis=3),
           mlax.numpy.zeros(2, mlax.numpy.int32))
