"""The CPU kernel table (mlax.runtime.kernels): coverage, result types, and JAX parity.

Every case in CASES must give the result type the op's rule infers, and, unless it is
types-only, the values jax.lax gives (x64 on) for the same inputs, to the dtype's rounding.
"""

import subprocess
import sys

import ml_dtypes
import numpy as np
import pytest

from mlax.dialect import rules
from mlax.dialect.rules import Aval
from mlax.runtime.kernels import KERNELS


@pytest.fixture(autouse=True)
def _quiet():
    """Kernels run inside the backend's floating-point error state (see kernels.quiet)."""
    from mlax.runtime.kernels import quiet
    with quiet():
        yield

EXCLUDED = {"grad", "jvp", "vjp", "vmap", "scan", "while", "cond", "custom_jvp", "custom_vjp"}
BF16 = np.dtype(ml_dtypes.bfloat16)
FLOATS = ("float16", "bfloat16", "float32", "float64")
INTS = ("int32", "int64", "uint32")
NUMERIC = FLOATS + INTS
ALL = NUMERIC + ("bool",)
RTOL = {"float16": 1e-3, "bfloat16": 8e-3, "float32": 2e-6, "float64": 1e-13}
RNG = np.random.default_rng(0)


def npd(name):
    return BF16 if name == "bfloat16" else np.dtype(name)


