"""mlax's cache on disk (`$MLAX_CACHE_DIR`, else `~/.cache/mlax`): generated kernel sources
(Triton's JIT reads a kernel's source from its file), the matmul ways timed on each GPU, and
compiled GPU executables, so that the second run of a program neither reruns the passes nor
(with Triton's own cache) recompiles its kernels."""
from __future__ import annotations

import functools
import hashlib
import os
import pathlib


def cache_dir(*parts: str) -> pathlib.Path:
    """The cache's folder, or a folder inside it; made if missing."""
    root = os.environ.get("MLAX_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "mlax")
    path = pathlib.Path(root, *parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomically(path: pathlib.Path, data: bytes) -> None:
    """Writes path whole or not at all (processes may share the cache)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of mlax's own sources: a cached executable is valid for this mlax only."""
    import importlib
    h = hashlib.sha256()
    for name in ("mlax", "mlax.dialect", "mlax.passes", "mlax.runtime", "mlax.tools"):
        folder = pathlib.Path(importlib.import_module(name).__file__).parent
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".mlir"):
                h.update(f"{name}/{path.relative_to(folder)}".encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:20]


def executable(key_parts, build):
    """The Executable cached under key_parts (strings), else build()'s, then cached."""
    from .executable import Executable
    h = hashlib.sha256(code_version().encode())
    for part in key_parts:
        h.update(b"\0" + part.encode())
    path = cache_dir("executables") / f"{h.hexdigest()[:32]}.npz"
    if path.exists():
        try:
            return Executable.load(path)
        except (OSError, ValueError, KeyError):
            pass                                # unreadable: compile it again
    exe = build()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    exe.save(tmp)
    os.replace(tmp, path)
    return exe
