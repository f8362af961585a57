"""How each mlax op is written in upstream MLIR for native CPU code: elementwise ops as
`linalg.generic` bodies of `arith`/`math` scalar ops, shape ops as `linalg.generic` index maps
or `tensor` slices, reductions as `linalg.generic` with reduction iterators.

One table, SCALAR, says how an elementwise op computes one element; STRUCTURAL says how
every other op is built. An op in neither runs as a numpy kernel (passes/native.py keeps it
out of native functions). Semantics follow runtime/kernels.py exactly, edge cases included
(integer division by zero, over-wide shifts, saturating float->int conversion, NaN-propagating
max/min), so that the two backends agree.
"""
from __future__ import annotations

import numpy as np

from ..dialect import dtypes as dt
from ..runtime.approximations import (ERF_INV_LARGE, ERF_INV_SMALL, EXP_CLAMP, EXP_LN2,
                                      EXP_LOG2E, EXP_P, TANH_BOUND, TANH_P, TANH_Q,
                                      TANH_SMALL)

# Element types for computing (signless, as arith wants) and for storing: booleans are
# stored a byte each, as numpy stores them (the LLVM lowering of memrefs takes no i1).
# Half floats compute in f32 and are rounded back when stored, after every op, as numpy's
# kernels do.
ELEMENT = {"bool": "i1", "int32": "i32", "int64": "i64", "uint32": "i32",
           "float32": "f32", "float64": "f64", "float16": "f32", "bfloat16": "f32"}
STORAGE = {**ELEMENT, "bool": "i8", "float16": "f16", "bfloat16": "bf16"}
NATIVE_DTYPES = frozenset(ELEMENT)
HALF = ("float16", "bfloat16")


def tensor_type(aval) -> str:
    return f"tensor<{''.join(f'{d}x' for d in aval.shape)}{STORAGE[aval.dtype]}>"


def memref_type(aval, strides=None) -> str:
    layout = f", strided<[{', '.join(map(str, strides))}], offset: ?>" if strides is not None else ""
    return f"memref<{''.join(f'{d}x' for d in aval.shape)}{STORAGE[aval.dtype]}{layout}>"


def load(b, element: str, dtype: str) -> str:
    """A stored element as a computed one."""
    if dtype in HALF:
        return b.op(f"arith.extf {element} : {STORAGE[dtype]} to f32")
    return b.op(f"arith.trunci {element} : i8 to i1") if dtype == "bool" else element


def store(b, element: str, dtype: str) -> str:
    """A computed element as a stored one (half floats rounded to nearest even)."""
    if dtype in HALF:
        return b.op(f"arith.truncf {element} : f32 to {STORAGE[dtype]}")
    return b.op(f"arith.extui {element} : i1 to i8") if dtype == "bool" else element


def _is_float(dtype):
    return dtype in dt.FLOATS


def _bits(dtype):
    return 1 if dtype == "bool" else dt.BITS[dtype]


def scalar_constant(b, value, dtype) -> str:
    """An arith.constant of one element."""
    t = ELEMENT[dtype]
    if _is_float(dtype):
        v = float(value)
        text = ("0x7FC00000" if t == "f32" else "0x7FF8000000000000") if np.isnan(v) else (
            f"{'0xFF800000' if t == 'f32' else '0xFFF0000000000000'}" if v == -np.inf else
            f"{'0x7F800000' if t == 'f32' else '0x7FF0000000000000'}" if v == np.inf else
            f"{v:.17e}")                # MLIR's float syntax wants the '.' that repr may drop
        return b.op(f"arith.constant {text} : {t}")
    if dtype == "bool":
        return b.op(f"arith.constant {'true' if value else 'false'}")
    v = int(np.asarray(value).astype(np.dtype(dtype)).view(f"int{_bits(dtype)}"))
    return b.op(f"arith.constant {v} : {t}")


# ------------------------------------------------------------------ scalar rules
# Each rule is fn(b, args, dtype, **params) -> SSA name, with b the emitter (b.op(text) emits
# `%v = text` and returns %v), args the element SSA names and dtype the operands' dtype.

def _float_or_int(fop, sop, uop=None):
    def rule(b, args, dtype, **_):
        t = ELEMENT[dtype]
        name = fop if _is_float(dtype) else (uop if dtype in dt.UNSIGNED and uop else sop)
        return b.op(f"arith.{name} {', '.join(args)} : {t}")
    return rule


