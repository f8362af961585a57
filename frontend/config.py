"""Global switches, spelled as in JAX: `mlax.config.update("jax_enable_x64", True)`."""
from __future__ import annotations

import os


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes", "on")


class Config:
    """Options read by tracing and dispatch. Changing one invalidates nothing by itself:
    every cache key that depends on an option includes it."""

    _OPTIONS = ("jax_enable_x64", "mlax_native_cpu", "jax_platforms")

    def __init__(self):
        self.jax_enable_x64 = _env_flag("MLAX_ENABLE_X64") or _env_flag("JAX_ENABLE_X64")
        # Compile loops and fusible elementwise work to machine code (passes/native.py);
        # off, every op runs as a numpy kernel.
        self.mlax_native_cpu = os.environ.get("MLAX_NATIVE_CPU", "1").lower() not in (
            "0", "false", "no", "off")
        # Platforms to use, in order ("cpu", "gpu", "interpreter"; devices.py); None: the GPU
        # when there is one, else the CPU.
        self.jax_platforms = os.environ.get("MLAX_PLATFORMS") or os.environ.get(
            "JAX_PLATFORMS") or None

    def update(self, name: str, value) -> None:
        if name not in self._OPTIONS:
            raise ValueError(f"unknown configuration option '{name}'; mlax has "
                             f"{', '.join(self._OPTIONS)}")
        setattr(self, name, (str(value) if value else None) if name == "jax_platforms"
                else bool(value))

    @property
    def x64_enabled(self) -> bool:
        return self.jax_enable_x64

    @property
    def compile_key(self) -> tuple:
        """The options that change what jit compiles: part of every jit cache key."""
        return self.jax_enable_x64, self.mlax_native_cpu, self.jax_platforms


config = Config()
