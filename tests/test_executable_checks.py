"""Executables and caches never compute garbage: a loaded (or compiled) executable checks its
arguments' shapes and dtypes, and a damaged entry of the disk cache is reported once,
removed and rebuilt. (The command-line tools' failures: tests/lit/tools/*-errors.mlir.)"""
import os
import warnings

os.environ["TRITON_INTERPRET"] = "1"    # before Triton is imported: this process interprets

import jax  # noqa: E402
import jax.numpy as jnp_ref  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlax  # noqa: E402
import mlax.numpy as jnp  # noqa: E402
from mlax.runtime import cpu, disk_cache  # noqa: E402
from mlax.runtime.executable import Executable  # noqa: E402

X = np.linspace(-1, 1, 6, dtype=np.float32).reshape(3, 2)
Y = np.float32(2.0)


def f(lib, x, y):
    return lib.tanh(x) * y + 1.0, lib.sum(x, axis=0)


def expected():
    return [np.asarray(v) for v in jax.jit(lambda x, y: f(jnp_ref, x, y))(X, Y)]


WRONG = [   # arguments, then what the error says of the first wrong one
    ((X.astype(np.float64), Y), r"argument 0 of @main must be f32\[3,2\], got f64\[3,2\]"),
    ((X[:2], Y), r"argument 0 of @main must be f32\[3,2\], got f32\[2,2\]"),
    ((X.astype(np.int32), Y), r"argument 0 of @main must be f32\[3,2\], got i32\[3,2\]"),
    ((X, np.ones(3, np.float32)), r"argument 1 of @main must be f32\[\], got f32\[3\]"),
    ((X, 2.0), r"argument 1 of @main must be f32\[\], got a float"),
    ((X.tolist(), Y), r"argument 0 of @main must be f32\[3,2\], got a list"),
    ((X,), r"@main takes 2 arguments, got 1"),
    ((X, Y, Y), r"@main takes 2 arguments, got 3"),
]


@pytest.mark.parametrize("native", [True, False], ids=["native", "plan"])
def test_loaded_executable_checks_its_arguments(tmp_path, native):
    mlax.config.update("mlax_native_cpu", native)
    try:
        compiled = mlax.jit(lambda x, y: f(jnp, x, y)).lower(X, Y).compile()
    finally:
        mlax.config.update("mlax_native_cpu", True)
    compiled.save(tmp_path / "f.npz")
    run = cpu.load(Executable.load(tmp_path / "f.npz"))
    for got, want in zip(run(X, Y), expected()):
        np.testing.assert_allclose(got, want, rtol=1e-6)
    for got, want in zip(run(X, np.array(Y)), expected()):     # a 0-d array or a scalar
        np.testing.assert_allclose(got, want, rtol=1e-6)
    for args, message in WRONG:
        with pytest.raises(TypeError, match=message):
            run(*args)


def test_compiled_executable_raises_type_errors_as_jax():
    mine = mlax.jit(lambda x, y: f(jnp, x, y)).lower(X, Y).compile()
    theirs = jax.jit(lambda x, y: f(jnp_ref, x, y)).lower(X, Y).compile()
    for args in ((X.astype(np.int32), Y), (X[:2], Y), (X, np.ones(3, np.float32))):
        for compiled in (mine, theirs):
            with pytest.raises(TypeError):
                compiled(*args)


def test_jits_cached_call_is_not_checked_twice():
    """jit's cache is keyed on the arguments' types, so its entries run unchecked."""
    jitted = mlax.jit(lambda x: x + 1)
    x = jnp.ones(3)
    jitted(x)
    (compiled,) = jitted._cache.values()
    assert not hasattr(compiled._run, "__wrapped__")
    checked = cpu.load(compiled.executable)
    assert checked.__wrapped__ is not None