def _math(name):
    def rule(b, args, dtype, **_):
        return b.op(f"math.{name} {', '.join(args)} : {ELEMENT[dtype]}")
    return rule


def _neg(b, args, dtype, **_):
    t = ELEMENT[dtype]
    if _is_float(dtype):
        return b.op(f"arith.negf {args[0]} : {t}")
    return b.op(f"arith.subi {scalar_constant(b, 0, dtype)}, {args[0]} : {t}")


def _abs(b, args, dtype, **_):
    t = ELEMENT[dtype]
    if _is_float(dtype):
        return b.op(f"math.absf {args[0]} : {t}")
    if dtype in dt.UNSIGNED:
        return args[0]
    return b.op(f"math.absi {args[0]} : {t}")


def _sign(b, args, dtype, **_):
    t, x = ELEMENT[dtype], args[0]
    zero = scalar_constant(b, 0, dtype)
    if _is_float(dtype):            # ±1, keeping ±0 and NaN as they are
        s = b.op(f"math.copysign {scalar_constant(b, 1, dtype)}, {x} : {t}")
        nonzero = b.op(f"arith.cmpf one, {x}, {zero} : {t}")
        return b.op(f"arith.select {nonzero}, {s}, {x} : {t}")
    if dtype in dt.UNSIGNED:
        nonzero = b.op(f"arith.cmpi ne, {x}, {zero} : {t}")
        return b.op(f"arith.extui {nonzero} : i1 to {t}")
    pos = b.op(f"arith.extui {b.op(f'arith.cmpi sgt, {x}, {zero} : {t}')} : i1 to {t}")
    neg = b.op(f"arith.extui {b.op(f'arith.cmpi slt, {x}, {zero} : {t}')} : i1 to {t}")
    return b.op(f"arith.subi {pos}, {neg} : {t}")


def _not(b, args, dtype, **_):
    t = ELEMENT[dtype]
    ones = b.op("arith.constant true") if dtype == "bool" else b.op(f"arith.constant -1 : {t}")
    return b.op(f"arith.xori {args[0]}, {ones} : {t}")


def _div(b, args, dtype, **_):
    t, (x, y) = ELEMENT[dtype], args
    if _is_float(dtype):
        return b.op(f"arith.divf {x}, {y} : {t}")
    # XLA: x / 0 is all ones; INT_MIN / -1 wraps to INT_MIN. Divide by 1 where it would trap.
    zero, one = scalar_constant(b, 0, dtype), scalar_constant(b, 1, dtype)
    is_zero = b.op(f"arith.cmpi eq, {y}, {zero} : {t}")
    if dtype in dt.UNSIGNED:
        q = b.op(f"arith.divui {x}, {b.op(f'arith.select {is_zero}, {one}, {y} : {t}')} : {t}")
    else:
        minus1 = scalar_constant(b, -1, dtype)
        lowest = scalar_constant(b, np.iinfo(dtype).min, dtype)
        wraps = b.op(f"arith.andi {b.op(f'arith.cmpi eq, {y}, {minus1} : {t}')}, "
                     f"{b.op(f'arith.cmpi eq, {x}, {lowest} : {t}')} : i1")
        trap = b.op(f"arith.ori {is_zero}, {wraps} : i1")
        q = b.op(f"arith.divsi {x}, {b.op(f'arith.select {trap}, {one}, {y} : {t}')} : {t}")
        q = b.op(f"arith.select {wraps}, {lowest}, {q} : {t}")
    return b.op(f"arith.select {is_zero}, {scalar_constant(b, -1, dtype)}, {q} : {t}")


def _rem(b, args, dtype, **_):
    t, (x, y) = ELEMENT[dtype], args
    if _is_float(dtype):
        return b.op(f"arith.remf {x}, {y} : {t}")
    zero, one = scalar_constant(b, 0, dtype), scalar_constant(b, 1, dtype)
    is_zero = b.op(f"arith.cmpi eq, {y}, {zero} : {t}")       # XLA: x % 0 is x
    if dtype in dt.UNSIGNED:
        r = b.op(f"arith.remui {x}, {b.op(f'arith.select {is_zero}, {one}, {y} : {t}')} : {t}")
    else:                                                   # x % -1 is 0 (no INT_MIN trap)
        minus1 = scalar_constant(b, -1, dtype)
        is_m1 = b.op(f"arith.cmpi eq, {y}, {minus1} : {t}")
        safe = b.op(f"arith.select {b.op(f'arith.ori {is_zero}, {is_m1} : i1')}, {one}, {y} : {t}")
        r = b.op(f"arith.remsi {x}, {safe} : {t}")
    return b.op(f"arith.select {is_zero}, {x}, {r} : {t}")


