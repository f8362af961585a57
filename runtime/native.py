"""Native CPU functions: an executable's LLVM-dialect module, JIT-compiled to machine code by
MLIR's ExecutionEngine when the executable is loaded, and called through ctypes.

A native function takes one pointer per operand and per result (bare-pointer calling
convention; static shapes, row-major); the caller allocates the results. Where MLIR cannot
be imported, `library` returns None and the runtime runs the same functions' numpy plans.
"""
from __future__ import annotations

import ctypes
import os

import numpy as np

from .kernels import _np_dtype

_PACKED = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_tuned = False


def _keep_freed_memory():
    """Asks glibc to reuse freed buffers up to 32 MiB rather than unmap them: a fresh
    mapping costs a page fault per 4 KiB page on first touch, which for a 16 MiB temporary
    takes longer than the arithmetic (what XLA's and torch's buffer pools avoid)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 << 20)        # M_MMAP_THRESHOLD: the largest glibc accepts
        libc.mallopt(-1, 1 << 30)         # M_TRIM_THRESHOLD: keep the heap's top
    except (OSError, AttributeError):     # not glibc: nothing to tune
        pass


class Library:
    def __init__(self, llvm_text: str):
        from mlir import ir
        from mlir.execution_engine import ExecutionEngine
        self._context = ir.Context()
        module = ir.Module.parse(llvm_text, context=self._context)
        # MLIR's C runtime: `memrefCopy`, which strided buffer copies call
        runtime = os.path.join(os.path.dirname(ir.__file__), "lib", "libmlir_c_runner_utils.so")
        self._engine = ExecutionEngine(module, opt_level=2,
                                       shared_libs=[runtime] if os.path.exists(runtime) else [])

    def function(self, symbol: str, num_inputs: int, result_types):
        """callable(*arrays) -> tuple of new arrays, for the function `symbol`."""
        # ExecutionEngine wraps every function as `void _mlir_f(void **args)`: args[k] points
        # to argument k, here a pointer to the data.
        packed = _PACKED(self._engine.raw_lookup(symbol))
        shapes = [(tuple(shape), _np_dtype(dtype)) for shape, dtype in result_types]
        n = num_inputs + len(shapes)
        slots_t, args_t = ctypes.c_void_p * n, ctypes.c_void_p * n
        width = ctypes.sizeof(ctypes.c_void_p)

        def run(*arrays):
            ins = [np.ascontiguousarray(a) for a in arrays]
            outs = [np.empty(shape, dtype) for shape, dtype in shapes]
            slots = slots_t(*[a.ctypes.data for a in ins], *[o.ctypes.data for o in outs])
            base = ctypes.addressof(slots)
            args = args_t(*range(base, base + n * width, width))     # alive through the call
            packed(ctypes.addressof(args))
            return tuple(outs)
        run.library = self                    # the machine code lives as long as its engine
        return run


def library(llvm_text: str):
    """The JIT-compiled Library of an executable's native module, or None without MLIR."""
    if not llvm_text:
        return None
    global _tuned
    if not _tuned:
        _keep_freed_memory()
        _tuned = True
    try:
        return Library(llvm_text)
    except ImportError:
        return None
