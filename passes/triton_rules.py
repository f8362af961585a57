"""How each elementwise mlax op computes in a Triton kernel: a table of functions writing
Triton expressions, one element (or one block of elements) at a time.

Only `triton.language` core functions are used (no libdevice), so that the same kernels run
on a GPU and in Triton's interpreter. Where core Triton lacks a function, it is written from
core ones with the numerics of the CPU backend: f32 tanh and erf_inv are XLA's approximations
(as in native_rules.py), log1p and expm1 use the classic compensated forms. Integer edge
cases follow runtime/kernels.py: x / 0 is -1, x % 0 is x, over-wide shifts give 0 (or the
sign fill), float -> int conversion saturates with NaN -> 0.
"""
from __future__ import annotations

import numpy as np

from ..dialect import dtypes as dt
from ..runtime.approximations import (ATAN_MOREBITS, ATAN_P, ATAN_Q, ATAN_T3P8, ERF_INV_LARGE,
                                      ERF_INV_SMALL, TANH_BOUND, TANH_P, TANH_Q, TANH_SMALL)

TL = {"bool": "tl.int1", "int32": "tl.int32", "int64": "tl.int64", "uint32": "tl.uint32",
      "float16": "tl.float16", "bfloat16": "tl.bfloat16", "float32": "tl.float32",
      "float64": "tl.float64"}
# Triton's pointer types for buffers of each dtype (booleans are bytes, as numpy stores them)
POINTER = {"bool": "*i8", "int32": "*i32", "int64": "*i64", "uint32": "*u32",
           "float16": "*fp16", "bfloat16": "*bf16", "float32": "*fp32", "float64": "*fp64"}


def literal(value, dtype: str) -> str:
    """A scalar of dtype as a Triton expression."""
    if dtype == "bool":
        return f"tl.full((), {int(bool(value))}, tl.int1)"
    if dtype in dt.FLOATS:
        v = float(value)
        text = "float('nan')" if np.isnan(v) else "float('inf')" if v == np.inf else \
            "float('-inf')" if v == -np.inf else repr(v)
        return f"tl.full((), {text}, {TL[dtype]})"
    v = int(np.asarray(value).astype(np.dtype(dtype)))
    return f"tl.full((), {v}, {TL[dtype]})"


def _is_float(dtype):
    return dtype in dt.FLOATS


def _binary(op):
    return lambda b, a, dtype, **_: f"({a[0]} {op} {a[1]})"


def _bitwise(op):
    def rule(b, a, dtype, **_):
        if dtype == "bool":         # via bytes: the interpreter will not & a scalar with a block
            return f"(({a[0]}.to(tl.int8) {op} {a[1]}.to(tl.int8)) != 0)"
        return f"({a[0]} {op} {a[1]})"
    return rule


def _div(b, a, dtype, **_):
    if _is_float(dtype):
        return f"({a[0]} / {a[1]})"
    x, y = a
    zero = b.let(f"{y} == 0")
    safe = b.let(f"tl.where({zero}, {literal(1, dtype)}, {y})")
    if dtype in dt.SIGNED:      # INT_MIN / -1 wraps: divide by 1 and negate instead
        m1 = b.let(f"{safe} == -1")
        q = b.let(f"tl.where({m1}, -{x}, {x} // tl.where({m1}, {literal(1, dtype)}, {safe}))")
    else:
        q = b.let(f"{x} // {safe}")
    return f"tl.where({zero}, {literal(-1, dtype)}, {q})"


def _rem(b, a, dtype, **_):
    if _is_float(dtype):
        return _fmod(b, a, dtype)
    x, y = a
    zero = b.let(f"{y} == 0")
    bad = b.let(f"{zero} | ({y} == -1)") if dtype in dt.SIGNED else zero
    r = b.let(f"{x} % tl.where({bad}, {literal(1, dtype)}, {y})")
    return f"tl.where({zero}, {x}, {r})"


