"""Elementwise functions with numpy's names and JAX's semantics: operands promoted by JAX's
rules and broadcast, integer inputs of float functions made the default float."""
from __future__ import annotations

import numpy as np

from .. import dtypes, lax
from ._base import (asarray, check_arraylike, promote_args, promote_dtypes, promote_to_inexact,
                    with_weak)
from ..lax import is_array

_D = dtypes.D


def _float_unary(name, fn):
    def f(x, /):
        check_arraylike(name, x)
        (x,) = promote_to_inexact(x)
        return fn(x)
    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"Elementwise {name}, in floating point (jnp.{name})."
    return f


def _in_f32(fn):
    """A formula of several ops evaluated in float32 for 16-bit floats: rounding every
    intermediate to 8 or 11 bits would lose most of the result's (as XLA upcasts too)."""
    def f(x):
        if x.aval.dtype not in ("float16", "bfloat16"):
            return fn(x)
        return lax.convert_element_type(fn(lax.convert_element_type(x, "float32")),
                                        x.aval.dtype, x.weak_type)
    return f


exp = _float_unary("exp", lax.exp)
exp2 = _float_unary("exp2", lax.exp2)
log = _float_unary("log", lax.log)
log1p = _float_unary("log1p", lax.log1p)
expm1 = _float_unary("expm1", lax.expm1)
sin = _float_unary("sin", lax.sin)
cos = _float_unary("cos", lax.cos)
tan = _float_unary("tan", lax.tan)
tanh = _float_unary("tanh", lax.tanh)
sqrt = _float_unary("sqrt", lax.sqrt)
cbrt = _float_unary("cbrt", lax.cbrt)
arctan = _float_unary("arctan", _in_f32(lambda x: lax.atan2(x, 1)))
arcsin = _float_unary("arcsin", _in_f32(lambda x: lax.atan2(x, _sqrt_1mx2(x))))
arccos = _float_unary("arccos", _in_f32(lambda x: lax.atan2(_sqrt_1mx2(x), x)))
sinh = _float_unary("sinh", _in_f32(lambda x: _sinh(x)))
cosh = _float_unary("cosh", _in_f32(lambda x: lax.add(*_half_exps(lax.abs(x)))))
arcsinh = _float_unary("arcsinh", _in_f32(lambda x: lax.mul(lax.sign(x), _arcsinh(lax.abs(x)))))
arctanh = _float_unary("arctanh", _in_f32(lambda x: lax.mul(
    lax.sub(lax.log1p(x), lax.log1p(lax.neg(x))), 0.5)))
arccosh = _float_unary("arccosh", _in_f32(lambda x: _arccosh(x)))
# the array API's names
acos, asin, atan, acosh, asinh, atanh = arccos, arcsin, arctan, arccosh, arcsinh, arctanh
log2 = _float_unary("log2", lambda x: lax.div(lax.log(x), float(np.log(2))))
log10 = _float_unary("log10", lambda x: lax.div(lax.log(x), float(np.log(10))))
deg2rad = radians = _float_unary("deg2rad", lambda x: lax.mul(x, float(np.pi / 180)))
rad2deg = degrees = _float_unary("rad2deg", lambda x: lax.mul(x, float(180 / np.pi)))
sinc = _float_unary("sinc", _in_f32(lambda x: _sinc(x)))


_LN2 = float(np.log(2))


def _sqrt_1mx2(x):
    return lax.sqrt(lax.mul(lax.add(x, 1), lax.sub(1, x)))


def _half_exps(a):
    """exp(a) / 2 and exp(-a) / 2, finite for the a where cosh(a) is."""
    return lax.exp(lax.sub(a, _LN2)), lax.exp(lax.sub(lax.neg(a), _LN2))


def _sinh(x):
    small = lax.mul(lax.sub(lax.expm1(x), lax.expm1(lax.neg(x))), 0.5)   # no cancellation
    big = lax.mul(lax.sign(x), lax.sub(*_half_exps(lax.abs(x))))
    return lax.select(lax.lt(lax.abs(x), 1), small, big)


def _big(x):
    """Where the +1 of arcsinh and arccosh is below x's precision: they are log(2x) there."""
    return lax.gt(x, float(1 / np.sqrt(dtypes.finfo(x.dtype).eps)))


