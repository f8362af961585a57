"""The tracing frontend: jit's cache and stages, make_ir locations, errors a JAX user meets,
pytrees, the Array API, x64, and executables that run without MLIR."""
import collections
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import mlax
import mlax.numpy as jnp
from mlax import lax, tree_util

os.environ.setdefault("JAX_PLATFORMS", "cpu")
jax = pytest.importorskip("jax")


def counting(f):
    """f, and a list whose length is how often f was traced."""
    calls = []

    def wrapped(*args, **kwargs):
        calls.append(1)
        return f(*args, **kwargs)
    return wrapped, calls


# ------------------------------------------------------------------------ jit's cache

def test_jit_retraces_only_when_the_signature_changes():
    f, calls = counting(lambda x, y: x * y + 1)
    jf = mlax.jit(f)
    x = jnp.ones(3)
    np.testing.assert_allclose(jf(x, 2.0), [3, 3, 3])
    jf(x, 3.0)                                  # same avals (weak f32 scalar): cached
    jf(jnp.ones(3) * 5, 2.0)                    # another strong f32[3]
    assert len(calls) == 1
    jf(jnp.ones(4), 2.0)                        # new shape
    assert len(calls) == 2
    jf(x, jnp.float32(2.0))                     # strong instead of weak scalar
    assert len(calls) == 3
    jf(x, 2)                                    # weak int instead of weak float
    assert len(calls) == 4
    jf(jnp.ones(3, jnp.int32), 2)               # new dtype
    assert len(calls) == 5
    jf(x, 2.0)
    assert len(calls) == 5


def test_static_arguments_key_the_cache_by_value():
    f, calls = counting(lambda x, n, *, mode="add": x + n if mode == "add" else x * n)
    jf = mlax.jit(f, static_argnums=1, static_argnames="mode")
    x = jnp.arange(3.0)
    np.testing.assert_allclose(jf(x, 2), [2, 3, 4])
    jf(x, 2)
    assert len(calls) == 1
    np.testing.assert_allclose(jf(x, 3), [3, 4, 5])
    assert len(calls) == 2
    np.testing.assert_allclose(jf(x, 3, mode="mul"), [0, 3, 6])
    assert len(calls) == 3
    with pytest.raises(ValueError, match="hashable"):
        jf(x, [1, 2])


def test_static_argnames_resolve_to_positions():
    def f(x, n):
        return x * n
    jf = mlax.jit(f, static_argnames="n")
    assert float(jf(jnp.float32(2.0), 3)) == 6.0     # n passed positionally is still static


def test_pytrees_in_and_out():
    Point = collections.namedtuple("Point", "x y")

    def f(params, batch):
        return {"sum": params[0] * batch["x"] + params[1], "pt": Point(batch["x"], None)}
    out = mlax.jit(f)((jnp.float32(2.0), 1.0), {"x": jnp.arange(3.0)})
    np.testing.assert_allclose(out["sum"], [1, 3, 5])
    assert isinstance(out["pt"], Point) and out["pt"].y is None


def test_registered_pytree_class():
    @tree_util.register_pytree_node_class
    class Pair:
        def __init__(self, a, b):
            self.a, self.b = a, b

        def tree_flatten(self):
            return (self.a, self.b), None

        @classmethod
        def tree_unflatten(cls, aux, children):
            return cls(*children)

    out = mlax.jit(lambda p: Pair(p.b, p.a + p.b))(Pair(jnp.float32(1), jnp.float32(2)))
    assert (float(out.a), float(out.b)) == (2.0, 3.0)
    leaves, tree = mlax.tree_flatten(Pair(1, [2, 3]))
    assert leaves == [1, 2, 3]
    assert mlax.tree_map(lambda v: v * 10, [1, (2, None)]) == [10, (20, None)]


def test_jit_inside_jit_traces_through():
    inner, calls = counting(lambda x: jnp.sin(x))
    jinner = mlax.jit(inner)
    outer = mlax.jit(lambda x: jinner(x) * 2)
    np.testing.assert_allclose(outer(jnp.float32(0.5)), 2 * np.sin(np.float32(0.5)), rtol=1e-6)
    assert len(calls) == 1


# --------------------------------------------------------------------- stages and IR