def _minmax(fop, sop, uop):
    def rule(b, args, dtype, **_):
        t = ELEMENT[dtype]
        if dtype == "bool":
            return b.op(f"arith.{'ori' if fop == 'maximumf' else 'andi'} {', '.join(args)} : i1")
        if _is_float(dtype):     # NaN-propagating, branch-free (arith.maximumf is not on x86)
            x, y = args
            pick = b.op(f"arith.cmpf {'ogt' if fop == 'maximumf' else 'olt'}, {x}, {y} : {t}")
            r = b.op(f"arith.select {pick}, {x}, {y} : {t}")
            return b.op(f"arith.select {b.op(f'arith.cmpf uno, {x}, {x} : {t}')}, {x}, {r} : {t}")
        name = uop if dtype in dt.UNSIGNED else sop
        return b.op(f"arith.{name} {', '.join(args)} : {t}")
    return rule


def _shift(how):
    def rule(b, args, dtype, **_):
        t, (x, n) = ELEMENT[dtype], args
        bits = scalar_constant(b, _bits(dtype), dtype)
        big = b.op(f"arith.cmpi uge, {n}, {bits} : {t}")    # counts are unsigned
        m = b.op(f"arith.minui {n}, {scalar_constant(b, _bits(dtype) - 1, dtype)} : {t}")
        if how == "arithmetic":
            return b.op(f"arith.shrsi {x}, {m} : {t}")
        r = b.op(f"arith.{'shli' if how == 'left' else 'shrui'} {x}, {m} : {t}")
        return b.op(f"arith.select {big}, {scalar_constant(b, 0, dtype)}, {r} : {t}")
    return rule


_FCMP = {"EQ": "oeq", "NE": "une", "LT": "olt", "LE": "ole", "GT": "ogt", "GE": "oge"}
_ICMP = {"EQ": "eq", "NE": "ne", "LT": "slt", "LE": "sle", "GT": "sgt", "GE": "sge"}


def _compare(b, args, dtype, *, comparison_direction, **_):
    t = ELEMENT[dtype]
    if _is_float(dtype):
        return b.op(f"arith.cmpf {_FCMP[comparison_direction]}, {args[0]}, {args[1]} : {t}")
    pred = _ICMP[comparison_direction]
    if dtype in dt.UNSIGNED or dtype == "bool":
        pred = pred.replace("s", "u") if pred[0] == "s" else pred
    return b.op(f"arith.cmpi {pred}, {args[0]}, {args[1]} : {t}")


def _select(b, args, dtype, **_):
    return b.op(f"arith.select {args[0]}, {args[1]}, {args[2]} : {ELEMENT[dtype]}")


def _convert(b, args, dtype, *, to, **_):
    x, src, dst = args[0], ELEMENT[dtype], ELEMENT[to]
    if dtype == to:
        return x
    if to == "bool":
        zero = scalar_constant(b, 0, dtype)
        if _is_float(dtype):
            return b.op(f"arith.cmpf une, {x}, {zero} : {src}")
        return b.op(f"arith.cmpi ne, {x}, {zero} : {src}")
    if _is_float(dtype) and _is_float(to):
        if src == dst:                  # a half and f32: the same computed type
            return x
        return b.op(f"arith.{'extf' if _bits(to) > _bits(dtype) else 'truncf'} {x} : {src} to {dst}")
    if _is_float(to):                               # integer or bool -> float
        op = "uitofp" if dtype in dt.UNSIGNED or dtype == "bool" else "sitofp"
        return b.op(f"arith.{op} {x} : {src} to {dst}")
    if _is_float(dtype):                            # saturating, NaN -> 0, as XLA
        info = np.iinfo(to)
        lo = scalar_constant(b, float(info.min), dtype)
        hi = scalar_constant(b, float(info.max) + 1, dtype)
        op = "fptoui" if to in dt.UNSIGNED else "fptosi"
        inside = b.op(f"arith.andi {b.op(f'arith.cmpf oge, {x}, {lo} : {src}')}, "
                      f"{b.op(f'arith.cmpf olt, {x}, {hi} : {src}')} : i1")
        safe = b.op(f"arith.select {inside}, {x}, {scalar_constant(b, 0, dtype)} : {src}")
        r = b.op(f"arith.{op} {safe} : {src} to {dst}")
        r = b.op(f"arith.select {b.op(f'arith.cmpf oge, {x}, {hi} : {src}')}, "
                 f"{scalar_constant(b, info.max, to)}, {r} : {dst}")
        return b.op(f"arith.select {b.op(f'arith.cmpf olt, {x}, {lo} : {src}')}, "
                    f"{scalar_constant(b, info.min, to)}, {r} : {dst}")
    # integer or bool -> integer
    if _bits(to) == _bits(dtype):
        return x
    if _bits(to) < _bits(dtype):
        return b.op(f"arith.trunci {x} : {src} to {dst}")
    op = "extui" if dtype in dt.UNSIGNED or dtype == "bool" else "extsi"
    return b.op(f"arith.{op} {x} : {src} to {dst}")