@pytest.fixture
def interpreter(tmp_path, monkeypatch):
    """The GPU path in Triton's interpreter, its disk cache in tmp_path, nothing loaded yet."""
    pytest.importorskip("triton")
    from mlax.runtime import triton_kernels
    monkeypatch.setenv("MLAX_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(triton_kernels, "_LOADED", {})
    mlax.config.update("jax_platforms", "interpreter")
    yield tmp_path
    mlax.config.update("jax_platforms", None)


def run_jitted():
    """A new jit (an empty signature cache) of f, its results on the host."""
    return [np.asarray(v) for v in mlax.jit(lambda x, y: f(jnp, x, y))(X, Y)]


def test_loaded_gpu_executable_checks_its_arguments(interpreter):
    from mlax.runtime import gpu
    mlax.jit(lambda x, y: f(jnp, x, y)).lower(X, Y).compile().save(interpreter / "f.npz")
    device = gpu.InterpreterDevice()
    run = gpu.load(Executable.load(interpreter / "f.npz"), device)
    for got, want in zip(run(device.put(X), device.put(Y)), expected()):
        np.testing.assert_allclose(device.get(got), want, rtol=3e-6, atol=2e-6)  # its tanh
    for args, message in WRONG[:4]:
        with pytest.raises(TypeError, match=message):
            run(*map(device.put, args))


def reports(fn):
    """fn()'s result, and the messages of the disk cache's warnings it gave."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        result = fn()
    return result, [str(w.message) for w in record if "cache entry" in str(w.message)]


def assert_reported(messages, path):
    (message,) = messages
    assert str(path) in message and "damaged" in message and "rebuilt" in message


@pytest.mark.parametrize("damage", ["truncated", "flipped", "emptied"])
def test_damaged_executable_is_reported_once_and_rebuilt(interpreter, damage):
    first = run_jitted()
    (path,) = (interpreter / "executables").glob("*.npz")
    data = path.read_bytes()
    path.write_bytes({"truncated": data[:len(data) // 2], "emptied": b"",
                      "flipped": data[:-100] + bytes([data[-100] ^ 1]) + data[-99:]}[damage])
    again, messages = reports(run_jitted)
    assert_reported(messages, path)
    for a, b in zip(again, first):
        np.testing.assert_array_equal(a, b)
    assert path.read_bytes() == data                    # rebuilt whole
    assert reports(run_jitted)[1] == []                 # and sound: no second report


def test_damaged_kernel_source_is_reported_once_and_rewritten(interpreter, monkeypatch):
    from mlax.runtime import triton_kernels
    first = run_jitted()
    sources = sorted((interpreter / "kernels").glob("*.py"))
    assert sources
    good = sources[0].read_text()
    sources[0].write_text(good.replace("tl.store(", "0 and tl.store(", 1))   # stores nothing
    monkeypatch.setattr(triton_kernels, "_LOADED", {})  # a new process: the files read again
    again, messages = reports(run_jitted)
    assert_reported(messages, sources[0])
    for a, b in zip(again, first):
        np.testing.assert_array_equal(a, b)
    assert sources[0].read_text() == good
    monkeypatch.setattr(triton_kernels, "_LOADED", {})
    assert reports(run_jitted)[1] == []


def test_cache_entries_are_checked_by_digest(tmp_path):
    path = tmp_path / "entry"
    disk_cache.write_checked(path, b"payload")
    assert disk_cache.read_checked(path) == b"payload"
    assert disk_cache.read_checked(tmp_path / "missing") is None
    path.write_bytes(path.read_bytes()[:-1])
    data, messages = reports(lambda: disk_cache.read_checked(path))
    assert data is None and not path.exists()
    assert_reported(messages, path)


@pytest.mark.parametrize("error, message", [
    (RecursionError("maximum recursion depth exceeded"), "the input nests too deeply"),
    (MemoryError("Unable to allocate 3.55 PiB"), "out of memory (Unable to allocate 3.55 PiB)"),
])
def test_tools_report_exhausted_limits_in_one_line(capsys, monkeypatch, error, message):
    from mlax.tools.diagnostics import reports_errors
    monkeypatch.delenv("MLAX_TRACEBACK", raising=False)

    @reports_errors("mlax-opt")
    def run():
        raise error
    assert run() == 1
    err = capsys.readouterr().err
    assert err.startswith(f"mlax-opt: error: {message}") and err.count("\n") == 1