def values(dtype, shape=(4, 6), special=True, lo=-3, hi=3):
    """Random values in [lo, hi] (times 7 for integers), with NaN/inf/-0.0/halves or integer
    extremes mixed in if `special`; special="exact" makes half floats small integers, or
    powers of two if lo > 0."""
    size = int(np.prod(shape))
    if special == "exact" and dtype in ("float16", "bfloat16"):
        # Sums and products come out exact in any order: XLA's may differ from numpy's.
        x = RNG.choice([-2, -1, -0.5, 0.5, 1, 2], size) if lo > 0 else RNG.integers(-3, 4, size)
        return x.reshape(shape).astype(npd(dtype))
    special = special is True
    if dtype == "bool":
        return np.asarray(RNG.random(shape) < 0.5)
    if dtype in FLOATS:
        x = RNG.uniform(lo, hi, size)
        pool = [np.nan, np.inf, -np.inf, -0.0, 0.0, 0.5, -0.5, 1.5, -2.5, 1.0]
    else:
        info = np.iinfo(dtype)
        x = RNG.integers(max(int(lo * 7), info.min), int(hi * 7), size, endpoint=True)
        pool = [0, 1, info.max, 7] + ([info.min, -1, -7] if info.min else [])
    if special:
        n = min(len(pool), size // 2)
        x[RNG.choice(size, n, replace=False)] = pool[:n]
    return x.reshape(shape).astype(npd(dtype))


def i32(v):
    return np.asarray(v, np.int32)


# --------------------------------------------------------------------------- cases

CASES: dict = {}        # op name -> [(operands, params), ...]
TYPES_ONLY = set()      # ids of cases not worth an XLA compile: elementwise scalar or empty


def case(name, *operands, **params):
    CASES.setdefault(name, []).append((operands, params))


def types_only_case(name, *operands, **params):
    case(name, *operands, **params)
    TYPES_ONLY.add(id(CASES[name][-1]))


SHAPES = ((), (0, 3), (4, 6))
MAIN = ("float32", "int32")     # dtypes that get every variant of a case (XLA compiles are slow)
UNARY = {
    FLOATS: ["exp", "exp2", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "logistic",
             "sqrt", "rsqrt", "cbrt", "erf", "erf_inv", "floor", "ceil", "is_finite"],
    NUMERIC: ["neg", "abs", "sign"],
    INTS + ("bool",): ["not"],
}
BINARY = {
    NUMERIC: ["add", "sub", "mul", "div", "rem"],
    NUMERIC + ("bool",): ["max", "min"],
    FLOATS: ["pow", "atan2"],
    INTS + ("bool",): ["and", "or", "xor"],
}
for dtypes, names in UNARY.items():
    for name in names:
        for d in dtypes:
            for s in SHAPES if d in MAIN else SHAPES[2:]:
                (case if s == SHAPES[2] else types_only_case)(
                    name, values(d, s, lo=-1.2 if name == "erf_inv" else -3))
for dtypes, names in BINARY.items():
    for name in names:
        for d in dtypes:
            for s in SHAPES if d in MAIN else SHAPES[2:]:
                (case if s == SHAPES[2] else types_only_case)(name, values(d, s), values(d, s))
for name in ("shift_left", "shift_right_logical", "shift_right_arithmetic"):
    for d in INTS:
        case(name, values(d), RNG.integers(-2, 70, (4, 6)).astype(d))
    types_only_case(name, values("int32", ()), values("int32", ()))
for d in FLOATS:
    for m in (0, 1):
        case("round", values(d), rounding_method=m)
types_only_case("round", values("float32", ()), rounding_method=0)
case("stop_gradient", values("float32"))
for d in ALL:
    types_only_case("stop_gradient", values(d, (0, 3)))
for d in NUMERIC:
    for y in (0, 3, 6, -1, -3) if d == "float32" else (6, -3) if d in FLOATS else (3, 6):
        case("integer_pow", values(d, lo=-2, hi=2), y=y)
for d in ALL:
    x, y = values(d), values(d)
    y[0] = x[0]                                         # some equal pairs
    for cmp in ("EQ", "NE", "LT", "LE", "GT", "GE") if d == "float32" else ("LT",):
        case("compare", x, y, comparison_direction=cmp)
    case("select", values("bool"), values(d), values(d))
    if d in MAIN:
        case("select", np.asarray(False), values(d), values(d))
        types_only_case("select", np.asarray(True), values(d, ()), values(d, ()))

# Floats with out-of-range values for every integer type; integers hitting every range.
with np.errstate(over="ignore"):
    CONVERT_IN = {d: np.concatenate([values(d, (24,)), np.array(
        [3e9, -3e9, 5e9, 1e19, -1e19, 2.7, -2.7, 2**31 - 128, 65504, 3.4e38]).astype(npd(d))])
        for d in FLOATS}
CONVERT_IN.update({d: np.concatenate([values(d, (24,)), np.array(
    [np.iinfo(d).max, np.iinfo(d).min, 2**24 + 1, 65519, 2**16 + 1], np.int64).astype(d)])
    for d in INTS})
CONVERT_IN["bool"] = values("bool", (8,))
for a in ALL:
    for b in ALL:
        (case if a not in (b, "bool") else types_only_case)("convert", CONVERT_IN[a], dtype=b)
case("convert", np.asarray(2.5, np.float32), dtype="int32")
case("convert", np.zeros((0, 2), np.int32), dtype="float16")
for a, b in (("float32", "int32"), ("int32", "uint32"), ("uint32", "float32"),
             ("float64", "int64"), ("int64", "float64"), ("float16", "bfloat16"),
             ("bfloat16", "float16")):
    case("bitcast_convert", values(a), dtype=b)
case("bitcast_convert", values("float32", ()), dtype="int32")

case("broadcast_in_dim", values("float32", (3, 1)), shape=(2, 3, 4), broadcast_dimensions=(1, 2))
case("broadcast_in_dim", values("int32", ()), shape=(2, 3), broadcast_dimensions=())
case("broadcast_in_dim", values("bfloat16", (0,)), shape=(2, 0), broadcast_dimensions=(1,))
case("reshape", values("float32", (3, 4)), shape=(2, 6))
case("reshape", values("int32", (0, 3)), shape=(3, 0))
case("reshape", values("bool", ()), shape=(1, 1))
case("transpose", values("float64", (2, 3, 4)), permutation=(2, 0, 1))
case("transpose", values("int32", ()), permutation=())
for dims in ((0, 1), (1,), ()):
    case("rev", values("float32", (3, 4)), dimensions=dims)
case("slice", values("float32", (4, 6)), start_indices=(1, 0), limit_indices=(3, 6), strides=(1, 4))
case("slice", values("int64", (4, 6)), start_indices=(3, 2), limit_indices=(3, 5), strides=(2, 1))
case("slice", values("int32", ()), start_indices=(), limit_indices=(), strides=())
# Start indices are clamped so the whole slice fits.
case("dynamic_slice", values("float32", (5, 4)), i32(3), i32(-2), slice_sizes=(3, 2))
case("dynamic_slice", values("int32", (5, 4)), np.asarray(10), np.asarray(1), slice_sizes=(2, 3))
case("dynamic_slice", values("float64", (5, 4)), i32(1), i32(1), slice_sizes=(0, 4))
case("dynamic_slice", values("float32", ()), slice_sizes=())
case("dynamic_update_slice", values("float32", (5, 4)), values("float32", (2, 3)), i32(4), i32(-1))
case("dynamic_update_slice", values("int64", (5, 4)), values("int64", (5, 1)),
     np.asarray(-3), np.asarray(7))
case("dynamic_update_slice", values("bool", ()), values("bool", ()))
case("concatenate", values("float32", (2, 3)), values("float32", (2, 1)), dimension=1)
case("concatenate", values("int32", (0, 3)), values("int32", (2, 3)), dimension=0)
for shape, lo, hi, it in (((4, 3), (-1, 2), (2, -2), (2, 0)),   # negative edges crop
                          ((0, 3), (1, 0), (1, 1), (1, 1)),
                          ((5,), (-3,), (-2,), (1,)),            # crops into the interior
                          ((5,), (-3,), (-2,), (0,)),            # to nothing
                          ((), (), (), ())):
    case("pad", values("float32", shape), np.asarray(9.5, np.float32),
         edge_padding_low=lo, edge_padding_high=hi, interior_padding=it)

# gather: (operand, indices, params); indices include out-of-bounds and negative starts.
G = dict(operand_batching_dims=(), start_indices_batching_dims=())
GATHERS = [
    (values("float32", (5, 4)), i32([[0], [4], [7], [-2]]),
     dict(G, offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,),
          index_vector_dim=1, slice_sizes=(1, 4))),
    (values("float64", (5, 4)), i32([0, 4, 7]),                 # implicit index vector
     dict(G, offset_dims=(0,), collapsed_slice_dims=(0,), start_index_map=(0,),
          index_vector_dim=1, slice_sizes=(1, 3))),
    (values("int32", (6, 5)), np.asarray([[1, 3], [5, 4], [-1, 2]], np.int64),
     dict(G, offset_dims=(1, 2), collapsed_slice_dims=(), start_index_map=(0, 1),
          index_vector_dim=1, slice_sizes=(2, 3))),
    (values("float32", (6, 5)), i32([[3, 1], [0, 9]]).T,         # index_vector_dim 0
     dict(G, offset_dims=(1,), collapsed_slice_dims=(1,), start_index_map=(1, 0),
          index_vector_dim=0, slice_sizes=(2, 1))),
    (values("float32", (2, 5, 3)), RNG.integers(-2, 7, (2, 4, 1)).astype(np.int32),
     dict(offset_dims=(2,), collapsed_slice_dims=(1,), start_index_map=(1,),
          operand_batching_dims=(0,), start_indices_batching_dims=(0,),
          index_vector_dim=2, slice_sizes=(1, 1, 3))),
    (values("bfloat16", (3, 5, 2)), RNG.integers(-2, 7, (1, 4, 2)).astype(np.uint32),
     dict(offset_dims=(0,), collapsed_slice_dims=(1,), start_index_map=(1,),
          operand_batching_dims=(2,), start_indices_batching_dims=(2,),
          index_vector_dim=0, slice_sizes=(2, 1, 1))),
    (values("float32", (5, 4)), np.zeros((0, 1), np.int32),
     dict(G, offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,),
          index_vector_dim=1, slice_sizes=(1, 4))),
    # what numpy integer-array indexing lowers to, starts clamped:
    (values("float32", (4, 7)), i32([2, 9, -3, 6, 0]),                   # x[:, idx]
     dict(G, offset_dims=(0,), collapsed_slice_dims=(1,), start_index_map=(1,),
          index_vector_dim=1, slice_sizes=(4, 1))),
    (values("int32", (5, 6, 3)), RNG.integers(-2, 8, (2, 3, 2)).astype(np.int32),  # x[i, j]
     dict(G, offset_dims=(2,), collapsed_slice_dims=(0, 1), start_index_map=(0, 1),
          index_vector_dim=2, slice_sizes=(1, 1, 3))),
    (values("float32", (5, 3, 6)), RNG.integers(-2, 8, (4, 2, 2)).astype(np.int32),
     dict(G, offset_dims=(1,), collapsed_slice_dims=(0, 2), start_index_map=(2, 0),  # x[j, :, i]
          index_vector_dim=2, slice_sizes=(1, 3, 1))),                   # window between batch dims
    (values("float32", (3, 5, 4, 6)), RNG.integers(-2, 8, (3, 2)).astype(np.int32),
     dict(G, offset_dims=(0, 2), collapsed_slice_dims=(1, 3), start_index_map=(3, 1),  # x[:, j,
          index_vector_dim=1, slice_sizes=(3, 1, 2, 1))),                # :2, i]
    (values("float64", (5, 4)), i32([[3], [-1], [8]]),                   # taken dim kept as
     dict(G, offset_dims=(1, 2), collapsed_slice_dims=(), start_index_map=(0,),  # a window dim,
          index_vector_dim=1, slice_sizes=(1, 3))),                      # another one cut
    (values("float32", (5, 4)), i32([[1, 2], [4, 0], [-2, 3]]),          # dim 1 spanned: its
     dict(G, offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0, 1),  # start
          index_vector_dim=1, slice_sizes=(1, 4))),                      # clamps to 0
    (values("float32", (3, 6, 4)), i32([[5, -1, 2, 9, 0]]),              # batch between the
     dict(G, offset_dims=(0, 2), collapsed_slice_dims=(1,), start_index_map=(1,),  # offset
          index_vector_dim=0, slice_sizes=(3, 1, 4))),                   # dims
    (values("bool", (6, 2)), i32([4]),                                   # no batch dims
     dict(G, offset_dims=(0,), collapsed_slice_dims=(0,), start_index_map=(0,),
          index_vector_dim=0, slice_sizes=(1, 2))),
    (values("float32", (200, 16)), RNG.integers(-20, 220, (300,)).astype(np.int32),  # x[idx]
     dict(G, offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,),
          index_vector_dim=1, slice_sizes=(1, 16))),
    # ... and a general one: batching dims, moving windows, offset dims interleaved.
    (values("float32", (3, 7, 4)), RNG.integers(-3, 9, (3, 2, 1)).astype(np.int32),
     dict(offset_dims=(1, 3), collapsed_slice_dims=(), start_index_map=(1,),
          operand_batching_dims=(0,), start_indices_batching_dims=(0,),
          index_vector_dim=2, slice_sizes=(1, 3, 2))),
]
for g in GATHERS:
    case("gather", g[0], g[1], **g[2])