def _bitcast(b, args, dtype, *, to, **_):
    if ELEMENT[dtype] == ELEMENT[to]:
        return args[0]
    return b.op(f"arith.bitcast {args[0]} : {ELEMENT[dtype]} to {ELEMENT[to]}")


def _integer_pow(b, args, dtype, *, y, **_):
    # JAX's square-and-multiply, then 1 / acc for negative powers (runtime/kernels.py)
    t, x, n, acc = ELEMENT[dtype], args[0], abs(y), None
    mul = "mulf" if _is_float(dtype) else "muli"
    while n:
        if n & 1:
            acc = x if acc is None else b.op(f"arith.{mul} {acc}, {x} : {t}")
        n >>= 1
        if n:
            x = b.op(f"arith.{mul} {x}, {x} : {t}")
    if acc is None:
        return scalar_constant(b, 1, dtype)
    return b.op(f"arith.divf {scalar_constant(b, 1, dtype)}, {acc} : {t}") if y < 0 else acc


def _is_finite(b, args, dtype, **_):
    t = ELEMENT[dtype]
    a = b.op(f"math.absf {args[0]} : {t}")
    return b.op(f"arith.cmpf olt, {a}, {scalar_constant(b, np.inf, dtype)} : {t}")


def _logistic(b, args, dtype, **_):
    t = ELEMENT[dtype]
    e = b.op(f"math.exp {b.op(f'arith.negf {args[0]} : {t}')} : {t}")
    one = scalar_constant(b, 1, dtype)
    return b.op(f"arith.divf {one}, {b.op(f'arith.addf {one}, {e} : {t}')} : {t}")


def _tanh(b, args, dtype, **_):
    """f32: XLA's rational approximation (runtime/approximations.py); it vectorizes, where
    libm's tanhf is a scalar call."""
    t, x = ELEMENT[dtype], args[0]
    if t != "f32":
        return b.op(f"math.tanh {x} : {t}")
    c = lambda v: scalar_constant(b, np.float32(v), dtype)          # noqa: E731
    small = b.op(f"arith.cmpf olt, {b.op(f'math.absf {x} : f32')}, {c(TANH_SMALL)} : f32")
    bound = TANH_BOUND
    xc = b.op(f"arith.maximumf {b.op(f'arith.minimumf {x}, {c(bound)} : f32')}, {c(-bound)} : f32")
    x2 = b.op(f"arith.mulf {xc}, {xc} : f32")

    def poly(coeffs):
        acc = c(coeffs[0])
        for k in coeffs[1:]:
            acc = b.op(f"math.fma {x2}, {acc}, {c(k)} : f32")
        return acc
    p = b.op(f"arith.mulf {xc}, {poly(TANH_P)} : f32")
    r = b.op(f"arith.divf {p}, {poly(TANH_Q)} : f32")
    return b.op(f"arith.select {small}, {x}, {r} : f32")


def _log1p(b, args, dtype, **_):
    """log(1 + x) exactly where 1 + x rounds: log(u) * x / (u - 1) with u = 1 + x
    (Goldberg); x itself where u is 1 (which keeps -0.0)."""
    t, x = ELEMENT[dtype], args[0]
    u = b.op(f"arith.addf {x}, {scalar_constant(b, 1, dtype)} : {t}")
    um1 = b.op(f"arith.subf {u}, {scalar_constant(b, 1, dtype)} : {t}")
    ratio = b.op(f"arith.divf {x}, {um1} : {t}")
    r = b.op(f"arith.mulf {_log(b, [u], dtype)}, {ratio} : {t}")
    one = b.op(f"arith.cmpf oeq, {u}, {scalar_constant(b, 1, dtype)} : {t}")
    inf = b.op(f"arith.cmpf oeq, {u}, {scalar_constant(b, np.inf, dtype)} : {t}")
    return b.op(f"arith.select {b.op(f'arith.ori {one}, {inf} : i1')}, {x}, {r} : {t}")