def _arcsinh(a):
    """For a >= 0: log1p(a + a^2 / (1 + sqrt(1 + a^2))), exact near 0."""
    a2 = lax.mul(a, a)
    near = lax.log1p(lax.add(a, lax.div(a2, lax.add(lax.sqrt(lax.add(a2, 1)), 1))))
    return lax.select(_big(a), lax.add(lax.log(a), _LN2), near)


def _arccosh(x):
    """log1p((x - 1) + sqrt(x - 1) sqrt(x + 1)): exact near 1."""
    xm1 = lax.sub(x, 1)
    near = lax.log1p(lax.add(xm1, lax.mul(lax.sqrt(xm1), lax.sqrt(lax.add(x, 1)))))
    return lax.select(_big(x), lax.add(lax.log(x), _LN2), near)


def _sinc(x):
    px = lax.mul(x, float(np.pi))
    zero = lax.eq(x, 0)
    one = lax.full(x.shape, 1, x.aval.dtype)
    safe = lax.select(zero, one, px)
    return lax.select(zero, one, lax.div(lax.sin(safe), safe))


def _keep_ints(name, fn):
    """Float rounding functions return integer (and bool) inputs unchanged, as JAX's do."""
    def f(x, /):
        check_arraylike(name, x)
        x = asarray(x)
        return x if x.aval.dtype not in _D.FLOATS else fn(x)
    f.__name__ = f.__qualname__ = name
    return f


floor = _keep_ints("floor", lax.floor)
ceil = _keep_ints("ceil", lax.ceil)
trunc = fix = _keep_ints("trunc", lambda x: lax.mul(lax.sign(x), lax.floor(lax.abs(x))))
rint = _float_unary("rint", lambda x: lax.round(x, 1))        # jnp.rint makes ints floats


def round(a, decimals: int = 0, out=None):
    """Rounds half to even, as numpy (and jnp) do."""
    check_arraylike("round", a)
    a = asarray(a)
    if a.aval.dtype not in _D.FLOATS:
        if decimals < 0:
            raise NotImplementedError("integer round with decimals < 0 (as in jnp)")
        return a
    if decimals == 0:
        return lax.round(a, 1)
    factor = 10.0 ** decimals
    return lax.div(lax.round(lax.mul(a, factor), 1), factor)


around = round


def _numeric_unary(name, fn):
    def f(x, /):
        check_arraylike(name, x)
        return fn(asarray(x))
    f.__name__ = f.__qualname__ = name
    return f


def _abs(x):
    return x if x.aval.dtype in ("bool", "uint32") else lax.abs(x)


def _sign(x):
    if x.aval.dtype == "bool":
        raise TypeError("sign is not defined for booleans")
    return lax.sign(x)


def _hypot(x, y):
    """big * sqrt(1 + (small / big)^2): no overflow of x^2 + y^2 in between."""
    big, small = lax.max(x, y), lax.min(x, y)
    safe = lax.select(lax.eq(big, 0), lax.full(big.shape, 1, big.aval.dtype), big)
    ratio = lax.div(small, safe)
    out = lax.mul(big, lax.sqrt(lax.add(lax.mul(ratio, ratio), 1)))
    inf = lax.bitwise_or(lax.eq(x, float("inf")), lax.eq(y, float("inf")))
    return lax.select(inf, lax.full(out.shape, float("inf"), out.aval.dtype), out)  # even by NaN


def _neg_ok(x, name):
    if x.aval.dtype == "bool":
        raise TypeError(f"{name} is not defined for booleans; use ~, ^ or logical_* instead")
    return x


def _neg(x):
    return lax.neg(_neg_ok(x, "negative"))


absolute = abs = _numeric_unary("abs", _abs)
sign = _numeric_unary("sign", _sign)
negative = _numeric_unary("negative", _neg)
positive = _numeric_unary("positive", lambda x: x)
conj = conjugate = real = _numeric_unary("real", lambda x: x)    # no complex dtypes yet


def _numeric(x):
    """Booleans as the default int, for arithmetic that is not defined on them (as jnp)."""
    return lax.convert_element_type(x, dtypes.default_int(), x.weak_type) \
        if x.aval.dtype == "bool" else x


