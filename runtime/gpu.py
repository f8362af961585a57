"""The GPU backend's runtime: runs an executable whose "kernel" steps are Triton kernels.

A Device owns the buffers. `CudaDevice` keeps them as torch tensors on the GPU (torch is the
allocator and its caching allocator reuses freed blocks), launches every kernel on torch's
current stream without waiting, and copies to the host only when asked for results.
`InterpreterDevice` runs the same executables with numpy buffers in Triton's interpreter, so
the whole path is tested without a GPU. Ops no kernel covers yet run on the host's numpy
kernels, their operands copied over and back.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import time

import numpy as np

from . import cpu, triton_kernels
from .disk_cache import cache_dir, write_atomically
from .executable import checked
from .kernels import KERNELS, _np_dtype, quiet


class InterpreterDevice:
    """Buffers are numpy arrays; kernels run in Triton's interpreter (TRITON_INTERPRET=1)."""
    platform = "interpreter"
    compiles = False

    def empty(self, shape, dtype: str):
        return np.empty(shape, _np_dtype(dtype))

    def put(self, array):
        return np.asarray(array, order="C")         # (ascontiguousarray makes 0-d 1-d)

    def get(self, buf) -> np.ndarray:
        return buf

    wraps_all = True                            # arg() wraps every buffer

    def arg(self, buf):
        return triton_kernels.HostBuffer(np.ascontiguousarray(buf))   # host ops return views

    def prepare(self):
        triton_kernels.interpret_on_numpy()

    def synchronize(self):
        pass

    autotune = False        # the interpreter's times say nothing of a GPU's
    name = "interpreter"
    blas = True

    def gemm(self, lhs, rhs, out, spec):
        """out (batch, M, N) = lhs @ rhs over the strided views of spec (Kernel.library);
        buffers as arg() wraps them."""
        lhs, rhs, out = (b.array for b in (lhs, rhs, out))
        views = [np.lib.stride_tricks.as_strided(buf, sizes, [s * buf.itemsize for s in st])
                 for buf, (_, sizes, st) in ((lhs, spec["lhs"]), (rhs, spec["rhs"]))]
        np.matmul(*views, out=out.reshape(views[0].shape[0], views[0].shape[1], -1))

    def time(self, fn, reps: int = 1) -> float:
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        return (time.perf_counter() - start) / reps


class CudaDevice:
    """Buffers are torch tensors on the GPU; booleans are stored as bytes (torch.bool)."""
    platform = "gpu"
    compiles = True                             # Triton compiles kernels for it

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
        array = np.asarray(array, order="C")
        if not array.flags.writeable:           # torch.from_numpy warns on read-only memory
            array = array.copy()
        if array.dtype.name == "bfloat16":      # torch cannot read ml_dtypes' bfloat16
            bits = self.torch.from_numpy(array.view(np.uint16).astype(np.int16))
            return bits.to(self.device, non_blocking=True).view(self.torch.bfloat16)
        return self.torch.from_numpy(array).to(self.device, non_blocking=True)

    def get(self, buf) -> np.ndarray:
        if buf.dtype == self.torch.bfloat16:
            import ml_dtypes
            return buf.view(self.torch.int16).cpu().numpy().view(ml_dtypes.bfloat16)
        return buf.cpu().numpy()

    wraps_all = False                           # arg() changes booleans only

    def arg(self, buf):
        return buf.view(self.torch.int8) if buf.dtype == self.torch.bool else buf

    def prepare(self):
        pass

    def synchronize(self):
        self.torch.cuda.synchronize(self.device)

    @property
    def autotune(self) -> bool:
        return os.environ.get("MLAX_AUTOTUNE", "1") != "0"

    @property
    def name(self) -> str:
        return self.torch.cuda.get_device_name(self.device)

    @property
    def blas(self) -> bool:
        """Whether cuBLAS computes f32 products as mlax's are (IEEE, not TF32)."""
        return not self.torch.backends.cuda.matmul.allow_tf32

    def gemm(self, lhs, rhs, out, spec):
        """out (batch, M, N) = lhs @ rhs over the strided views of spec (Kernel.library);
        buffers as arg() wraps them."""
        a, b = (self.torch.as_strided(buf, sizes, st)
                for buf, (_, sizes, st) in ((lhs, spec["lhs"]), (rhs, spec["rhs"])))
        self.torch.matmul(a, b, out=out.view(a.shape[0], a.shape[1], b.shape[2]))

    def time(self, fn, reps: int = 1) -> float:
        """Seconds a call of fn takes on the device: after one call (a warm-up), the mean of
        reps more."""
        fn()
        start, end = (self.torch.cuda.Event(enable_timing=True) for _ in range(2))
        start.record()
        for _ in range(reps):
            fn()
        end.record()
        end.synchronize()
        return start.elapsed_time(end) / reps / 1e3