def _expm1(b, args, dtype, **_):
    """exp(x) - 1 without cancellation: (u - 1) * x / log(u) with u = exp(x) (Kahan)."""
    t, x = ELEMENT[dtype], args[0]
    u = _exp(b, [x], dtype)
    um1 = b.op(f"arith.subf {u}, {scalar_constant(b, 1, dtype)} : {t}")
    r = b.op(f"arith.mulf {um1}, {b.op(f'arith.divf {x}, {_log(b, [u], dtype)} : {t}')} : {t}")
    r = b.op(f"arith.select {b.op(f'arith.cmpf oeq, {um1}, {scalar_constant(b, -1, dtype)} : {t}')}, "
             f"{um1}, {r} : {t}")
    r = b.op(f"arith.select {b.op(f'arith.cmpf oeq, {u}, {scalar_constant(b, np.inf, dtype)} : {t}')}, "
             f"{u}, {r} : {t}")
    return b.op(f"arith.select {b.op(f'arith.cmpf oeq, {u}, {scalar_constant(b, 1, dtype)} : {t}')}, "
                f"{x}, {r} : {t}")


def _round(b, args, dtype, *, rounding_method=0, **_):
    return b.op(f"math.{'round' if rounding_method == 0 else 'roundeven'} {args[0]} : "
                f"{ELEMENT[dtype]}")


def _f32(b, v) -> str:
    return scalar_constant(b, np.float32(v), "float32")


def _horner(b, x, coeffs) -> str:
    acc = _f32(b, coeffs[0])
    for k in coeffs[1:]:
        acc = b.op(f"math.fma {acc}, {x}, {_f32(b, k)} : f32")
    return acc


def _i32(b, v) -> str:
    return b.op(f"arith.constant {v} : i32")


def _exp(b, args, dtype, **_):
    """f32: Cephes' expf (x = n ln2 + r, a degree-5 polynomial in r, then 2^n built in the
    exponent bits, in two halves so that results down to the subnormals come out right).
    Vectorizable arithmetic, where libm's expf is a scalar call."""
    x = args[0]
    if ELEMENT[dtype] != "f32":
        return b.op(f"math.exp {x} : {ELEMENT[dtype]}")
    xc = b.op(f"arith.minimumf {x}, {_f32(b, EXP_CLAMP[1])} : f32")
    xc = b.op(f"arith.maximumf {xc}, {_f32(b, EXP_CLAMP[0])} : f32")
    t = b.op(f"math.fma {xc}, {_f32(b, EXP_LOG2E)}, {_f32(b, 0.5)} : f32")
    fx = b.op(f"math.floor {t} : f32")
    r = b.op(f"math.fma {fx}, {_f32(b, -EXP_LN2[0])}, {xc} : f32")
    r = b.op(f"math.fma {fx}, {_f32(b, -EXP_LN2[1])}, {r} : f32")
    p = _horner(b, r, EXP_P)
    r2 = b.op(f"arith.mulf {r}, {r} : f32")
    y = b.op(f"arith.addf {b.op(f'math.fma {p}, {r2}, {r} : f32')}, {_f32(b, 1.0)} : f32")
    n = b.op(f"arith.fptosi {fx} : f32 to i32")
    n1 = b.op(f"arith.shrsi {n}, {_i32(b, 1)} : i32")
    for half in (n1, b.op(f"arith.subi {n}, {n1} : i32")):
        bits = b.op(f"arith.shli {b.op(f'arith.addi {half}, {_i32(b, 127)} : i32')}, "
                    f"{_i32(b, 23)} : i32")
        y = b.op(f"arith.mulf {y}, {b.op(f'arith.bitcast {bits} : i32 to f32')} : f32")
    return b.op(f"arith.select {b.op(f'arith.cmpf uno, {x}, {x} : f32')}, {x}, {y} : f32")