S = dict(input_batching_dims=(), scatter_indices_batching_dims=())
SCATTERS = [   # (operand, indices, updates, params, has duplicate indices)
    (values("float32", (5, 4)), i32([[0], [4], [7], [-1]]), values("float32", (4, 4)),
     dict(S, update_window_dims=(1,), inserted_window_dims=(0,),
          scatter_dims_to_operand_dims=(0,), index_vector_dim=1), False),
    (values("bfloat16", (5, 4), special="exact"), i32([1, 3, 1, 6, 1]),   # sums exact
     values("bfloat16", (2, 5), special="exact"),
     dict(S, update_window_dims=(0,), inserted_window_dims=(0,),
          scatter_dims_to_operand_dims=(0,), index_vector_dim=1), True),
    (values("int32", (6, 5)), np.asarray([[1, 2], [5, 4], [4, 2], [-1, 0]], np.int64),
     values("int32", (4, 2, 3)),                             # windows partly out: dropped
     dict(S, update_window_dims=(1, 2), inserted_window_dims=(),
          scatter_dims_to_operand_dims=(0, 1), index_vector_dim=1), False),
    (values("float32", (2, 5, 3)), RNG.integers(-1, 6, (2, 4, 1)).astype(np.int32),
     values("float32", (2, 4, 3)),
     dict(update_window_dims=(2,), inserted_window_dims=(1,), input_batching_dims=(0,),
          scatter_indices_batching_dims=(0,), scatter_dims_to_operand_dims=(1,),
          index_vector_dim=2), True),
    (values("float32", (3, 5, 2)), RNG.integers(-1, 6, (1, 4, 2)).astype(np.int32),
     values("float32", (2, 4, 2)),
     dict(update_window_dims=(0,), inserted_window_dims=(1,), input_batching_dims=(2,),
          scatter_indices_batching_dims=(2,), scatter_dims_to_operand_dims=(1,),
          index_vector_dim=0), True),
    (values("float16", (5, 4)), np.zeros((0, 1), np.int32), values("float16", (0, 4)),
     dict(S, update_window_dims=(1,), inserted_window_dims=(0,),
          scatter_dims_to_operand_dims=(0,), index_vector_dim=1), False),
    # what numpy integer-array indexing lowers to, out-of-bounds windows dropped:
    (values("float32", (4, 7)), i32([[2], [9], [-1], [6], [0]]), values("float32", (4, 5)),
     dict(S, update_window_dims=(0,), inserted_window_dims=(1,),             # x[:, idx]
          scatter_dims_to_operand_dims=(1,), index_vector_dim=1), False),
    (values("int32", (5, 3, 6)), i32([[1, 4], [5, 0], [0, 7], [-1, 3], [3, 3]]),
     values("int32", (5, 3)),                                                # x[j, :, i]
     dict(S, update_window_dims=(1,), inserted_window_dims=(0, 2),
          scatter_dims_to_operand_dims=(2, 0), index_vector_dim=1), False),
    (values("float32", (5, 4)), i32([[1, 0], [2, 1], [3, 0], [7, 0], [1, -1]]),
     values("float32", (5, 4)),                              # dim 1 spanned: only start 0
     dict(S, update_window_dims=(1,), inserted_window_dims=(0,),
          scatter_dims_to_operand_dims=(0, 1), index_vector_dim=1), False),
    (values("float64", (5, 4)), i32([[3], [-1], [0], [5]]), values("float64", (4, 1, 2)),
     dict(S, update_window_dims=(1, 2), inserted_window_dims=(),     # indexed dim a window
          scatter_dims_to_operand_dims=(0,), index_vector_dim=1), False),   # dim, one cut
    (values("int32", (6, 2)), i32([4]), values("int32", (2,)),               # no batch dims
     dict(S, update_window_dims=(0,), inserted_window_dims=(0,),
          scatter_dims_to_operand_dims=(0,), index_vector_dim=0), False),
    (values("int32", (6, 2)), i32([-1]), values("int32", (2,)),              # ... dropped
     dict(S, update_window_dims=(0,), inserted_window_dims=(0,),
          scatter_dims_to_operand_dims=(0,), index_vector_dim=0), False),
    (values("float32", (2, 5, 3)), i32([[[0], [4], [9]], [[2], [-1], [1]]]),
     values("float32", (2, 3, 3)),                                           # batching dims
     dict(update_window_dims=(2,), inserted_window_dims=(1,), input_batching_dims=(0,),
          scatter_indices_batching_dims=(0,), scatter_dims_to_operand_dims=(1,),
          index_vector_dim=2), False),
    # many duplicates, combined in order
    (values("int32", (7, 3)), RNG.integers(-2, 9, (40, 1)).astype(np.int32),
     values("int32", (40, 3)),
     dict(S, update_window_dims=(1,), inserted_window_dims=(0,),
          scatter_dims_to_operand_dims=(0,), index_vector_dim=1), True),
    (values("float32", (7, 3), lo=0.5, hi=1.5), RNG.integers(-2, 9, (40,)).astype(np.int32),
     values("float32", (3, 40), lo=0.5, hi=1.5),
     dict(S, update_window_dims=(0,), inserted_window_dims=(0,),
          scatter_dims_to_operand_dims=(0,), index_vector_dim=1), True),
]
for op_, idx, upd, params, dup in SCATTERS:
    for name in ("scatter_add", "scatter_mul", "scatter_min", "scatter_max") + (
            () if dup else ("scatter",)):
        case(name, op_, idx, upd, **params)