def _fmod(b, a, dtype):
    """C's fmod, exactly, in f64 (f32 and halves only): |x| reduced by multiples of |y|
    scaled by powers of two, at most 27 bits of quotient a step (so q * y_k is exact in
    f64), until the scale is 1; the sign of x."""
    x, y = (b.let(f"{v}.to(tl.float64)") for v in a)
    ay = b.let(f"tl.abs({y})")
    r = b.let(f"tl.broadcast(tl.abs({x}), {ay})[0]")    # the loop keeps one shape
    ey = b.let(f"({ay}.to(tl.int64, bitcast=True) >> 52) & 2047")
    b.emit("for _ in range(12):")             # f32's exponents span 276: 11 steps, then 1
    b.depth += 1
    ex = b.let(f"({r}.to(tl.int64, bitcast=True) >> 52) & 2047")
    e = b.let(f"tl.maximum({ex} - {ey} - 27, 0)")
    yk = b.let(f"{ay} * (({e} + 1023) << 52).to(tl.float64, bitcast=True)")
    b.emit(f"{r} = {r} - tl.floor({r} / {yk}) * {yk}")
    b.depth -= 1
    r = b.let(f"tl.where({_signbit(b, x)}, -{r}, {r})")
    r = b.let(f"tl.where({ay} == float('inf'), {x}, {r})")
    bad = _any(f"{ay} == 0", f"tl.abs({x}) == float('inf')", f"{x} != {x}", f"{y} != {y}")
    return f"tl.where({bad}, float('nan'), {r}).to({TL[dtype]})"


def _minmax(fn):
    def rule(b, a, dtype, **_):
        if dtype == "bool":
            return f"({a[0]} {'|' if fn == 'maximum' else '&'} {a[1]})"
        if _is_float(dtype):
            return f"tl.{fn}({a[0]}, {a[1]}, propagate_nan=tl.PropagateNan.ALL)"
        return f"tl.{fn}({a[0]}, {a[1]})"
    return rule


def _shift(how):
    def rule(b, a, dtype, **_):
        x, n = a
        bits = dt.BITS[dtype]
        unsigned = b.let(f"{n}.to(tl.uint{bits}, bitcast=True)")
        m = b.let(f"tl.minimum({unsigned}, {bits - 1}).to({TL[dtype]}, bitcast=True)")
        if how == "arithmetic":
            signed = b.let(f"{x}.to(tl.int{bits}, bitcast=True) >> {m}")
            return f"{signed}.to({TL[dtype]}, bitcast=True)"
        ux = b.let(f"{x}.to(tl.uint{bits}, bitcast=True)")
        r = b.let(f"{ux} << {m}" if how == "left" else f"{ux} >> {m}")
        return f"tl.where({unsigned} >= {bits}, 0, {r}).to({TL[dtype]}, bitcast=True)"
    return rule


_CMP = {"EQ": "==", "NE": "!=", "LT": "<", "LE": "<=", "GT": ">", "GE": ">="}


def _compare(b, a, dtype, *, comparison_direction, **_):
    return f"({a[0]} {_CMP[comparison_direction]} {a[1]})"


def _convert(b, a, dtype, *, to, **_):
    x = a[0]
    if to == "bool":
        return f"({x} != 0)"
    if _is_float(dtype) and to in dt.INTEGERS:
        info = np.iinfo(to)
        lo, hi = float(info.min), float(info.max) + 1
        inside = b.let(f"({x} >= {lo}) & ({x} < {hi})")
        r = b.let(f"tl.where({inside}, {x}, 0).to({TL[to]})")
        r = b.let(f"tl.where({x} >= {hi}, {literal(info.max, to)}, {r})")
        return f"tl.where({x} < {lo}, {literal(info.min, to)}, {r})"
    return f"{x}.to({TL[to]})"


def _sign(b, a, dtype, **_):
    x = a[0]
    if _is_float(dtype):
        return f"tl.where({x} > 0, {literal(1, dtype)}, tl.where({x} < 0, {literal(-1, dtype)}, {x}))"
    if dtype in dt.UNSIGNED:
        return f"({x} != 0).to({TL[dtype]})"
    return f"(({x} > 0).to({TL[dtype]}) - ({x} < 0).to({TL[dtype]}))"


def _integer_pow(b, a, dtype, *, y, **_):
    x, n, acc = a[0], abs(y), None
    while n:
        if n & 1:
            acc = x if acc is None else b.let(f"{acc} * {x}")
        n >>= 1
        if n:
            x = b.let(f"{x} * {x}")
    if acc is None:
        return literal(1, dtype)
    return f"({literal(1, dtype)} / {acc})" if y < 0 else acc