def square(x, /):
    check_arraylike("square", x)
    return lax.integer_pow(_numeric(asarray(x)), 2)


def reciprocal(x, /):
    check_arraylike("reciprocal", x)
    (x,) = promote_to_inexact(x)
    return lax.div(1, x)


def isnan(x, /):
    check_arraylike("isnan", x)
    x = asarray(x)
    if x.aval.dtype not in _D.FLOATS:
        return lax.full(x.shape, False, "bool")
    return lax.ne(x, x)


def isfinite(x, /):
    check_arraylike("isfinite", x)
    x = asarray(x)
    if x.aval.dtype not in _D.FLOATS:
        return lax.full(x.shape, True, "bool")
    return lax.is_finite(x)


def isinf(x, /):
    check_arraylike("isinf", x)
    x = asarray(x)
    if x.aval.dtype not in _D.FLOATS:
        return lax.full(x.shape, False, "bool")
    return lax.eq(lax.abs(x), float("inf"))


def isposinf(x, /):
    check_arraylike("isposinf", x)
    return logical_and(isinf(x), greater(x, 0))


def isneginf(x, /):
    check_arraylike("isneginf", x)
    return logical_and(isinf(x), less(x, 0))


def signbit(x, /):
    check_arraylike("signbit", x)
    x = asarray(x)
    if x.aval.dtype in _D.FLOATS:
        bits = {"float16": "int32", "bfloat16": "int32", "float32": "int32", "float64": "int64"}
        if x.aval.dtype in ("float32", "float64"):
            return lax.lt(lax.bitcast_convert_type(x, bits[x.aval.dtype]), 0)
        return signbit(lax.convert_element_type(x, "float32"))
    return lax.lt(x, 0)


# ----------------------------------------------------------------------- binary

def _binary(name, fn, inexact=False):
    def f(x1, x2, /):
        check_arraylike(name, x1, x2)
        x1, x2 = (promote_to_inexact if inexact else promote_args)(x1, x2)
        out = fn(x1, x2)
        return with_weak(out, x1.weak_type) if out.aval.dtype == x1.aval.dtype else out
    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"Elementwise {name} with broadcasting and JAX's type promotion."
    return f


def _bool_to_or(fn, bool_fn):
    return lambda x, y: bool_fn(x, y) if x.aval.dtype == "bool" else fn(x, y)


add = _binary("add", _bool_to_or(lax.add, lax.bitwise_or))
multiply = _binary("multiply", _bool_to_or(lax.mul, lax.bitwise_and))
subtract = _binary("subtract", lambda x, y: lax.sub(_neg_ok(x, "subtract"), y))
true_divide = divide = _binary("divide", lax.div, inexact=True)
maximum = _binary("maximum", lax.max)
minimum = _binary("minimum", lax.min)
arctan2 = _binary("arctan2", lax.atan2, inexact=True)
fmod = _binary("fmod", lambda x, y: lax.rem(*_nonzero_divisor(_numeric(x), _numeric(y))))
hypot = _binary("hypot", lambda x, y: _hypot(lax.abs(x), lax.abs(y)), inexact=True)
equal = _binary("equal", lax.eq)
not_equal = _binary("not_equal", lax.ne)
less = _binary("less", lax.lt)
less_equal = _binary("less_equal", lax.le)
greater = _binary("greater", lax.gt)
greater_equal = _binary("greater_equal", lax.ge)
bitwise_and = _binary("bitwise_and", lax.bitwise_and)
bitwise_or = _binary("bitwise_or", lax.bitwise_or)
bitwise_xor = _binary("bitwise_xor", lax.bitwise_xor)
left_shift = _binary("left_shift", lax.shift_left)


def _right_shift(x, y):
    if x.aval.dtype in _D.UNSIGNED:
        return lax.shift_right_logical(x, y)
    return lax.shift_right_arithmetic(x, y)


right_shift = _binary("right_shift", _right_shift)


