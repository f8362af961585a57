"""Loading generated Triton kernels: each kernel's source is written once to a file of the
cache named by its hash (Triton's JIT reads a kernel's source from its file) and imported
from there.

`interpret_on_numpy()` lets Triton's interpreter (TRITON_INTERPRET=1) run kernels on numpy
arrays: it copies arguments through torch storages, which host memory does not need.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os

import numpy as np

from .disk_cache import cache_dir, ensure_file

_LOADED: dict = {}


def load(kernel, fn: str | None = None):
    """The @triton.jit function `fn` (the kernel's own by default) of a Kernel's source
    (passes/triton_emit.py)."""
    digest = hashlib.sha256(kernel.source.encode()).hexdigest()[:20]
    key = digest
    if key not in _LOADED:
        path = cache_dir("kernels") / f"{kernel.name}_{digest}.py"
        ensure_file(path, kernel.source.encode())       # a damaged copy would run garbage
        spec = importlib.util.spec_from_file_location(f"mlax_kernel_{digest}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _LOADED[key] = module
    return getattr(_LOADED[key], fn or kernel.name)


def launches(kernel, config=None) -> list:
    """The launch specs a Kernel runs, empty grids left out; config replaces the last
    launch's grid, constexprs and options (one of kernel.configs)."""
    specs = [dict(spec, **config) if config is not None and k == len(kernel.launches) - 1
             else spec for k, spec in enumerate(kernel.launches)]
    return [spec for spec in specs if all(spec["grid"])]


def launcher(kernel, config=None):
    """callable(args) launching a Kernel's functions in turn over the buffers args (those
    already wrapped for Triton), each function found once here."""
    ready = [Launch(load(kernel, spec["fn"]), spec) for spec in launches(kernel, config)]

    def run(args):
        for launch in ready:
            launch(args)
    return run


class Launch:
    """One launch spec of a @triton.jit function. The first call goes through Triton's JIT
    (binding, specialization, its cache); later calls hand the compiled kernel's launcher the
    same kind of arguments directly, sparing Triton's per-launch binding and cache lookup
    (on an H100 with Triton 3.6, a launch took 13.7-17.3 us through the JIT, 8.8-10.7 us
    directly). The specialization that could differ between calls of one
    kernel is pointer alignment (dtypes are fixed by the kernel's signature), so the direct way
    is taken only while every pointer is 16-byte aligned, as at the first call."""

    def __init__(self, fn, spec: dict):
        self.fn, self.grid = fn, tuple(spec["grid"])
        self.constexprs, self.kwargs = spec["constexprs"], {**spec["constexprs"], **spec["options"]}
        self.direct = None

    def __call__(self, args):
        direct = self.direct
        if direct and not any(a.data_ptr() & 15 for a in args):
            try:
                direct(*args, *self.tail)
                return
            except Exception:       # refused before launching (Triton's launcher checks its
                self.direct = False  # arguments first): the JIT's way from now on
        compiled = self.fn[self.grid](*args, **self.kwargs)
        if self.direct is None and not any(a.data_ptr() & 15 for a in args):
            self._take(compiled, len(args))

    def _take(self, compiled, n: int):
        try:        # CompiledKernel[grid](*bound args) is Triton's own launch of a compiled kernel
            compiled = _resolved(compiled)
            self.tail = [self.constexprs[name] for name in self.fn.arg_names[n:]]
            self.direct = compiled[(*self.grid, 1, 1)[:3]]
        except Exception:           # another Triton's internals: stay with the JIT's way
            self.direct = False


def compile_ahead(jobs, workers: int) -> list:
    """Compiles each (kernel, launch spec, args like the launch's) into Triton's caches
    before its first launch, several at once: each warmup runs the launch's own binder here
    and Triton's AsyncCompileMode (Triton 3.4 on) sends the compile to a thread pool, where
    Triton spends most of its time outside the GIL (LLVM, ptxas). Returns what the warmups
    raise; a kernel that fails to compile fails again at its launch, naming the user's line."""
    try:
        from triton import AsyncCompileMode
    except ImportError:                 # older Triton: each compiles at its first launch
        return []
    from concurrent.futures import ThreadPoolExecutor
    errors = []

    def warm_all(pool):
        try:
            mode = AsyncCompileMode(pool, ignore_errors=True)
        except TypeError:               # a Triton without the keyword: errors raise at exit
            mode = AsyncCompileMode(pool)
        with mode:                      # waits for every compile on exit
            for kernel, spec, args in jobs:
                try:
                    load(kernel, spec["fn"]).warmup(*args, grid=tuple(spec["grid"]),
                                                    **spec["constexprs"], **spec["options"])
                except Exception as e:
                    errors.append(f"{spec['fn']}: {type(e).__name__}: {e}")
    with ThreadPoolExecutor(max(1, workers)) as pool:
        try:
            warm_all(pool)
        except Exception as e:          # a failed compile: its launch compiles and says why
            errors.append(f"{type(e).__name__}: {e}")
        load_all(jobs, pool, errors)
    return errors


def _resolved(compiled):
    """The CompiledKernel of what Triton's JIT returns (a FutureKernel where an async compile
    left one in its cache)."""
    return compiled.result() if hasattr(type(compiled), "result") else compiled


def load_all(jobs, pool, errors):
    """Loads each compiled kernel onto the device, which builds its launcher: a C module
    Triton compiles (and caches) at a kernel's first launch otherwise, a second or so each on
    a cold cache. The compiler runs outside the GIL, so the pool builds them together."""
    futures, seen = [], set()
    for kernel, spec, args in jobs:
        try:                            # compiled now: the warmup finds it in Triton's cache
            compiled = _resolved(load(kernel, spec["fn"]).warmup(
                *args, grid=tuple(spec["grid"]), **spec["constexprs"], **spec["options"]))
        except Exception as e:          # (an older Triton keeps a failed compile's future)
            errors.append(f"{spec['fn']}: {type(e).__name__}: {e}")
            continue
        init = getattr(compiled, "_init_handles", None)
        if init is not None and id(compiled) not in seen:
            seen.add(id(compiled))
            futures.append((spec["fn"], pool.submit(init)))
    for name, future in futures:
        try:
            future.result()
        except Exception as e:          # its launch fails again and says why
            errors.append(f"{name}: {type(e).__name__}: {e}")


def single(kernel, spec: dict):
    """callable(args) running one launch ({"fn", "grid", "constexprs", "options"}) of a
    Kernel's source."""
    return Launch(load(kernel, spec["fn"]), spec) if all(spec["grid"]) else (lambda args: None)


class HostBuffer:
    """A numpy array as Triton's interpreter sees a tensor: a pointer and a dtype (booleans
    as the bytes they are)."""

    def __init__(self, array: np.ndarray):
        self.array = array
        self.dtype = np.dtype(np.int8) if array.dtype == np.bool_ else array.dtype

    def data_ptr(self) -> int:
        return self.array.ctypes.data


def interpret_on_numpy():
    """Lets the interpreter take HostBuffers: it would copy them through torch storages."""
    from triton.runtime import interpreter
    interpreter.GridExecutor._init_args_hst = lambda self, args, kwargs: (args, kwargs)
    interpreter.GridExecutor._restore_args_dev = lambda self, *args: None


def run_interpreted(kernel, *arrays) -> list:
    """Runs a Kernel in Triton's interpreter on numpy operands; returns its results. The
    process must have TRITON_INTERPRET=1 set before Triton is imported (Triton decides then)."""
    from ..dialect.ir import to_numpy_dtype
    if os.environ.get("TRITON_INTERPRET") != "1":
        raise RuntimeError("run_interpreted needs TRITON_INTERPRET=1 set before Triton is "
                           "imported")
    interpret_on_numpy()
    first = len(kernel.params) - kernel.results
    outs = [np.zeros(a.shape, to_numpy_dtype(a.dtype)) for _, a in kernel.params[first:]]
    args = [np.ascontiguousarray(a) for a in arrays]
    args += [np.ascontiguousarray(kernel.constants[name])
             for name, _ in kernel.params[len(args):first]]
    if any(o.size for o in outs):       # empty results: nothing to launch
        launcher(kernel)([HostBuffer(a) for a in (*args, *outs)])
    return outs
