"""Abstract values: what tracing and dispatch know of an array without its data."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .dialect import rules as R


class ShapedArray(NamedTuple):
    """What tracing knows of a value: shape, dtype name and JAX's weak-type flag."""
    shape: tuple
    dtype: str
    weak_type: bool = False

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def aval(self) -> R.Aval:
        return R.Aval(self.shape, self.dtype)

    def str_short(self) -> str:
        short = {"float": "f", "int": "i", "uint": "u", "bfloat": "bf"}
        kind = self.dtype.rstrip("0123456789")
        name = "bool" if self.dtype == "bool" else short[kind] + self.dtype[len(kind):]
        return f"{name}[{','.join(map(str, self.shape))}]"

    def __str__(self) -> str:
        return self.str_short()