def _log1p(b, a, dtype, **_):
    x = a[0]
    u = b.let(f"{x} + 1.0")
    return (f"tl.where(({u} == 1.0) | ({u} == float('inf')), {x}, "
            f"tl.log({u}) * ({x} / ({u} - 1.0)))")


def _expm1(b, a, dtype, **_):
    x = a[0]
    u = b.let(f"tl.exp({x})")
    um1 = b.let(f"{u} - 1.0")
    return (f"tl.where({u} == 1.0, {x}, tl.where({u} == float('inf'), {u}, "
            f"tl.where({um1} == -1.0, -1.0, {um1} * ({x} / tl.log({u})))))")


def _poly(b, x, coeffs):
    acc = repr(float(np.float32(coeffs[0])))
    for k in coeffs[1:]:
        acc = b.let(f"{acc} * {x} + {float(np.float32(k))!r}")
    return acc


def _tanh(b, a, dtype, **_):
    x = a[0]
    if dtype != "float32":      # 2 / (1 + exp(-2x)) - 1, exact enough in f64
        e = b.let(f"tl.exp(-2.0 * tl.abs({x}))")
        t = b.let(f"(1.0 - {e}) / (1.0 + {e})")
        return f"tl.where({x} < 0, -{t}, {t})"
    bound = TANH_BOUND
    nan = "propagate_nan=tl.PropagateNan.ALL"
    xc = b.let(f"tl.minimum(tl.maximum({x}, {-bound}, {nan}), {bound}, {nan})")
    x2 = b.let(f"{xc} * {xc}")
    p = b.let(f"{xc} * {_poly(b, x2, TANH_P)}")
    return f"tl.where(tl.abs({x}) < {TANH_SMALL}, {x}, {p} / {_poly(b, x2, TANH_Q)})"


def _erf_inv(b, a, dtype, **_):
    y = a[0]
    w = b.let(f"-{_log1p(b, [b.let(f'-({y} * {y})')], dtype)}")
    small = b.let(f"{w} < 5.0")
    w = b.let(f"tl.where({small}, {w} - 2.5, "
              f"tl.sqrt(tl.maximum({w}, 5.0, propagate_nan=tl.PropagateNan.ALL)) - 3.0)")
    p = "0.0"
    for s, l in zip(ERF_INV_SMALL, ERF_INV_LARGE):
        p = b.let(f"tl.where({small}, {float(np.float32(s))!r}, {float(np.float32(l))!r}) + {p} * {w}")
    return f"tl.where(tl.abs({y}) == 1.0, {y} * float('inf'), {p} * {y})"


def _round(b, a, dtype, *, rounding_method=0, **_):
    x = a[0]
    t = b.let(f"tl.where({x} < 0, tl.ceil({x}), tl.floor({x}))")
    if rounding_method == 0:        # halves away from zero
        return f"tl.where(tl.abs({x} - {t}) >= 0.5, {t} + tl.where({x} < 0, -1.0, 1.0), {t})"
    f = b.let(f"tl.floor({x})")          # halves to even; x - floor(x) is exact
    d = b.let(f"{x} - {f}")
    up = b.let(f"({d} > 0.5) | (({d} == 0.5) & ({f} - 2.0 * tl.floor({f} * 0.5) != 0.0))")
    r = b.let(f"tl.where({up}, {f} + 1.0, {f})")
    return f"tl.where({r} == 0, {x} * 0.0, {r})"              # keeps the sign of zero


def _cbrt(b, a, dtype, **_):
    x = a[0]
    y = b.let(f"tl.exp(tl.log(tl.abs({x})) / 3.0)")
    y = b.let(f"{y} - ({y} * {y} * {y} - tl.abs({x})) / (3.0 * {y} * {y})")
    return f"tl.where(({x} == 0) | ({x} != {x}) | (tl.abs({x}) == float('inf')), {x}, tl.where({x} < 0, -{y}, {y}))"


def _all(*conds) -> str:
    """conds all hold (through bytes: the interpreter will not & a scalar with a block)."""
    return "((" + " & ".join(f"({c}).to(tl.int8)" for c in conds) + ") != 0)"


