"""lax.scan, fori_loop, while_loop, cond, switch and map against Python loops, eagerly and
under jit, and their executables saved and reloaded."""
import numpy as np
import pytest

import mlax
import mlax.numpy as jnp
from mlax import lax

rng = np.random.default_rng(0)


def test_scan_matches_a_loop_with_pytrees_and_reverse():
    def step(carry, x):
        h, n = carry
        h = jnp.tanh(0.5 * h + x["a"]) * x["b"]
        return (h, n + 1), {"h": h, "s": jnp.sum(h)}
    xs = {"a": rng.normal(size=(6, 3)).astype(np.float32),
          "b": rng.normal(size=(6,)).astype(np.float32)}
    for reverse in (False, True):
        h, n, hs, ss = np.zeros(3, np.float32), 0, [], []
        order = range(5, -1, -1) if reverse else range(6)
        for i in order:
            h = np.tanh(0.5 * h + xs["a"][i]) * xs["b"][i]
            n += 1
            hs.append(h)
            ss.append(h.sum())
        if reverse:
            hs, ss = hs[::-1], ss[::-1]
        for run in (lax.scan, mlax.jit(lax.scan, static_argnums=(0, 3, 4))):
            (h_out, n_out), ys = run(step, (jnp.zeros(3), 0), xs, None, reverse)
            np.testing.assert_allclose(h_out, h, rtol=1e-6)
            assert int(n_out) == 6
            np.testing.assert_allclose(ys["h"], np.stack(hs), rtol=1e-6)
            np.testing.assert_allclose(ys["s"], ss, rtol=1e-5)


def test_scan_closes_over_traced_values_and_takes_length():
    def f(w, xs):
        return lax.scan(lambda c, x: (c * w + x, c), 1.0, xs)
    c, ys = mlax.jit(f)(jnp.float32(2.0), jnp.arange(3.0))
    assert float(c) == ((1 * 2 + 0) * 2 + 1) * 2 + 2
    np.testing.assert_allclose(ys, [1, 2, 5])
    c, ys = lax.scan(lambda c, _: (c + 1, c * 2), 0, None, length=4)
    assert int(c) == 4 and list(np.asarray(ys)) == [0, 2, 4, 6]
    _, empty = lax.scan(lambda c, x: (c, x * 2), 0.0, jnp.zeros((0, 2)))
    assert empty.shape == (0, 2)


def test_fori_while_cond_switch_map():
    assert float(lax.fori_loop(0, 10, lambda i, x: x + i, 0.0)) == 45.0
    assert float(mlax.jit(lambda n: lax.fori_loop(0, n, lambda i, x: x + i, 0.0))(5)) == 10.0
    out = lax.while_loop(lambda c: c[0] < 5, lambda c: (c[0] + 1, c[1] * 2), (0, 1.0))
    assert int(out[0]) == 5 and float(out[1]) == 32.0
    f = mlax.jit(lambda p, x: lax.cond(p > 0, lambda v: v + 1, lambda v: v - 1, x))
    np.testing.assert_allclose(f(1.0, jnp.ones(2)), [2, 2])
    np.testing.assert_allclose(f(-1.0, jnp.ones(2)), [0, 0])
    branches = [lambda x: x, lambda x: x * 2, lambda x: x * 3]
    for i, expected in [(-4, 1), (0, 1), (1, 2), (2, 3), (9, 3)]:      # the index is clamped
        assert float(lax.switch(i, branches, jnp.float32(1.0))) == expected
    w = jnp.float32(10.0)
    assert float(mlax.jit(lambda i: lax.switch(i, [lambda: w, lambda: -w]))(1)) == -10.0
    np.testing.assert_allclose(lax.map(lambda x: x ** 2, jnp.arange(4.)), [0, 1, 4, 9])