def _log(b, args, dtype, **_):
    """f32: Cephes' logf (x = 2^e m with m in [sqrt(1/2), sqrt(2)), a degree-8 polynomial in
    m - 1); subnormals are scaled up first; x < 0 gives NaN, 0 gives -inf, inf gives inf."""
    x = args[0]
    if ELEMENT[dtype] != "f32":
        return b.op(f"math.log {x} : {ELEMENT[dtype]}")
    tiny = b.op(f"arith.cmpf olt, {x}, {_f32(b, 1.1754943508222875e-38)} : f32")
    scaled = b.op(f"arith.mulf {x}, {_f32(b, 8388608.0)} : f32")
    bits = b.op(f"arith.bitcast {b.op(f'arith.select {tiny}, {scaled}, {x} : f32')} : f32 to i32")
    e = b.op(f"arith.subi {b.op(f'arith.shrui {bits}, {_i32(b, 23)} : i32')}, {_i32(b, 126)} : i32")
    e = b.op(f"arith.subi {e}, {b.op(f'arith.select {tiny}, {_i32(b, 23)}, {_i32(b, 0)} : i32')} : i32")
    mant = b.op(f"arith.andi {bits}, {_i32(b, 0x807FFFFF - 2**32)} : i32")
    m = b.op(f"arith.bitcast {b.op(f'arith.ori {mant}, {_i32(b, 0x3F000000)} : i32')} : i32 to f32")
    small = b.op(f"arith.cmpf olt, {m}, {_f32(b, 0.707106781186547524)} : f32")
    e = b.op(f"arith.subi {e}, {b.op(f'arith.extui {small} : i1 to i32')} : i32")
    m = b.op(f"arith.select {small}, {b.op(f'arith.addf {m}, {m} : f32')}, {m} : f32")
    m = b.op(f"arith.subf {m}, {_f32(b, 1.0)} : f32")
    fe = b.op(f"arith.sitofp {e} : i32 to f32")
    z = b.op(f"arith.mulf {m}, {m} : f32")
    p = _horner(b, m, (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1,
                       1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
                       3.3333331174e-1))
    y = b.op(f"arith.mulf {b.op(f'arith.mulf {p}, {m} : f32')}, {z} : f32")
    y = b.op(f"math.fma {fe}, {_f32(b, -2.12194440e-4)}, {y} : f32")
    y = b.op(f"math.fma {z}, {_f32(b, -0.5)}, {y} : f32")
    r = b.op(f"math.fma {fe}, {_f32(b, 0.693359375)}, {b.op(f'arith.addf {m}, {y} : f32')} : f32")
    zero = _f32(b, 0.0)
    is_zero = b.op(f"arith.cmpf oeq, {x}, {zero} : f32")
    r = b.op(f"arith.select {is_zero}, {_f32(b, -np.inf)}, {r} : f32")
    r = b.op(f"arith.select {b.op(f'arith.cmpf oeq, {x}, {_f32(b, np.inf)} : f32')}, {x}, {r} : f32")
    bad = b.op(f"arith.cmpf ult, {x}, {zero} : f32")                 # x < 0, or NaN
    return b.op(f"arith.select {bad}, {_f32(b, np.nan)}, {r} : f32")


def _erf_inv(b, args, dtype, **_):
    """f32: XLA's ErfInv32, as runtime/kernels.py computes it."""
    y = args[0]
    y2 = b.op(f"arith.negf {b.op(f'arith.mulf {y}, {y} : f32')} : f32")
    w = b.op(f"arith.negf {_log1p(b, [y2], dtype)} : f32")
    small = b.op(f"arith.cmpf olt, {w}, {_f32(b, 5.0)} : f32")
    w_small = b.op(f"arith.subf {w}, {_f32(b, 2.5)} : f32")
    root = b.op(f"math.sqrt {b.op(f'arith.maximumf {w}, {_f32(b, 5.0)} : f32')} : f32")
    w_large = b.op(f"arith.subf {root}, {_f32(b, 3.0)} : f32")
    w = b.op(f"arith.select {small}, {w_small}, {w_large} : f32")
    p = _f32(b, 0.0)
    for lo, hi in zip(ERF_INV_SMALL, ERF_INV_LARGE):
        c = b.op(f"arith.select {small}, {_f32(b, lo)}, {_f32(b, hi)} : f32")
        p = b.op(f"arith.addf {c}, {b.op(f'arith.mulf {p}, {w} : f32')} : f32")
    one = b.op(f"arith.cmpf oeq, {b.op(f'math.absf {y} : f32')}, {_f32(b, 1.0)} : f32")
    edge = b.op(f"arith.mulf {y}, {_f32(b, np.inf)} : f32")
    return b.op(f"arith.select {one}, {edge}, {b.op(f'arith.mulf {p}, {y} : f32')} : f32")