for name, dtypes in (("sum", NUMERIC), ("prod", NUMERIC), ("max", ALL), ("min", ALL),
                     ("and", ("int32", "uint32", "bool")), ("or", ("int32", "uint32", "bool"))):
    for d in dtypes:
        x = values(d, special=True if name in ("max", "min") else "exact",
                   lo=0.5 if name == "prod" else -3, hi=1.5 if name == "prod" else 3)
        for axes in ((1,), (0, 1)) if d in MAIN else ((0, 1),):
            case("reduce_" + name, x, axes=axes)
        if d in MAIN or name in ("max", "min"):
            case("reduce_" + name, values(d, (0, 3)), axes=(0,))   # the identity
        types_only_case("reduce_" + name, values(d, ()), axes=())
for name in ("argmax", "argmin"):
    for d in ALL:
        x = values(d) if d == "bool" else np.round(values(d, hi=2))   # ties and NaNs
        for axis in (0, 1) if d in MAIN else (1,):
            case(name, x, axis=axis, index_dtype="int32")
    case(name, values("float32", (1, 0, 3)), axis=0, index_dtype="int64")
for name in ("cumsum", "cumprod", "cummax", "cummin"):
    for d in NUMERIC:
        x = values(d, special=True if name in ("cummax", "cummin") else "exact",
                   lo=0.5 if name == "cumprod" else -3, hi=1.5 if name == "cumprod" else 3)
        if d in MAIN:
            case(name, x, axis=0, reverse=False)
        case(name, x, axis=1, reverse=True)
    case(name, values("float32", (0, 3)), axis=1, reverse=True)