def _any(*conds) -> str:
    return "((" + " | ".join(f"({c}).to(tl.int8)" for c in conds) + ") != 0)"


def _signbit(b, x: str) -> str:
    return b.let(f"{x}.to(tl.int64, bitcast=True) < 0")


def _pow(b, a, dtype, **_):
    """C99's pow, as exp2(y log2 |x|) in f64 (f32 and halves only: exact to well under an
    f32 ulp), its special cases by hand: x^0 = 1^y = 1, a negative finite x to a non-integer
    power is NaN, to an odd integer one negates (a signed zero too)."""
    x, y = (b.let(f"{v}.to(tl.float64)") for v in a)
    mag = b.let(f"tl.exp2({y} * tl.log2(tl.abs({x})))")
    whole = b.let(f"tl.floor({y}) == {y}")
    odd = b.let(_all(whole, f"({y} - 2.0 * tl.floor({y} * 0.5)) == 1.0"))
    r = b.let(f"tl.where({_all(_signbit(b, x), odd)}, -{mag}, {mag})")
    nan = _all(f"{x} < 0", f"{x} > float('-inf')", f"{whole} == 0",
               f"tl.abs({y}) < float('inf')")
    r = b.let(f"tl.where({nan}, float('nan'), {r})")
    one = _any(f"{y} == 0", f"{x} == 1.0",
               _all(f"tl.abs({x}) == 1.0", f"tl.abs({y}) == float('inf')"))
    return f"tl.where({one}, 1.0, {r}).to({TL[dtype]})"


def _atan2(b, a, dtype, **_):
    """C99's atan2 in f64 (f32 and halves only): Cephes atan of min(|y|, |x|) / max(...),
    then its quadrant; 0/0 and inf/inf are the ratios 0 and 1."""
    y, x = (b.let(f"{v}.to(tl.float64)") for v in a)
    ay, ax = b.let(f"tl.abs({y})"), b.let(f"tl.abs({x})")
    big, small = b.let(f"tl.maximum({ay}, {ax})"), b.let(f"tl.minimum({ay}, {ax})")
    t = b.let(f"{small} / {big}")
    t = b.let(f"tl.where(({big} == 0), 0.0, tl.where({small} == float('inf'), 1.0, {t}))")
    far, mid = b.let(f"{t} > {ATAN_T3P8!r}"), b.let(f"{t} > 0.66")
    u = b.let(f"tl.where({far}, -1.0 / {t}, tl.where({mid}, ({t} - 1.0) / ({t} + 1.0), {t}))")
    z = b.let(f"{u} * {u}")
    p = _poly64(b, z, ATAN_P)
    q = _poly64(b, z, ATAN_Q)
    base = b.let(f"tl.where({far}, {np.pi / 2!r}, tl.where({mid}, {np.pi / 4!r}, 0.0))")
    more = b.let(f"tl.where({far}, {ATAN_MOREBITS!r}, tl.where({mid}, "
                 f"{0.5 * ATAN_MOREBITS!r}, 0.0))")
    r = b.let(f"{base} + (({u} * {z} * {p} / {q} + {u}) + {more})")
    r = b.let(f"tl.where({ay} > {ax}, {np.pi / 2!r} - {r}, {r})")
    r = b.let(f"tl.where({_signbit(b, x)}, {np.pi!r} - {r}, {r})")
    r = b.let(f"tl.where({_any(f'{x} != {x}', f'{y} != {y}')}, float('nan'), {r})")
    return f"tl.where({_signbit(b, y)}, -{r}, {r}).to({TL[dtype]})"


def _poly64(b, x, coeffs):
    acc = repr(float(coeffs[0]))
    for k in coeffs[1:]:
        acc = b.let(f"{acc} * {x} + {float(k)!r}")
    return acc


def supports(name: str, dtype: str) -> bool:
    """Whether a kernel can compute op `name` on operands of `dtype` with the CPU backend's
    numbers (erf_inv is XLA's f32 polynomial; pow, atan2 and fmod compute f32 in f64)."""
    if name not in TRITON:
        return False
    if name in ("erf_inv", "pow", "atan2", "rem"):
        return dtype != "float64"
    return True


