"""Float sums stay within numpy's pairwise error bound on every CPU path (native code and
the numpy kernels), whatever the axes: a running sum of n terms would err by n ulp."""
import numpy as np
import pytest

import mlax
import mlax.numpy as jnp

N = 2 ** 24


@pytest.fixture(params=[True, False], ids=["native", "numpy"])
def native(request):
    mlax.config.update("mlax_native_cpu", request.param)
    yield request.param
    mlax.config.update("mlax_native_cpu", True)


def _close(got, exact, scale, rtol=1e-6):
    assert abs(float(got) - exact) <= rtol * scale, (float(got), exact)


def test_mean_of_exp_of_ones(native):
    _close(mlax.jit(lambda x: jnp.mean(jnp.exp(x)))(np.ones(N, np.float32)), np.e, np.e)


def test_sum_of_constants(native):
    x = np.ones(N, np.float32)
    _close(mlax.jit(lambda x: jnp.sum(x * 2 + 1))(x), 3.0 * N, 3.0 * N, rtol=0)
    y = np.full(N + 77, 0.1, np.float32)                   # a tail that fills no block
    exact = (N + 77) * np.float64(np.float32(0.1))
    _close(mlax.jit(lambda x: jnp.sum(x * 1.0))(y), exact, exact)


def test_sum_of_random_data(native):
    x = np.random.default_rng(1).standard_normal(N).astype(np.float32)
    exact = np.sum(x.astype(np.float64))
    _close(mlax.jit(lambda x: jnp.sum(x + 0.0))(x), exact, np.abs(x).astype(np.float64).sum())


@pytest.mark.parametrize("f", [lambda x: jnp.sum(x, axis=0), lambda x: jnp.sum(x * 1.0, axis=0)],
                         ids=["one-op", "fused"])
def test_sum_down_a_tall_array(native, f):
    x = np.full((2 ** 20 + 3, 4), 0.1, np.float32)
    exact = x.shape[0] * np.float64(np.float32(0.1))
    for v in np.asarray(mlax.jit(f)(x)):
        _close(v, exact, exact)


def test_sum_over_several_axes(native):
    x = np.full((300, 200, 300), 0.1, np.float32)
    exact = x.size * np.float64(np.float32(0.1))
    _close(mlax.jit(lambda x: jnp.sum(x * 1.0, axis=(0, 2)))(x)[0], exact / 200, exact / 200)
    _close(mlax.jit(lambda x: jnp.sum(x * 1.0))(x), exact, exact)


def test_half_floats_accumulate_in_f32(native):
    x = np.full(2 ** 14, 0.1, np.float16)           # its sum stays below f16's 65504
    got = float(mlax.jit(lambda x: jnp.sum(x * 1))(x))
    exact = x.size * float(np.float16(0.1))
    assert abs(got - exact) <= 1e-3 * exact       # one f16 rounding of the f32 sum