def cuda_available() -> bool:
    # No NVIDIA driver node: spare torch's import. (Sandboxed kernels may show /dev/nvidiactl
    # without /proc/driver/nvidia, so either will do.)
    if not any(os.path.exists(p) for p in ("/proc/driver/nvidia/version", "/dev/nvidiactl")):
        return False
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


# A matmul of at least this many multiply-adds has its ways of computing (tile configs, a
# BLAS) timed on its first call where the device can tell (a GPU); the choice is kept on disk.
TUNE_MIN = 1 << 27
# Ways within TUNE_CLOSE of the fastest after one timed run each are timed again, TUNE_REPS
# runs: a big product takes milliseconds, and a first call should not spend many on the
# ways that are clearly slower.
TUNE_CLOSE, TUNE_REPS = 1.25, 4


class KernelLibrary:
    """The executable's Triton kernels, loaded once, launched on a device."""

    def __init__(self, kernels: dict, device):
        from ..passes.triton_emit import Kernel
        self.kernels = {name: Kernel.from_dict(k) for name, k in kernels.items()}
        self.device = device
        self.ahead_errors = []
        if device.compiles:                     # every kernel at once, not one per launch
            probes = {}

            def probe(dtype):
                if dtype not in probes:
                    probes[dtype] = device.arg(device.empty((16,), dtype))
                return probes[dtype]
            jobs = [job for k in self.kernels.values() for job in _first_launches(k, device, probe)]
            cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
                os.cpu_count() or 1
            self.ahead_errors = triton_kernels.compile_ahead(jobs, min(32, cpus))

    def function(self, symbol: str, num_inputs: int, result_types, where: str = ""):
        """callable(*device buffers) -> results: kernel `symbol` launched on new buffers;
        where (the user's file:line) names it in errors."""
        kernel = self.kernels[symbol]
        device = self.device
        consts = [device.put(kernel.constants[name])
                  for name, _ in kernel.params[num_inputs:len(kernel.params) - kernel.results]]
        ways = _ways(kernel, device)
        chosen = [ways[0][1]] if len(ways) == 1 or not _worth_tuning(kernel, device) else \
            [_remembered(kernel, device, ways)]

        arg, empty = device.arg, device.empty
        # Decided once, not per call: whether anything is stored, which buffers need a view
        # for Triton (booleans, as bytes).
        filled = any(math.prod(shape) for shape, _ in result_types)
        views = [k for k, (_, a) in enumerate(kernel.params)
                 if device.wraps_all or a.dtype == "bool"]

        def launch(*bufs):
            outs = [empty(shape, dtype) for shape, dtype in result_types]
            if filled:
                args = [*bufs, *consts, *outs]
                for k in views:
                    args[k] = arg(args[k])
                try:
                    if chosen[0] is None:
                        chosen[0] = _tune(kernel, device, ways, args)
                    chosen[0](args)
                except Exception as e:          # Triton's compile errors, launch failures
                    raise cpu.ExecutionError(
                        f"{where}: the GPU kernel @{symbol} ({kernel.kind}) failed: "
                        f"{type(e).__name__}: {e}\n(its Triton source: "
                        f"jit(f).lower(...).as_text('triton-python'))") from e
            return tuple(outs)
        return launch


def _configs(kernel, device) -> list:
    """The tile configs worth a way of their own: where a BLAS can compute the product (f32),
    the rule of thumb's pick alone; the others' compiles and runs are not worth it there."""
    return kernel.configs[:1] if kernel.library is not None and device.blas else kernel.configs


def _ways(kernel, device) -> list:
    """(label, callable(args)) of each way to run kernel (args wrapped by device.arg): its
    tile configs, then a BLAS."""
    ways = [(_label(c), triton_kernels.launcher(kernel, c)) for c in _configs(kernel, device)] \
        or [("triton", triton_kernels.launcher(kernel))]
    spec = kernel.library
    if spec is not None and device.blas:
        position = {name: k for k, (name, _) in enumerate(kernel.params)}
        epilogue = spec["epilogue"] and triton_kernels.single(kernel, spec["epilogue"])

        def blas(args):
            lhs, rhs = args[position[spec["lhs"][0]]], args[position[spec["rhs"][0]]]
            if not epilogue:
                device.gemm(lhs, rhs, args[-1], spec)
                return
            product = device.arg(device.empty(*spec["product"]))
            device.gemm(lhs, rhs, product, spec)
            epilogue([*args, product])
        ways.append(("blas", blas))
    return ways


