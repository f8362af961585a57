"""mlax's cache on disk (`$MLAX_CACHE_DIR`, else `~/.cache/mlax`): generated kernel sources
(Triton's JIT reads a kernel's source from its file), the matmul ways timed on each GPU, and
compiled GPU executables, so that the second run of a program neither reruns the passes nor
(with Triton's own cache) recompiles its kernels.

Every entry is checked when read (an executable against the digest stored in front of it, a
kernel's source against the source it must hold): a damaged entry (a full disk, a killed
writer, a bad sector) is reported once, removed and rebuilt, never run.
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import pathlib
import warnings
import zipfile


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


def _damaged(path: pathlib.Path, why: str) -> None:
    """Reports a damaged entry (once: it is removed, and its rebuilt copy is sound)."""
    warnings.warn(f"mlax's cache entry {path} is damaged ({why}); it is removed and rebuilt",
                  RuntimeWarning, stacklevel=3)
    try:
        path.unlink()
    except OSError:
        pass


def ensure_file(path: pathlib.Path, data: bytes) -> None:
    """Makes path hold data (a file others read by name): written if missing, rewritten if
    damaged."""
    try:
        if path.read_bytes() == data:
            return
        _damaged(path, "its contents are not those its name's digest stands for")
    except FileNotFoundError:
        pass
    except OSError as e:
        _damaged(path, e.strerror or type(e).__name__)
    write_atomically(path, data)


_DIGEST = hashlib.sha256().digest_size


def read_checked(path: pathlib.Path):
    """The data write_checked stored at path; None if missing or damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        _damaged(path, e.strerror or type(e).__name__)
        return None
    data = raw[_DIGEST:]
    if len(raw) < _DIGEST or hashlib.sha256(data).digest() != raw[:_DIGEST]:
        _damaged(path, "its digest does not match its contents")
        return None
    return data


def write_checked(path: pathlib.Path, data: bytes) -> None:
    """Stores data with its digest in front, whole or not at all."""
    write_atomically(path, hashlib.sha256(data).digest() + data)


def executable(key_parts, build):
    """The Executable cached under key_parts (strings), else build()'s, then cached."""
    from .executable import Executable
    h = hashlib.sha256(code_version().encode())
    for part in key_parts:
        h.update(b"\0" + part.encode())
    path = cache_dir("executables") / f"{h.hexdigest()[:32]}.npz"
    data = read_checked(path)
    if data is not None:
        try:
            return Executable.load(io.BytesIO(data))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
            _damaged(path, f"{type(e).__name__}: {e}")
    exe = build()
    buf = io.BytesIO()
    exe.save(buf)
    write_checked(path, buf.getvalue())
    return exe