def test_errors():
    with pytest.raises(TypeError, match="carry input and carry output"):
        lax.scan(lambda c, x: (jnp.zeros(2), x), jnp.zeros(3), jnp.ones(4))
    with pytest.raises(ValueError, match="different leading axis sizes"):
        lax.scan(lambda c, x: (c, x), 0.0, (jnp.ones(3), jnp.ones(4)))
    with pytest.raises(TypeError, match="boolean scalar"):
        lax.while_loop(lambda c: c, lambda c: c, 1.0)
    with pytest.raises(TypeError, match="branch outputs"):
        lax.cond(True, lambda: jnp.ones(2), lambda: jnp.ones(3))
    with pytest.raises(Exception, match="Reverse-mode differentiation does not work for "
                       "lax.while_loop"):
        mlax.grad(lambda x: lax.while_loop(lambda c: c < 10.0, lambda c: c * x, x))(2.0)


def test_saved_executable_with_a_loop(tmp_path):
    from mlax.runtime import cpu
    from mlax.runtime.executable import Executable
    compiled = mlax.jit(lambda xs: lax.scan(lambda c, x: (c + x, c * x), 0.0, xs)).lower(
        jnp.arange(4.0)).compile()
    compiled.save(tmp_path / "scan.npz")
    c, ys = cpu.load(Executable.load(tmp_path / "scan.npz"))(np.arange(4.0, dtype=np.float32))
    assert float(c) == 6.0 and list(ys) == [0, 0, 2, 9]


def test_vmap_of_control_flow_equals_a_loop():
    def scan_f(h0, xs, w):
        return lax.scan(lambda h, x: (jnp.tanh(w * h + x), h.sum()), h0, xs)
    h0 = jnp.zeros(3)
    xs = jnp.asarray(rng.normal(size=(5, 4, 3)), jnp.float32)
    w = jnp.asarray([0.5, 1.0, 2.0, -1.0])
    got = mlax.vmap(scan_f, in_axes=(None, 1, 0))(h0, xs, w)
    for part in (0, 1):                      # the carry, and the stacked outputs
        expected = np.stack([np.asarray(scan_f(h0, xs[:, i], w[i])[part]) for i in range(4)])
        np.testing.assert_allclose(got[part], expected, rtol=1e-6)

    def switch_f(i, x):
        return lax.switch(i, [lambda x: x * 2, lambda x: x - 1, jnp.sin], x)
    idx, xx = jnp.asarray([0, 1, 2, 5]), jnp.arange(8.).reshape(4, 2)
    for in_axes in ((0, 0), (None, 0)):
        args = (idx if in_axes[0] == 0 else 1, xx)
        expected = np.stack([np.asarray(switch_f(idx[k] if in_axes[0] == 0 else 1, xx[k]))
                             for k in range(4)])
        np.testing.assert_allclose(mlax.vmap(switch_f, in_axes=in_axes)(*args), expected)

    def while_f(n, x):       # lanes stop at different steps
        return lax.while_loop(lambda c: c[0] < n, lambda c: (c[0] + 1, c[1] * 2.0), (0, x))
    ns, xv = jnp.asarray([0, 1, 3, 2]), jnp.asarray([1., 2., 3., 4.])
    count, value = mlax.jit(mlax.vmap(while_f))(ns, xv)
    np.testing.assert_array_equal(count, [0, 1, 3, 2])
    np.testing.assert_allclose(value, [1, 4, 24, 16])
    np.testing.assert_allclose(
        mlax.vmap(lambda x: lax.fori_loop(0, 3, lambda i, v: v * x, x))(xv), xv ** 4)



@pytest.fixture
def x64():
    mlax.config.update("jax_enable_x64", True)
    yield
    mlax.config.update("jax_enable_x64", False)