def _first_launches(kernel, device, probe) -> list:
    """(kernel, launch spec, args) of each launch kernel's first call may make: its way's,
    or every way's where they are to be timed; probe(dtype) gives a buffer like the
    launch's (Triton specializes on dtypes and alignment)."""
    configs = {_label(c): c for c in _configs(kernel, device)} or {"triton": None}
    blas = kernel.library is not None and device.blas
    labels = [*configs, "blas"] if blas else list(configs)
    if len(labels) > 1 and _worth_tuning(kernel, device):
        label = _remembered_label(kernel, device)
        labels = [label] if label in labels else labels
    else:
        labels = labels[:1]
    args = [probe(a.dtype) for _, a in kernel.params]
    jobs = []
    for label in labels:
        if label != "blas":
            jobs += [(kernel, spec, args) for spec in triton_kernels.launches(kernel, configs[label])]
        elif kernel.library["epilogue"] and all(kernel.library["epilogue"]["grid"]):
            jobs.append((kernel, kernel.library["epilogue"],
                         [*args, probe(kernel.library["product"][1])]))
    return jobs


def _label(config: dict) -> str:
    c, o = config["constexprs"], config["options"]
    return "x".join(str(v) for v in c.values()) + "".join(f",{k}={v}" for k, v in o.items())


def _worth_tuning(kernel, device) -> bool:
    return device.autotune and kernel.kind == "matmul" and kernel.work >= TUNE_MIN


def _tuning_file():
    return cache_dir() / "tuning.json"


def _tuning_key(kernel, device) -> str:
    import triton
    digest = hashlib.sha256(kernel.source.encode()).hexdigest()[:20]
    return f"{device.name}|triton {triton.__version__}|{kernel.name}_{digest}"


def _remembered_label(kernel, device):
    """The label of the way chosen for kernel on this kind of device before, or None."""
    try:
        return json.loads(_tuning_file().read_text()).get(_tuning_key(kernel, device))
    except (OSError, ValueError):
        return None


def _remembered(kernel, device, ways):
    """The way chosen for kernel on this kind of device before, or None."""
    return dict(ways).get(_remembered_label(kernel, device))


def _tune(kernel, device, ways, args):
    """Times each way on args (results are overwritten by the chosen one's next run): one
    run each, then TUNE_REPS more of those within TUNE_CLOSE of the fastest; remembers the
    fastest."""
    times = {}
    for label, way in ways:
        try:
            times[label] = device.time(lambda: way(args))
        except Exception:                       # a config the device cannot run
            continue
    if not times:                               # none runs: the first says why, when run
        return ways[0][1]
    close = [label for label, t in times.items() if t <= TUNE_CLOSE * min(times.values())]
    if len(close) > 1:
        times = {label: device.time(lambda: dict(ways)[label](args), reps=TUNE_REPS)
                 for label in close}
    best = min(times, key=times.get)
    path = _tuning_file()
    try:
        table = json.loads(path.read_text())
    except (OSError, ValueError):
        table = {}
    table[_tuning_key(kernel, device)] = best
    write_atomically(path, json.dumps(table, indent=1, sort_keys=True).encode())
    return dict(ways)[best]


def _host(fn, device):
    """An op without a kernel: its operands to the host, numpy's kernel, back."""
    def run(*bufs, **params):
        with quiet():
            out = fn(*[device.get(b) for b in bufs], **params)
        outs = out if isinstance(out, tuple) else (out,)
        moved = tuple(device.put(np.asarray(o)) for o in outs)
        return moved if isinstance(out, tuple) else moved[0]
    return run


def load(executable, device, check: bool = True):
    """The entry function of a GPU executable: callable(*device buffers) -> device buffers,
    checking their shapes and dtypes unless its caller has (as cpu.load)."""
    device.prepare()
    table = KERNELS if device.platform == "interpreter" else {
        name: _host(fn, device) for name, fn in KERNELS.items()}
    library = KernelLibrary(executable.kernels, device)
    functions = executable.functions
    # The host's error state is set by the host ops themselves: a GPU program's call does not
    # pay for numpy's errstate when it has none (the interpreter's kernels are all host code).
    entry = functions[executable.entry]
    run = cpu.compile_function(entry, functions, {}, entry=device.platform == "interpreter",
                               library=library, table=table, constant=device.put,
                               empty=device.empty)
    return checked(entry, run) if check else run