def test_lower_compile_and_stages():
    def f(x):
        return jnp.sum(jnp.exp(x) * 1.0)
    lowered = mlax.jit(f).lower(jnp.ones((2, 3)))
    traced = lowered.as_text()
    assert '"mlax.exp"' in traced and '"mlax.reduce_sum"' in traced and '"mlax.mul"' in traced
    assert lowered.stages[0] == "traced" and "mlax-canonicalize" in lowered.stages
    simplified = lowered.as_text("mlax-canonicalize")
    assert '"mlax.mul"' not in simplified                   # x * 1 folded away
    with pytest.raises(ValueError, match="unknown stage"):
        lowered.as_text("no-such-pass")
    compiled = lowered.compile()
    np.testing.assert_allclose(compiled(jnp.ones((2, 3))), 6 * np.e, rtol=1e-6)
    with pytest.raises(TypeError, match="compiled for"):
        compiled(jnp.ones(3))
    shape = mlax.jit(f).eval_shape(mlax.ShapeDtypeStruct((4,), jnp.float32))
    assert shape.shape == () and shape.dtype == np.float32


def test_make_ir_locates_ops_at_the_users_lines():
    def f(x):
        y = jnp.sin(x)           # line A
        return y * 2             # line B
    ir_text = str(mlax.make_ir(f)(jnp.ones(3)))
    first = f.__code__.co_firstlineno
    here = os.path.basename(__file__)
    sin = next(line for line in ir_text.splitlines() if '"mlax.sin"' in line)
    mul = next(line for line in ir_text.splitlines() if '"mlax.mul"' in line)
    assert f'{here}":{first + 1}:' in sin
    assert f'{here}":{first + 2}:' in mul
    assert "func.func @main" in ir_text and f'{here}":{first}:' in ir_text


# ---------------------------------------------------------------------------- errors

def test_concretization_error_names_the_argument_and_line():
    def f(x, y):
        if x > 0:
            return x
        return y
    with pytest.raises(mlax.ConcretizationTypeError) as err:
        mlax.jit(f)(1.0, 2.0)
    msg = str(err.value)
    assert "'x'" in msg and "'y'" not in msg
    assert f"{os.path.basename(__file__)}:{f.__code__.co_firstlineno + 1}" in msg
    assert "static_argnames" in msg
    with pytest.raises(TypeError):              # ConcretizationTypeError is a TypeError
        mlax.jit(lambda p: float(p["w"][1]))({"w": [1.0, jnp.ones(2)]})


def test_concretization_error_names_pytree_paths():
    with pytest.raises(mlax.ConcretizationTypeError, match=r"params\[1\]"):
        mlax.jit(lambda params: int(params[1]))((jnp.ones(2), jnp.int32(3)))


def test_leaked_tracer():
    saved = []
    mlax.jit(lambda x: saved.append(x) or x)(jnp.ones(2))
    with pytest.raises(mlax.UnexpectedTracerError, match="after that trace ended"):
        jnp.sin(saved[0])


def test_bad_arguments_and_outputs():
    with pytest.raises(TypeError, match="static"):
        mlax.jit(lambda x, s: x)(jnp.ones(2), "text")
    with pytest.raises(TypeError, match="must return arrays"):
        mlax.jit(lambda x: "text")(jnp.ones(2))
    with pytest.raises(OverflowError):
        jnp.ones(2, jnp.int32) + 2 ** 40


def test_rule_errors_point_at_the_users_line():
    line = sys._getframe().f_lineno + 2
    with pytest.raises(ValueError, match=f"{os.path.basename(__file__)}:{line}:.*cannot reshape"):
        lax.reshape(jnp.ones(3), (4,))
    with pytest.raises(ValueError, match="cannot reshape"):
        mlax.jit(lambda a: lax.reshape(a, (4,)))(jnp.ones(3))


# ----------------------------------------------------------------------------- Array

@pytest.mark.parametrize("make", [
    lambda np_: np_.arange(3.0), lambda np_: np_.ones((2, 3)), lambda np_: np_.float32(1),
    lambda np_: np_.multiply(2, 3), lambda np_: np_.zeros((0, 3)),
    lambda np_: np_.arange(40.0).reshape(4, 10) * 0.5, lambda np_: np_.arange(5) > 2,
    lambda np_: np_.linspace(0, 1, 30)])