for d in ("float32", "float64", "int32", "uint32", "bfloat16"):
    a, b = values(d, (2, 3, 4), special="exact"), values(d, (2, 4, 5), special="exact")
    case("dot_general", a, b, lhs_batching_dimensions=(0,), rhs_batching_dimensions=(0,),
         lhs_contracting_dimensions=(2,), rhs_contracting_dimensions=(1,))
    case("dot_general", a.transpose(2, 0, 1), b.transpose(2, 0, 1),
         lhs_batching_dimensions=(1,), rhs_batching_dimensions=(1,),
         lhs_contracting_dimensions=(0,), rhs_contracting_dimensions=(2,))
    if d in MAIN:
        case("dot_general", a[0], b[1, 0], lhs_batching_dimensions=(), rhs_batching_dimensions=(),
             lhs_contracting_dimensions=(), rhs_contracting_dimensions=())     # outer product
        case("dot_general", a, a, lhs_batching_dimensions=(), rhs_batching_dimensions=(),
             lhs_contracting_dimensions=(0, 1, 2), rhs_contracting_dimensions=(0, 1, 2))
        case("dot_general", a[:, :0], b, lhs_batching_dimensions=(0,),
             rhs_batching_dimensions=(0,), lhs_contracting_dimensions=(2,),
             rhs_contracting_dimensions=(1,))
