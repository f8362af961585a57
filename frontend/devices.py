"""Devices, as JAX names them: `mlax.devices()`, `mlax.default_backend()`.

The platforms are "gpu" (CUDA through torch and Triton; first when one exists), "cpu" (numpy
kernels and native code) and "interpreter" (the GPU path run by Triton's interpreter on the
host: every GPU kernel, no GPU; chosen only by name). `jax_platforms` (or the JAX_PLATFORMS /
MLAX_PLATFORMS environment variables), e.g. "cpu", restricts and orders them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .config import config

PLATFORMS = ("gpu", "cpu", "interpreter")


@dataclass(frozen=True)
class Device:
    platform: str
    id: int = 0

    def __repr__(self) -> str:
        name = {"gpu": "CudaDevice", "cpu": "CpuDevice", "interpreter": "InterpreterDevice"}
        return f"{name[self.platform]}(id={self.id})"


_RUNTIME: dict = {}


def _cuda_count() -> int:
    if "cuda" not in _RUNTIME:
        from .runtime.gpu import cuda_available
        count = 0
        if cuda_available():
            import torch
            count = torch.cuda.device_count()
        _RUNTIME["cuda"] = count
    return _RUNTIME["cuda"]


def _platforms() -> list:
    wanted = config.jax_platforms
    if wanted:
        names = [p.strip() for p in wanted.split(",") if p.strip()]
        for p in names:
            if p not in PLATFORMS:
                raise ValueError(f"unknown platform '{p}' in jax_platforms; mlax has "
                                 f"{', '.join(PLATFORMS)}")
        if "gpu" in names and not _cuda_count():
            names.remove("gpu")
            if not names:
                raise RuntimeError("jax_platforms asks for 'gpu' but no CUDA device is visible "
                                   "(mlax needs torch with CUDA and a GPU)")
        return names
    return ["gpu", "cpu"] if _cuda_count() else ["cpu"]


def devices(backend: str | None = None) -> list:
    """The devices of a platform (default: the default backend's)."""
    backend = backend or default_backend()
    if backend not in PLATFORMS:
        raise RuntimeError(f"unknown backend '{backend}'; mlax has {', '.join(PLATFORMS)}")
    if backend == "gpu":
        n = _cuda_count()
        if not n:
            raise RuntimeError("no GPU: mlax needs torch with CUDA and a visible device")
        return [Device("gpu", i) for i in range(n)]
    return [Device(backend, 0)]


def local_devices(backend: str | None = None) -> list:
    return devices(backend)


def device_count(backend: str | None = None) -> int:
    return len(devices(backend))


def default_backend() -> str:
    return _platforms()[0]


def runtime_device(platform: str):
    """The runtime's device object (runtime/gpu.py) that compiled code of a platform uses."""
    key = ("device", platform)
    if key not in _RUNTIME:
        from .runtime import gpu
        if platform == "interpreter":
            if os.environ.get("TRITON_INTERPRET") != "1":
                import sys
                if "triton" in sys.modules:
                    raise RuntimeError("the interpreter platform needs TRITON_INTERPRET=1 "
                                       "before Triton is imported")
                os.environ["TRITON_INTERPRET"] = "1"
            _RUNTIME[key] = gpu.InterpreterDevice()
        else:
            _RUNTIME[key] = gpu.CudaDevice(0)
    return _RUNTIME[key]