def _exp2(b, args, dtype, **_):
    # as JAX lowers it: exp(log(2) * x), the product rounded to the dtype
    t = ELEMENT[dtype]
    log2 = scalar_constant(b, np.asarray(np.log(2), np.dtype(dtype)), dtype)
    return _exp(b, [b.op(f"arith.mulf {log2}, {args[0]} : {t}")], dtype)


def row_major_strides(shape) -> tuple:
    """Element strides of a row-major array of `shape`."""
    out, acc = [], 1
    for d in reversed(shape):
        out.append(acc)
        acc *= d
    return tuple(reversed(out))


def reshaped_strides(shape, strides, new_shape):
    """Strides that read a strided view (shape, strides) as new_shape, element for element in
    row-major order, or None where no strides do (numpy's no-copy reshape rule: each group
    of old dimensions merged or split must be contiguous)."""
    if 0 in shape:
        return row_major_strides(new_shape)
    old = [(d, s) for d, s in zip(shape, strides) if d != 1]
    dims, olds = [d for d, _ in old], [s for _, s in old]
    out = [1] * len(new_shape)
    oi, oj, ni, nj = 0, 1, 0, 1
    while ni < len(new_shape) and oi < len(dims):
        n, o = new_shape[ni], dims[oi]
        while n != o:
            if n < o:
                n *= new_shape[nj]
                nj += 1
            else:
                o *= dims[oj]
                oj += 1
        if any(olds[k] != dims[k + 1] * olds[k + 1] for k in range(oi, oj - 1)):
            return None
        out[nj - 1] = olds[oj - 1]
        for k in range(nj - 1, ni, -1):
            out[k - 1] = out[k] * new_shape[k]
        ni, nj, oi, oj = nj, nj + 1, oj, oj + 1
    return tuple(out)


def reduction_identity(kind: str, dtype: str):
    """The value a reduction starts from ("sum", "prod", "max", "min", "and", "or")."""
    if kind == "sum":
        return 0
    if kind == "prod":
        return 1
    if kind in ("and", "or"):
        return (kind == "and") if dtype == "bool" else (-1 if kind == "and" else 0)
    if dtype == "bool":
        return kind == "min"
    if dtype in dt.FLOATS:
        return -np.inf if kind == "max" else np.inf
    info = np.iinfo(dtype)
    return info.min if kind == "max" else info.max


# Ops whose rule covers only some of the types their op takes.
SCALAR_DTYPES = {"erf_inv": {"float32", "float16", "bfloat16"},
                 "bitcast_convert": NATIVE_DTYPES - set(HALF)}

SCALAR = {
    "add": _float_or_int("addf", "addi"), "sub": _float_or_int("subf", "subi"),
    "mul": _float_or_int("mulf", "muli"), "div": _div, "rem": _rem,
    "max": _minmax("maximumf", "maxsi", "maxui"), "min": _minmax("minimumf", "minsi", "minui"),
    "and": _float_or_int("andi", "andi"), "or": _float_or_int("ori", "ori"),
    "xor": _float_or_int("xori", "xori"), "not": _not,
    "shift_left": _shift("left"), "shift_right_logical": _shift("logical"),
    "shift_right_arithmetic": _shift("arithmetic"),
    "neg": _neg, "abs": _abs, "sign": _sign, "compare": _compare, "select": _select,
    "convert": _convert, "bitcast_convert": _bitcast, "integer_pow": _integer_pow,
    "is_finite": _is_finite, "stop_gradient": lambda b, args, dtype, **_: args[0],
    "exp": _exp, "exp2": _exp2, "erf_inv": _erf_inv, "log": _log, "log1p": _log1p,
    "expm1": _expm1, "sin": _math("sin"), "cos": _math("cos"), "tan": _math("tan"),
    "tanh": _tanh, "logistic": _logistic, "sqrt": _math("sqrt"), "rsqrt": _math("rsqrt"),
    "cbrt": _math("cbrt"), "erf": _math("erf"), "floor": _math("floor"), "ceil": _math("ceil"),
    "round": _round, "pow": _math("powf"), "atan2": _math("atan2"),
}