for name in ("sort", "argsort"):
    extra = {"index_dtype": "int32"} if name == "argsort" else {}
    for d in ALL:
        x = values(d) if d == "bool" else np.round(values(d, hi=2))    # ties, NaNs, -0.0
        for dim in (0, 1) if d in MAIN else (1,):
            case(name, x, dimension=dim, is_stable=True, **extra)
    case(name, values("float32", (0, 3)), dimension=0, is_stable=True, **extra)
case("constant", value=values("float32", (2, 3)))
for d in ALL:
    types_only_case("constant", value=values(d, (2, 3)))
types_only_case("constant", value=np.asarray(1.5, BF16))
for d in ("int32", "uint32", "float32"):
    case("iota", shape=(2, 3), dtype=d, iota_dimension=1)
case("iota", shape=(0, 4), dtype="int32", iota_dimension=0)
case("iota", shape=(300,), dtype="bfloat16", iota_dimension=0)


# ---------------------------------------------------------------------- jax.lax twins

def _gather_dnums(lax, idx, ivd, idx_batching):
    """JAX keeps the index vector last: move it there and renumber the batching dims."""
    perm = [i for i in range(idx.ndim) if i != ivd] + [ivd]
    idx = idx[..., None] if ivd == idx.ndim else lax.transpose(idx, perm)
    return idx, tuple(b - (b > ivd) for b in idx_batching)


def _lax_gather(lax, operand, idx, *, offset_dims, collapsed_slice_dims, operand_batching_dims,
                start_indices_batching_dims, start_index_map, index_vector_dim, slice_sizes):
    idx, ib = _gather_dnums(lax, idx, index_vector_dim, start_indices_batching_dims)
    dn = lax.GatherDimensionNumbers(offset_dims, collapsed_slice_dims, start_index_map,
                                    operand_batching_dims, ib)
    return lax.gather(operand, idx, dn, slice_sizes, mode=lax.GatherScatterMode.CLIP)


def _lax_scatter(fn):
    def run(lax, operand, idx, updates, *, update_window_dims, inserted_window_dims,
            input_batching_dims, scatter_indices_batching_dims, scatter_dims_to_operand_dims,
            index_vector_dim):
        idx, ib = _gather_dnums(lax, idx, index_vector_dim, scatter_indices_batching_dims)
        dn = lax.ScatterDimensionNumbers(update_window_dims, inserted_window_dims,
                                         scatter_dims_to_operand_dims, input_batching_dims, ib)
        return getattr(lax, fn)(operand, idx, updates, dn)    # mode FILL_OR_DROP
    return run


def _lax_reduce(prim):
    return lambda lax, x, *, axes: getattr(lax, prim + "_p").bind(x, axes=tuple(axes))


def _lax_argsort(lax, x, *, dimension, is_stable, index_dtype):
    iota = lax.broadcasted_iota(index_dtype, x.shape, dimension)
    return lax.sort((x, iota), dimension=dimension, is_stable=is_stable, num_keys=1)[1]