def _floor_divide(x, y):
    """jnp's floor_divide, special values and division by zero included."""
    if x.aval.dtype in _D.FLOATS:       # CPython's float_divmod: exact, and numpy's NaNs
        mod = lax.rem(x, y)
        div = lax.div(lax.select(lax.eq(y, 0), x, lax.sub(x, mod)), y)
        fix = lax.bitwise_and(lax.ne(mod, 0), lax.ne(lax.sign(mod), lax.sign(y)))
        return lax.round(lax.select(fix, lax.sub(div, 1), div), 1)
    x, y = _numeric(x), _numeric(y)
    q = lax.div(x, y)                                      # truncates toward zero
    if x.aval.dtype in _D.UNSIGNED:
        return q
    fix = lax.bitwise_and(lax.ne(lax.rem(x, y), 0), lax.ne(lax.sign(x), lax.sign(y)))
    return lax.select(fix, lax.sub(q, 1), q)


def _nonzero_divisor(x, y):
    """Integer x % 0 is 0, as in numpy and jnp (XLA's rem would give x)."""
    if y.aval.dtype in _D.FLOATS:
        return x, y
    return x, lax.select(lax.eq(y, 0), lax.full(y.shape, 1, y.aval.dtype), y)


def _remainder(x, y):
    x, y = _nonzero_divisor(_numeric(x), _numeric(y))
    r = lax.rem(x, y)                                      # sign of x
    if x.aval.dtype in _D.UNSIGNED:
        return r
    fix = lax.bitwise_and(lax.ne(r, 0), lax.ne(lax.lt(r, 0), lax.lt(y, 0)))
    return lax.select(fix, lax.add(r, y), r)


floor_divide = _binary("floor_divide", _floor_divide)
remainder = mod = _binary("remainder", _remainder)


def divmod(x1, x2, /):
    check_arraylike("divmod", x1, x2)
    return floor_divide(x1, x2), remainder(x1, x2)


def logaddexp(x1, x2, /):
    check_arraylike("logaddexp", x1, x2)
    x1, x2 = promote_to_inexact(x1, x2)
    amax = lax.max(x1, x2)
    delta = lax.sub(x1, x2)
    out = lax.select(lax.ne(delta, delta), lax.add(x1, x2),      # NaN, or infinities alike
                     lax.add(amax, lax.log1p(lax.exp(lax.neg(lax.abs(delta))))))
    return with_weak(out, x1.weak_type)


def logaddexp2(x1, x2, /):
    check_arraylike("logaddexp2", x1, x2)
    x1, x2 = promote_to_inexact(x1, x2)
    ln2 = float(np.log(2))
    return lax.div(logaddexp(lax.mul(x1, ln2), lax.mul(x2, ln2)), ln2)


def _logical(name, fn):
    def f(x1, x2, /):
        check_arraylike(name, x1, x2)
        x1, x2 = promote_args(asarray(x1) if not is_array(x1) else x1,
                              asarray(x2) if not is_array(x2) else x2)
        return fn(_truth(x1), _truth(x2))
    f.__name__ = f.__qualname__ = name
    return f


def _truth(x):
    return x if x.aval.dtype == "bool" else lax.ne(x, 0)


logical_and = _logical("logical_and", lax.bitwise_and)
logical_or = _logical("logical_or", lax.bitwise_or)
logical_xor = _logical("logical_xor", lax.bitwise_xor)


def logical_not(x, /):
    check_arraylike("logical_not", x)
    return lax.bitwise_not(_truth(asarray(x)))


def invert(x, /):
    check_arraylike("invert", x)
    return lax.bitwise_not(asarray(x))


bitwise_not = bitwise_invert = invert


# ----------------------------------------------------------------------- power

def power(x1, x2, /):
    check_arraylike("power", x1, x2)
    if type(x2) is int and (is_array(x1) or type(x1) is not int):   # static exponent
        (x1,) = promote_args(x1)
        x1 = _numeric(x1)
        if x2 < 0 and x1.aval.dtype not in _D.FLOATS:
            raise ValueError("integers to negative integer powers are not allowed")
        return lax.integer_pow(x1, x2)
    a, b = asarray(x1), asarray(x2)
    if a.aval.dtype in _D.FLOATS and b.aval.dtype in _D.INTEGERS:
        # a float base keeps its type under an integer exponent array (as jnp.power does)
        a, b = promote_args(a, lax.convert_element_type(b, a.aval.dtype, b.weak_type))
        return with_weak(lax.pow(a, b), a.weak_type and b.weak_type)
    x1, x2 = map(_numeric, promote_args(x1, x2))
    if x1.aval.dtype in _D.FLOATS:
        return with_weak(lax.pow(x1, x2), x1.weak_type)
    return with_weak(_integer_power(x1, x2), x1.weak_type)


