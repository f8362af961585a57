"""Un-jitted transforms are retraced at each call, as JAX's are: changed globals and arrays
mutated in place are read again, and bool()/int() of values known at the call work."""
import numpy as np
import pytest

import mlax
import mlax.numpy as jnp

X = np.ones((4, 2), np.float32)


def _loss(w):
    return jnp.mean((X @ w - 1.0) ** 2)


def test_grad_reads_mutated_global():
    g = mlax.grad(_loss)
    w = jnp.zeros(2)
    first = np.asarray(g(w))
    X[:] = 2.0
    try:
        second = np.asarray(g(w))
    finally:
        X[:] = 1.0
    np.testing.assert_allclose(first, [-2.0, -2.0])
    np.testing.assert_allclose(second, [-4.0, -4.0])


@pytest.mark.parametrize("transform", ["grad", "jvp", "vjp"])
def test_python_control_flow_on_values(transform):
    f = lambda x: x ** 2 if x > 0 else -x          # noqa: E731
    if transform == "grad":
        d = lambda x: mlax.grad(f)(x)              # noqa: E731
    elif transform == "jvp":
        d = lambda x: mlax.jvp(f, (x,), (1.0,))[1]  # noqa: E731
    else:
        d = lambda x: mlax.vjp(f, jnp.float32(x))[1](jnp.float32(1.0))[0]  # noqa: E731
    assert float(d(3.0)) == 6.0
    assert float(d(-3.0)) == -1.0


def test_int_and_nested_grad():
    assert float(mlax.grad(lambda x: x * int(x))(3.0)) == 3.0
    assert float(mlax.grad(mlax.grad(lambda y: y ** 3 if y > 0 else y))(3.0)) == 18.0


def test_jit_inside_grad_is_abstract():
    with pytest.raises(TypeError):
        mlax.grad(lambda x: mlax.jit(lambda y: y if y > 0 else -y)(x))(3.0)
    with pytest.raises(TypeError):
        mlax.grad(lambda x: x * float(x))(3.0)      # JAX refuses float() too


def test_vmap_unbatched_argument_is_known():
    f = mlax.vmap(lambda x, s: x * 2 if s > 0 else x, in_axes=(0, None))
    np.testing.assert_allclose(np.asarray(f(jnp.arange(3.0), 1.0)), [0.0, 2.0, 4.0])
    np.testing.assert_allclose(np.asarray(f(jnp.arange(3.0), -1.0)), [0.0, 1.0, 2.0])


def test_vjp_passes_arrays():
    out, pull = mlax.vjp(lambda x: x * x.item(), 3.0)
    assert float(out) == 9.0 and float(pull(jnp.float32(1.0))[0]) == 3.0   # item(): a constant


def test_jax_error_types_of_transforms():
    with pytest.raises(ValueError, match="static_argnums"):
        mlax.jit(lambda x: x, static_argnums=3)
    with pytest.raises(ValueError, match="shapes"):
        mlax.jvp(lambda x: x, (jnp.ones(3),), (jnp.ones(2),))
    with pytest.raises(ValueError):
        mlax.vjp(lambda x: x, jnp.ones(3))[1](jnp.ones(2))