LAX = {   # op name -> (lax, *operands, **params) -> the JAX result
    **{n: (lambda n: lambda lax, *xs: getattr(lax, n)(*xs))(n) for n in (
        "exp", "exp2", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "logistic",
        "sqrt", "rsqrt", "cbrt", "erf", "erf_inv", "floor", "ceil", "is_finite", "neg",
        "sign", "stop_gradient", "add", "sub", "mul", "div", "rem", "max", "min",
        "pow", "atan2", "shift_left", "shift_right_logical", "shift_right_arithmetic",
        "select")},
    "abs": lambda lax, x: x if x.dtype.kind == "u" else lax.abs(x),   # JAX refuses uint
    "not": lambda lax, x: lax.bitwise_not(x),
    "and": lambda lax, x, y: lax.bitwise_and(x, y),
    "or": lambda lax, x, y: lax.bitwise_or(x, y),
    "xor": lambda lax, x, y: lax.bitwise_xor(x, y),
    "round": lambda lax, x, *, rounding_method: lax.round(x, rounding_method),
    "integer_pow": lambda lax, x, *, y: lax.integer_pow(x, y),
    "compare": lambda lax, x, y, *, comparison_direction: getattr(
        lax, comparison_direction.lower())(x, y),
    "convert": lambda lax, x, *, dtype: lax.convert_element_type(x, npd(dtype)),
    "bitcast_convert": lambda lax, x, *, dtype: lax.bitcast_convert_type(x, npd(dtype)),
    "broadcast_in_dim": lambda lax, x, **p: lax.broadcast_in_dim(x, **p),
    "reshape": lambda lax, x, *, shape: lax.reshape(x, shape),
    "transpose": lambda lax, x, *, permutation: lax.transpose(x, permutation),
    "rev": lambda lax, x, *, dimensions: lax.rev(x, dimensions),
    "slice": lambda lax, x, **p: lax.slice(x, **p),
    # XLA's clamping alone: lax's default first wraps negative starts around, as numpy does.
    "dynamic_slice": lambda lax, x, *s, slice_sizes: lax.dynamic_slice(
        x, s, slice_sizes, allow_negative_indices=False),
    "dynamic_update_slice": lambda lax, x, u, *s: lax.dynamic_update_slice(
        x, u, s, allow_negative_indices=False),
    "concatenate": lambda lax, *xs, dimension: lax.concatenate(xs, dimension),
    "pad": lambda lax, x, v, *, edge_padding_low, edge_padding_high, interior_padding: lax.pad(
        x, v, list(zip(edge_padding_low, edge_padding_high, interior_padding))),
    "gather": _lax_gather,
    **{n: _lax_scatter(n) for n in ("scatter", "scatter_add", "scatter_mul", "scatter_min",
                                    "scatter_max")},
    **{"reduce_" + n: _lax_reduce("reduce_" + n)
       for n in ("sum", "prod", "max", "min", "and", "or")},
    "argmax": lambda lax, x, *, axis, index_dtype: lax.argmax(x, axis, index_dtype),
    "argmin": lambda lax, x, *, axis, index_dtype: lax.argmin(x, axis, index_dtype),
    **{n: (lambda n: lambda lax, x, *, axis, reverse: getattr(lax, n)(x, axis, reverse))(n)
       for n in ("cumsum", "cumprod", "cummax", "cummin")},
    "dot_general": lambda lax, a, b, *, lhs_batching_dimensions, rhs_batching_dimensions,
    lhs_contracting_dimensions, rhs_contracting_dimensions: lax.dot_general(
        a, b, ((lhs_contracting_dimensions, rhs_contracting_dimensions),
               (lhs_batching_dimensions, rhs_batching_dimensions))),
    "sort": lambda lax, x, **p: lax.sort(x, **p),
    "argsort": _lax_argsort,
    "constant": lambda lax, *, value: value,
    "iota": lambda lax, *, shape, dtype, iota_dimension: lax.broadcasted_iota(
        npd(dtype), shape, iota_dimension),
}


@pytest.fixture(scope="module")
def jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    yield jax
    jax.config.update("jax_enable_x64", False)        # other modules compare with x64 off


@pytest.fixture(scope="module")
def lax(jax):
    return jax.lax


def assert_matches(got, want, what="", exact=False):
    want = np.asarray(want)
    assert (got.shape, got.dtype) == (want.shape, want.dtype), what
    if got.dtype.name in ("float16", "bfloat16") and exact:
        np.testing.assert_array_equal(got.astype(np.float64), want.astype(np.float64), what)
    elif got.dtype.name in FLOATS:
        tol = RTOL[got.dtype.name]
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64),
                                   rtol=tol, atol=tol, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


# XLA's CPU backend computes each half-precision op in f32 and rounds back, as the kernels
# do: these agree bit for bit in float16/bfloat16. The rest are within an ulp: XLA's f32
# exp sometimes lands on the other side of a half-precision tie, and its f16 expm1 and
# erf_inv are other approximations.
HALF_EXACT = {n for names in (*UNARY.values(), *BINARY.values()) for n in names} - {
    "exp", "expm1", "erf_inv", "logistic"} | {
    "exp2", "round", "integer_pow", "compare", "select", "convert"}


def describe(operands, params):
    return ", ".join([f"{x.dtype}{list(x.shape)}" for x in operands]
                     + [f"{k}={v}" for k, v in params.items() if k != "value"])


# --------------------------------------------------------------------------- tests

def test_every_op_has_a_kernel():
    assert set(KERNELS) == set(rules.OPS) - EXCLUDED


def test_every_kernel_is_tested():
    assert set(CASES) == set(KERNELS) == set(LAX)


