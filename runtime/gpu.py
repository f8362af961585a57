"""The GPU backend's runtime: runs an executable whose "kernel" steps are Triton kernels.

A Device owns the buffers. `CudaDevice` keeps them as torch tensors on the GPU (torch is the
allocator and its caching allocator reuses freed blocks), launches every kernel on torch's
current stream without waiting, and copies to the host only when asked for results.
`InterpreterDevice` runs the same executables with numpy buffers in Triton's interpreter, so
the whole path is tested without a GPU. Ops no kernel covers yet run on the host's numpy
kernels, their operands copied over and back.
"""
from __future__ import annotations

import os

import numpy as np

from . import cpu, triton_kernels
from .kernels import KERNELS, _np_dtype


class InterpreterDevice:
    """Buffers are numpy arrays; kernels run in Triton's interpreter (TRITON_INTERPRET=1)."""
    platform = "interpreter"

    def empty(self, shape, dtype: str):
        return np.empty(shape, _np_dtype(dtype))

    def put(self, array):
        return np.ascontiguousarray(array)

    def get(self, buf) -> np.ndarray:
        return buf

    def arg(self, buf):
        return triton_kernels.HostBuffer(np.ascontiguousarray(buf))   # host ops return views

    def prepare(self):
        triton_kernels.interpret_on_numpy()

    def synchronize(self):
        pass


class CudaDevice:
    """Buffers are torch tensors on the GPU; booleans are stored as bytes (torch.bool)."""
    platform = "gpu"

    def __init__(self, index: int = 0):
        import torch
        self.torch, self.device = torch, torch.device("cuda", index)
        self._dtypes = {"bool": torch.bool, "int32": torch.int32, "int64": torch.int64,
                        "uint32": torch.uint32, "float16": torch.float16,
                        "bfloat16": torch.bfloat16, "float32": torch.float32,
                        "float64": torch.float64}

    def empty(self, shape, dtype: str):
        return self.torch.empty(tuple(shape), dtype=self._dtypes[dtype], device=self.device)

    def put(self, array):
        array = np.ascontiguousarray(array)
        if array.dtype.name == "bfloat16":      # torch cannot read ml_dtypes' bfloat16
            bits = self.torch.from_numpy(array.view(np.uint16).astype(np.int16))
            return bits.to(self.device, non_blocking=True).view(self.torch.bfloat16)
        return self.torch.from_numpy(array).to(self.device, non_blocking=True)

    def get(self, buf) -> np.ndarray:
        if buf.dtype == self.torch.bfloat16:
            import ml_dtypes
            return buf.view(self.torch.int16).cpu().numpy().view(ml_dtypes.bfloat16)
        return buf.cpu().numpy()

    def arg(self, buf):
        return buf.view(self.torch.int8) if buf.dtype == self.torch.bool else buf

    def prepare(self):
        pass

    def synchronize(self):
        self.torch.cuda.synchronize(self.device)


def cuda_available() -> bool:
    if not os.path.exists("/proc/driver/nvidia/version"):    # no driver: spare torch's import
        return False
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


class KernelLibrary:
    """The executable's Triton kernels, loaded once, launched on a device."""

    def __init__(self, kernels: dict, device):
        from ..passes.triton_emit import Kernel
        self.kernels = {name: Kernel.from_dict(k) for name, k in kernels.items()}
        self.device = device

    def function(self, symbol: str, num_inputs: int, result_types):
        kernel = self.kernels[symbol]
        device = self.device
        for fn, _, _ in kernel.launches:
            triton_kernels.load(kernel, fn)
        (shape, dtype), = result_types
        consts = [device.put(kernel.constants[name]) for name, _ in kernel.params[num_inputs:-1]]

        def launch(*bufs):
            out = device.empty(shape, dtype)
            if out.size if isinstance(out, np.ndarray) else out.numel():   # nothing to store
                triton_kernels.launch(kernel, [*bufs, *consts, out], device.arg)
            return (out,)
        return launch


def _host(fn, device):
    """An op without a kernel: its operands to the host, numpy's kernel, back."""
    def run(*bufs, **params):
        out = fn(*[device.get(b) for b in bufs], **params)
        outs = out if isinstance(out, tuple) else (out,)
        moved = tuple(device.put(np.asarray(o)) for o in outs)
        return moved if isinstance(out, tuple) else moved[0]
    return run


def load(executable, device):
    """The entry function of a GPU executable: callable(*device buffers) -> device buffers."""
    for fn in executable.functions.values():
        for step in fn.steps:
            if step.kernel in ("scan", "while", "cond"):
                raise NotImplementedError(
                    f"{step.where or fn.name}: loops and branches do not run on the GPU "
                    f"backend yet (the {step.kernel} step); run this function on the CPU")
    device.prepare()
    table = KERNELS if device.platform == "interpreter" else {
        name: _host(fn, device) for name, fn in KERNELS.items()}
    library = KernelLibrary(executable.kernels, device)
    functions = executable.functions
    return cpu.compile_function(functions[executable.entry], functions, {}, entry=True,
                                library=library, table=table, constant=device.put)