def _integer_power(x, y):
    """x ** y for integer arrays, by squaring over the low 6 bits of |y| as jnp does: any
    larger power of |x| > 1 overflows, and the parity bit is kept for x = -1. y < 0 gives the
    truncated 1 / x ** -y (numpy raises, JAX leaves it undefined)."""
    signed = x.aval.dtype in _D.SIGNED
    one = lax.full(x.shape, 1, x.aval.dtype)
    acc, base, n = one, x, lax.abs(y) if signed else y
    for _ in range(6):
        acc = lax.select(lax.ne(lax.bitwise_and(n, 1), 0), lax.mul(acc, base), acc)
        base = lax.mul(base, base)
        n = lax.shift_right_logical(n, one)
    if signed:                 # 1 / acc truncates to 0 unless acc is 1 or -1
        inverse = lax.select(lax.eq(lax.abs(acc), 1), acc, lax.mul(acc, 0))
        acc = lax.select(lax.lt(y, 0), inverse, acc)
    return acc


float_power = _binary("float_power", lax.pow, inexact=True)


# ----------------------------------------------------------------------- selection

def where(condition, x=None, y=None, /):
    check_arraylike("where", condition, *[v for v in (x, y) if v is not None])
    if x is None and y is None:
        raise NotImplementedError("where(condition) with one argument has a data-dependent "
                                  "shape; use nonzero outside jit, or where(condition, x, y)")
    if x is None or y is None:
        raise ValueError("where needs either one argument or three")
    condition = _truth(asarray(condition))
    x, y = promote_dtypes(x, y)
    from ._base import broadcast_arrays
    condition, x, y = broadcast_arrays(condition, x, y)
    return lax.select(condition, x, y)


def clip(arr=None, min=None, max=None, *, a=None, a_min=None, a_max=None):
    arr = a if arr is None else arr
    lo = a_min if min is None else min
    hi = a_max if max is None else max
    check_arraylike("clip", arr, *[v for v in (lo, hi) if v is not None])
    out = asarray(arr)
    if lo is not None:
        out = maximum(out, lo)
    if hi is not None:
        out = minimum(out, hi)
    return out


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    check_arraylike("isclose", a, b)
    a, b = promote_args(a, b)
    if a.aval.dtype not in _D.FLOATS:
        return equal(a, b)
    rtol, atol = float(rtol), float(atol)                  # lax takes them in a's dtype
    close = lax.le(lax.abs(lax.sub(a, b)), lax.add(lax.mul(lax.abs(b), rtol), atol))
    both_inf = lax.bitwise_and(lax.eq(a, b), lax.bitwise_not(lax.is_finite(a)))
    finite = lax.bitwise_and(lax.is_finite(a), lax.is_finite(b))
    out = lax.bitwise_or(lax.bitwise_and(close, finite), both_inf)
    if equal_nan:
        out = lax.bitwise_or(out, lax.bitwise_and(lax.ne(a, a), lax.ne(b, b)))
    return out


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    check_arraylike("allclose", a, b)
    from .reductions import all
    return all(isclose(a, b, rtol, atol, equal_nan))


def array_equal(a1, a2, equal_nan=False):
    a1, a2 = asarray(a1), asarray(a2)
    if a1.shape != a2.shape:
        return asarray(False)
    from .reductions import all
    eq = equal(a1, a2)
    if equal_nan:
        eq = logical_or(eq, logical_and(isnan(a1), isnan(a2)))
    return all(eq)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    check_arraylike("nan_to_num", x)
    x = asarray(x)
    if x.aval.dtype not in _D.FLOATS:
        return x
    info = dtypes.finfo(x.dtype)
    posinf = float(info.max) if posinf is None else posinf
    neginf = float(info.min) if neginf is None else neginf
    out = where(isnan(x), nan, x)
    out = where(isposinf(out), posinf, out)
    return where(isneginf(out), neginf, out)


__all__ = sorted(n for n, v in globals().items()
                 if not n.startswith("_") and getattr(v, "__module__", None) == __name__)