def _check_derivatives(f, *args):
    """jvp against central differences, and vjp against jvp (<u, J v> = <J^T u, v>)."""
    args = [jnp.asarray(a) for a in args]
    vs = [jnp.asarray(rng.normal(size=a.shape)) for a in args]
    out, tangent = mlax.jvp(f, tuple(args), tuple(vs))
    eps = 1e-6
    plus = f(*[a + eps * v for a, v in zip(args, vs)])
    minus = f(*[a - eps * v for a, v in zip(args, vs)])
    np.testing.assert_allclose(tangent, (np.asarray(plus) - np.asarray(minus)) / (2 * eps),
                               rtol=1e-5, atol=1e-7)
    out, pullback = mlax.vjp(f, *args)
    u = jnp.asarray(rng.normal(size=np.shape(out)))
    cts = pullback(u)
    lhs = float(np.sum(np.asarray(u) * np.asarray(tangent)))
    rhs = sum(float(np.sum(np.asarray(c) * np.asarray(v))) for c, v in zip(cts, vs))
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9)


@pytest.mark.parametrize("reverse", [False, True])
def test_scan_derivatives(x64, reverse):
    def f(w, h0, xs):
        h, ys = lax.scan(lambda h, x: (jnp.tanh(w * h + x), h * x), h0, xs, reverse=reverse)
        return jnp.concatenate([h, ys.ravel() ** 2])
    _check_derivatives(f, 0.7, rng.normal(size=2), rng.normal(size=(4, 2)))
    g = mlax.grad(lambda w: jnp.sum(f(w, jnp.zeros(2), jnp.ones((3, 2)))))
    np.testing.assert_allclose(mlax.jit(g)(0.3), g(0.3))


def test_fori_and_switch_derivatives(x64):
    _check_derivatives(lambda x: lax.fori_loop(0, 4, lambda i, v: jnp.sin(v) * v + i, x),
                       rng.normal(size=3))
    for i in range(3):
        _check_derivatives(lambda x: lax.switch(i, [jnp.sin, lambda v: v ** 3,
                                                    lambda v: v * v[0]], x), rng.normal(size=2))
    np.testing.assert_allclose(
        mlax.grad(lambda x: lax.cond(x > 0, lambda v: v * v, lambda v: -v, x))(3.0), 6.0)


def test_while_loop_forward_mode(x64):
    def f(x, w):       # doubles-and-scales until past 10: the trip count depends on x
        return lax.while_loop(lambda c: c[0] < 10.0, lambda c: (c[0] * 2 + w, c[1] * w),
                              (x, x))[1]
    out, t = mlax.jvp(f, (jnp.asarray(1.5), jnp.asarray(0.5)), (1.0, 0.0))
    eps = 1e-6
    np.testing.assert_allclose(t, (f(1.5 + eps, 0.5) - f(1.5 - eps, 0.5)) / (2 * eps), rtol=1e-6)
    out, t = mlax.jit(lambda w: mlax.jvp(lambda w: f(1.5, w), (w,), (1.0,)))(0.5)
    np.testing.assert_allclose(t, (f(1.5, 0.5 + eps) - f(1.5, 0.5 - eps)) / (2 * eps), rtol=1e-6)


def test_vmap_and_grad_of_a_scan_compose():
    def loss(w, xs):
        h, _ = lax.scan(lambda h, x: (jnp.tanh(w * h + x), None), 0.0, xs)
        return h
    xs = jnp.asarray(rng.normal(size=(5, 3)), jnp.float32)
    ws = jnp.asarray([0.1, 0.5, 0.9])
    per_lane = [float(mlax.grad(loss)(ws[i], xs[:, i])) for i in range(3)]
    np.testing.assert_allclose(mlax.vmap(mlax.grad(loss), in_axes=(0, 1))(ws, xs), per_lane,
                               rtol=1e-5)
    total = mlax.grad(lambda w: jnp.sum(mlax.vmap(loss, in_axes=(None, 1))(w, xs)))(0.5)
    np.testing.assert_allclose(total, sum(float(mlax.grad(loss)(0.5, xs[:, i]))
                                          for i in range(3)), rtol=1e-5)