def test_repr_matches_jax(make):
    assert repr(make(jnp)) == repr(make(jax.numpy))
    assert str(make(jnp)) == str(make(jax.numpy))


def test_array_api():
    x = jnp.arange(6.0).reshape(2, 3)
    assert x.shape == (2, 3) and x.ndim == 2 and x.size == 6 and x.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(x.T), np.arange(6.0).reshape(2, 3).T)
    assert not np.asarray(x).flags.writeable
    assert x[1, 2].item() == 5.0 and float(x[0, 1]) == 1.0 and int(x[1, 0]) == 3
    assert bool(x[0, 1]) and not bool(x[0, 0])
    assert x.block_until_ready() is x
    tree = {"a": (x, 3), "b": [x * 2, None]}
    assert mlax.block_until_ready(tree) is tree
    assert x.astype(jnp.int32).dtype == np.int32
    y = x.at[0, 1].set(10.0)
    assert float(y[0, 1]) == 10.0 and float(x[0, 1]) == 1.0      # x unchanged
    assert [float(r.sum()) for r in x] == [3.0, 12.0] and len(x) == 2
    assert f"{jnp.float32(1.5):.2f}" == "1.50"
    import pickle
    z = pickle.loads(pickle.dumps(jnp.multiply(2, 3)))
    assert repr(z) == "Array(6, dtype=int32, weak_type=True)"


def test_weak_types_follow_jax():
    cases = [lambda m: m.ones(3, m.float16) + 1.0, lambda m: m.ones(3, m.int32) + 1.5,
             lambda m: m.float32(2) * 3, lambda m: m.asarray(3) + 2, lambda m: m.sum(m.arange(3)),
             lambda m: m.ones(2, m.bfloat16) * m.ones(2, m.float16)]
    for case in cases:
        ours, theirs = case(jnp), case(jax.numpy)
        assert ours.dtype == theirs.dtype, case
        assert ours.weak_type == theirs.weak_type, case
        ours = mlax.jit(lambda: case(jnp))()
        assert ours.dtype == theirs.dtype and ours.weak_type == theirs.weak_type, case


def test_x64_switch():
    assert jnp.arange(3.0).dtype == np.float32
    try:
        mlax.config.update("jax_enable_x64", True)
        assert jnp.arange(3.0).dtype == np.float64 and jnp.arange(3).dtype == np.int64
        assert mlax.jit(lambda x: x + 1)(1.0).dtype == np.float64
    finally:
        mlax.config.update("jax_enable_x64", False)
    assert mlax.jit(lambda x: x + 1)(1.0).dtype == np.float32
    with pytest.raises(ValueError, match="unknown configuration"):
        mlax.config.update("jax_no_such_flag", True)


# ------------------------------------------------------------- running without MLIR

def test_saved_executable_runs_without_mlir(tmp_path):
    def f(x, w):
        return jnp.tanh(x @ w).sum(axis=0)
    x = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
    w = np.random.default_rng(1).normal(size=(3, 2)).astype(np.float32)
    compiled = mlax.jit(f).lower(x, w).compile()
    path = tmp_path / "f.npz"
    compiled.save(path)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "w.npy", w)
    script = textwrap.dedent(f"""
        import sys
        sys.modules["mlir"] = None                  # importing MLIR now fails
        import numpy as np
        from mlax.runtime import cpu
        from mlax.runtime.executable import Executable
        run = cpu.load(Executable.load({str(path)!r}))
        (out,) = run(np.load({str(tmp_path / 'x.npy')!r}), np.load({str(tmp_path / 'w.npy')!r}))
        print(repr(out.tolist()))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    np.testing.assert_allclose(eval(done.stdout), np.tanh(x @ w).sum(0), rtol=1e-5)


def test_eager_ops_never_import_mlir():
    script = ("import sys; sys.modules['mlir'] = None\n"
              "import mlax.numpy as jnp\n"
              "x = jnp.arange(6.0).reshape(2, 3)\n"
              "print(float((jnp.sin(x) @ x.T)[1, 1] + x[:, 1].sum()))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    x = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    assert abs(float(done.stdout) - ((np.sin(x) @ x.T)[1, 1] + x[:, 1].sum())) < 1e-4