TRITON = {
    "add": _binary("+"), "sub": _binary("-"), "mul": _binary("*"), "div": _div, "rem": _rem,
    "max": _minmax("maximum"), "min": _minmax("minimum"),
    "and": _bitwise("&"), "or": _bitwise("|"), "xor": _bitwise("^"),
    "not": lambda b, a, dtype, **_: f"({a[0]} ^ {literal(True if dtype == 'bool' else -1, dtype)})",
    "shift_left": _shift("left"), "shift_right_logical": _shift("logical"),
    "shift_right_arithmetic": _shift("arithmetic"),
    "neg": lambda b, a, dtype, **_: f"(-{a[0]})" if _is_float(dtype) else f"(0 - {a[0]})",
    "abs": lambda b, a, dtype, **_: a[0] if dtype in dt.UNSIGNED else f"tl.abs({a[0]})",
    "sign": _sign, "compare": _compare,
    "select": lambda b, a, dtype, **_: f"tl.where({a[0]}, {a[1]}, {a[2]})",
    "convert": _convert,
    "bitcast_convert": lambda b, a, dtype, *, to, **_: f"{a[0]}.to({TL[to]}, bitcast=True)",
    "integer_pow": _integer_pow,
    "is_finite": lambda b, a, dtype, **_: f"(tl.abs({a[0]}) < float('inf'))",
    "stop_gradient": lambda b, a, dtype, **_: a[0],
    "exp": lambda b, a, dtype, **_: f"tl.exp({a[0]})",
    "exp2": lambda b, a, dtype, **_: f"tl.exp({a[0]} * {float(np.log(2).astype(np.dtype(dtype)))!r})",
    "log": lambda b, a, dtype, **_: f"tl.log({a[0]})",
    "log1p": _log1p, "expm1": _expm1,
    "sin": lambda b, a, dtype, **_: f"tl.sin({a[0]})",
    "cos": lambda b, a, dtype, **_: f"tl.cos({a[0]})",
    "tan": lambda b, a, dtype, **_: f"(tl.sin({a[0]}) / tl.cos({a[0]}))",
    "tanh": _tanh,
    "logistic": lambda b, a, dtype, **_: f"(1.0 / (1.0 + tl.exp(-{a[0]})))",
    "sqrt": lambda b, a, dtype, **_: f"tl.sqrt({a[0]})",
    "rsqrt": lambda b, a, dtype, **_: f"(1.0 / tl.sqrt({a[0]}))",
    "cbrt": _cbrt, "erf": lambda b, a, dtype, **_: f"tl.erf({a[0]})",
    "erf_inv": _erf_inv,
    "floor": lambda b, a, dtype, **_: f"tl.floor({a[0]})",
    "ceil": lambda b, a, dtype, **_: f"tl.ceil({a[0]})",
    "round": _round, "pow": _pow, "atan2": _atan2,
}


# Ops that are kernels of their own. sort/argsort: one program sorts a row of at most
# SORT_MAX elements in registers (tl.sort), keys of at most 32 bits packed with their position
# into one int64 (the position makes the sort stable and gives the permutation). Scatters
# combine through Triton's atomics (plain stores for `scatter`). Others run on the host.
SORT_MAX = 4096
SORT_KEYS = frozenset({"bool", "int32", "uint32", "float16", "bfloat16", "float32"})
ATOMIC = frozenset({"int32", "uint32", "int64", "float32", "float64"})
SCATTER_DTYPES = {"scatter": frozenset(TL), "scatter_add": ATOMIC, "scatter_min": ATOMIC,
                  "scatter_max": ATOMIC}
INDEX_DTYPES = frozenset({"int32", "uint32", "int64"})


def own_kernel(name: str, avals: list, params: dict):
    """'sort' or 'scatter' where op `name` (operand avals, params) has a kernel of its own."""
    if name in ("sort", "argsort"):
        a = avals[0]
        ok = a.dtype in SORT_KEYS and 0 < a.shape[params["dimension"]] <= SORT_MAX
        return "sort" if ok else None
    if name in SCATTER_DTYPES:
        ok = avals[0].dtype in SCATTER_DTYPES[name] and avals[1].dtype in INDEX_DTYPES
        return "scatter" if ok else None
    return None
