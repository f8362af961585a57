"""Element types of the mlax dialect: one name per dtype, as numpy spells it.

Pure Python (no MLIR import) so the runtime and the eager path share it.
"""
import numpy as np

# numpy name -> MLIR element type spelling. Signless iN is two's-complement signed,
# as in StableHLO; uint32 is the only unsigned type (the random generator needs it).
MLIR_NAMES = {
    "bool": "i1",
    "int32": "i32",
    "int64": "i64",
    "uint32": "ui32",
    "float16": "f16",
    "bfloat16": "bf16",
    "float32": "f32",
    "float64": "f64",
}
FROM_MLIR = {v: k for k, v in MLIR_NAMES.items()}

FLOATS = frozenset({"float16", "bfloat16", "float32", "float64"})
SIGNED = frozenset({"int32", "int64"})
UNSIGNED = frozenset({"uint32"})
INTEGERS = SIGNED | UNSIGNED
NUMERIC = FLOATS | INTEGERS
ALL = frozenset(MLIR_NAMES)
INDEX_DTYPES = frozenset({"int32", "int64", "uint32"})

BITS = {"bool": 8, "int32": 32, "int64": 64, "uint32": 32,
        "float16": 16, "bfloat16": 16, "float32": 32, "float64": 64}


def is_float(dtype: str) -> bool:
    return dtype in FLOATS


def is_integer(dtype: str) -> bool:
    return dtype in INTEGERS


def is_uniform(value: np.ndarray) -> bool:
    """Whether every element of value has the first's bits (so -0.0 differs from 0.0, and a
    NaN repeats)."""
    if value.size == 0:
        return False
    if not any(value.strides):
        return True
    bits = np.ascontiguousarray(value).reshape(-1).view(f"u{value.dtype.itemsize}")
    return bool((bits == bits[0]).all())