def test_no_mlir_import():
    code = ("import sys, mlax.runtime.kernels; "
            "sys.exit(any(m.split('.')[0] == 'mlir' for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("name", sorted(CASES))
def test_result_types_follow_the_rule(name):
    opdef = rules.OPS[name]
    for operands, params in CASES[name]:
        avals = [Aval(x.shape, x.dtype.name) for x in operands]
        want = rules.infer(opdef, avals, params)
        before = [x.tobytes() for x in operands]
        out = KERNELS[name](*operands, **params)
        got = out if opdef.variadic_results else (out,)
        what = describe(operands, params)
        assert all(isinstance(g, np.ndarray) for g in got), what
        assert [Aval(g.shape, g.dtype.name) for g in got] == list(want), what
        assert [x.tobytes() for x in operands] == before, f"{what}: an operand was modified"


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_jax(name, jax):
    # One jit per op: XLA compiles are what take time. Operands are arguments, so XLA runs
    # them on the CPU backend rather than constant-folding them.
    cases = [c for c in CASES[name] if id(c) not in TYPES_ONLY]
    wants = jax.jit(lambda operands: [LAX[name](jax.lax, *xs, **params) for xs, (_, params)
                                      in zip(operands, cases)])([xs for xs, _ in cases])
    for (operands, params), want in zip(cases, wants):
        got = KERNELS[name](*operands, **params)
        assert_matches(got, want, describe(operands, params), exact=name in HALF_EXACT)


def test_sort_several_operands_by_num_keys(lax):
    keys = np.round(values("float32", (3, 8), lo=-1, hi=1))     # ties, NaNs, -0.0
    second = RNG.integers(0, 3, (3, 8)).astype(np.int32)
    payload = values("float64", (3, 8))
    for num_keys in (1, 2):
        got = KERNELS["sort"](keys, second, payload, dimension=1, num_keys=num_keys)
        want = lax.sort((keys, second, payload), dimension=1, is_stable=True, num_keys=num_keys)
        for g, w in zip(got, want):
            assert_matches(g, w)


def test_scatter_with_duplicates_takes_one_update():
    out = KERNELS["scatter"](np.zeros(3, np.float32), i32([[1], [1], [1]]),
                             np.asarray([5.0, 6.0, 7.0], np.float32),
                             update_window_dims=(), inserted_window_dims=(0,),
                             input_batching_dims=(), scatter_indices_batching_dims=(),
                             scatter_dims_to_operand_dims=(0,), index_vector_dim=1)
    assert out[0] == out[2] == 0 and out[1] in (5.0, 6.0, 7.0)


def test_integer_array_indexing_is_numpy_indexing(monkeypatch):
    # Gather and plain scatter of x[i], x[:, j], x[i, j] and x[i, :, k] are numpy indexing
    # (of a window view): no per-element flat offsets, which are slow for big windows.
    from mlax.runtime import kernels
    monkeypatch.setattr(kernels, "_offsets", None)
    x = values("float32", (6, 5, 4))
    i, j, k = i32([5, 0, 3, 1]), i32([1, 4, 0, 2]), i32([3, 0, 1, 2])
    for idx, key, dims in (       # dims: window dims, collapsed, index map, index vector dim
            (i, i, ((1, 2), (0,), (0,), 1)),
            (j[:, None], (slice(None), j), ((0, 2), (1,), (1,), 1)),
            (np.stack([i, j], 1), (i, j), ((1,), (0, 1), (0, 1), 1)),
            (np.stack([k, i]), (i, slice(None), k), ((1,), (0, 2), (2, 0), 0))):
        sizes = tuple(1 if d in dims[1] else n for d, n in enumerate(x.shape))
        got = KERNELS["gather"](x, idx, offset_dims=dims[0], collapsed_slice_dims=dims[1],
                                start_index_map=dims[2], index_vector_dim=dims[3],
                                operand_batching_dims=(), start_indices_batching_dims=(),
                                slice_sizes=sizes)
        np.testing.assert_array_equal(got, x[key])
        upd, want = values("float32", got.shape), x.copy()
        want[key] = upd
        got = KERNELS["scatter"](x, idx, upd, update_window_dims=dims[0],
                                 inserted_window_dims=dims[1],
                                 scatter_dims_to_operand_dims=dims[2], index_vector_dim=dims[3],
                                 input_batching_dims=(), scatter_indices_batching_dims=())
        np.testing.assert_array_equal(got, want)


def test_scatter_add_of_rows_sums_duplicates_in_order(lax):
    # x.at[idx].add(rows) with many duplicates and some indices out of bounds; the kernel
    # combines 64k elements at a time, so this takes several goes.
    x = values("float32", (50, 300), special=False)
    idx = RNG.integers(-5, 55, (400, 1)).astype(np.int32)
    upd = values("float32", (400, 300), special=False)
    p = dict(update_window_dims=(1,), inserted_window_dims=(0,), input_batching_dims=(),
             scatter_indices_batching_dims=(), scatter_dims_to_operand_dims=(0,),
             index_vector_dim=1)
    want = x.copy()
    ok = (idx[:, 0] >= 0) & (idx[:, 0] < 50)
    np.add.at(want, idx[ok, 0], upd[ok])
    got = KERNELS["scatter_add"](x, idx, upd, **p)
    np.testing.assert_array_equal(got, want)
    assert_matches(got, _lax_scatter("scatter_add")(lax, x, idx, upd, **p))
