"""Products: dot, matmul (@), vdot, inner, outer, tensordot and einsum, all lowered to the
dialect's dot_general (batch dims first, then lhs free, then rhs free, as in XLA)."""
from __future__ import annotations

import string

from .. import dtypes, lax
from ._base import (asarray, broadcast_shapes, broadcast_to, canonical_axis, check_arraylike,
                    promote_dtypes)
from .reductions import any as _any, sum as _sum
from .shapes import ravel, reshape, transpose
from .ufuncs import multiply


def _promoted(a, b):
    return promote_dtypes(asarray(a), asarray(b))


def _out(x, preferred_element_type):
    return x if preferred_element_type is None else lax.convert_element_type(
        x, preferred_element_type)


def _widen(operands, preferred):
    """Operands in a preferred_element_type at least as wide as theirs: JAX accumulates in it
    (so booleans count rather than or)."""
    if preferred is None:
        return operands
    name = dtypes.name_of(preferred)
    if dtypes.promote_types(operands[0].dtype, name) != dtypes.np_dtype(name):
        return operands
    return [lax.convert_element_type(o, name) for o in operands]


def _dot_general(a, b, dims, preferred=None):
    """lax.dot_general with jnp's extras: preferred_element_type, and booleans giving
    any(a & b)."""
    a, b = _widen([a, b], preferred)
    if a.aval.dtype == "bool":
        as_int = [lax.convert_element_type(x, dtypes.default_int()) for x in (a, b)]
        return lax.ne(lax.dot_general(*as_int, dims), 0)
    return _out(lax.dot_general(a, b, dims), preferred)


def dot(a, b, *, precision=None, preferred_element_type=None):
    check_arraylike("dot", a, b)
    a, b = _promoted(a, b)
    if a.ndim == 0 or b.ndim == 0:
        return _out(multiply(a, b), preferred_element_type)
    contract_b = 0 if b.ndim == 1 else b.ndim - 2
    _check_sizes("dot", a, a.ndim - 1, b, contract_b)
    return _dot_general(a, b, (((a.ndim - 1,), (contract_b,)), ((), ())),
                        preferred_element_type)


def _check_sizes(name, a, ia, b, ib):
    """Contracted dimensions agree; a TypeError otherwise, as JAX's dot_general raises."""
    if a.shape[ia] != b.shape[ib]:
        raise TypeError(f"{name}: shapes {a.shape} and {b.shape} are not aligned: dimension "
                        f"{ia} ({a.shape[ia]}) != dimension {ib} ({b.shape[ib]}); "
                        "dot_general requires contracting dimensions to have the same shape")


def matmul(a, b, *, precision=None, preferred_element_type=None):
    check_arraylike("matmul", a, b)
    a, b = _promoted(a, b)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("matmul: operands must not be scalars (use * instead)")
    a2 = reshape(a, (1,) + a.shape) if a.ndim == 1 else a
    b2 = reshape(b, b.shape + (1,)) if b.ndim == 1 else b
    _check_sizes("matmul", a2, a2.ndim - 1, b2, b2.ndim - 2)
    batch = broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
    nb = len(batch)
    if a2.ndim > 2 or b2.ndim > 2:
        a2 = broadcast_to(a2, batch + a2.shape[-2:])
        b2 = broadcast_to(b2, batch + b2.shape[-2:])
    dims = tuple(range(nb))
    out = _dot_general(a2, b2, (((nb + 1,), (nb,)), (dims, dims)), preferred_element_type)
    if a.ndim == 1:
        out = reshape(out, out.shape[:-2] + out.shape[-1:])
    if b.ndim == 1:
        out = reshape(out, out.shape[:-1])
    return out


def vdot(a, b, *, precision=None, preferred_element_type=None):
    check_arraylike("vdot", a, b)
    return dot(ravel(asarray(a)), ravel(asarray(b)), preferred_element_type=preferred_element_type)


def inner(a, b, *, precision=None, preferred_element_type=None):
    check_arraylike("inner", a, b)
    a, b = _promoted(a, b)
    if a.ndim == 0 or b.ndim == 0:
        return _out(multiply(a, b), preferred_element_type)
    _check_sizes("inner", a, a.ndim - 1, b, b.ndim - 1)
    return _dot_general(a, b, (((a.ndim - 1,), (b.ndim - 1,)), ((), ())),
                        preferred_element_type)


def outer(a, b, out=None):
    check_arraylike("outer", a, b)
    a, b = ravel(asarray(a)), ravel(asarray(b))
    return multiply(a[:, None], b[None, :])


def tensordot(a, b, axes=2, *, precision=None, preferred_element_type=None):
    check_arraylike("tensordot", a, b)
    a, b = _promoted(a, b)
    if isinstance(axes, int):
        if axes > min(a.ndim, b.ndim) or axes < 0:
            raise TypeError(f"tensordot: axes={axes} is out of range for {a.aval} and {b.aval}")
        ca, cb = tuple(range(a.ndim - axes, a.ndim)), tuple(range(axes))
    else:
        ca, cb = axes
        ca = (ca,) if isinstance(ca, int) else tuple(ca)
        cb = (cb,) if isinstance(cb, int) else tuple(cb)
        if len(ca) != len(cb):
            raise TypeError("tensordot: the two axis lists must have the same length")
        ca = tuple(canonical_axis(x, a.ndim) for x in ca)
        cb = tuple(canonical_axis(x, b.ndim) for x in cb)
    for i, j in zip(ca, cb):
        _check_sizes("tensordot", a, i, b, j)
    return _dot_general(a, b, ((ca, cb), ((), ())), preferred_element_type)


# ----------------------------------------------------------------------------- einsum

def einsum(subscripts, *operands, optimize=None, precision=None, preferred_element_type=None):
    """Einstein summation over explicit or implicit subscripts with `...`; operands are
    contracted left to right, each pair as one dot_general."""
    if not isinstance(subscripts, str):
        raise NotImplementedError("einsum with the interleaved (operand, sublist) form")
    check_arraylike("einsum", *operands)
    operands = [asarray(o) for o in operands]
    if len(operands) > 1:
        operands = promote_dtypes(*operands)
    operands = _widen(operands, preferred_element_type)
    inputs, output = _parse(subscripts.replace(" ", ""), operands)
    for spec, op in zip(inputs, operands):
        if len(set(spec)) != len(spec):
            raise NotImplementedError(f"einsum: repeated index in one operand ('{spec}', a "
                                      "diagonal or trace) is not supported yet")
    sizes = {}
    for spec, op in zip(inputs, operands):
        for c, d in zip(spec, op.shape):
            if sizes.setdefault(c, d) != d and 1 not in (d, sizes[c]):
                raise ValueError(f"einsum: index '{c}' has sizes {sizes[c]} and {d}")
    # sum away indices that appear in one operand only and not in the output
    ops = []
    for i, (spec, op) in enumerate(zip(inputs, operands)):
        elsewhere = set(output).union(*(s for j, s in enumerate(inputs) if j != i))
        drop = [k for k, c in enumerate(spec) if c not in elsewhere]
        if drop:
            op = (_any if op.aval.dtype == "bool" else _sum)(op, axis=tuple(drop))
            spec = "".join(c for c in spec if c not in [spec[k] for k in drop])
        ops.append((spec, op))
    spec, acc = ops[0]
    for k, (spec2, op2) in enumerate(ops[1:], start=1):
        later = set(output).union(*(s for s, _ in ops[k + 1:]))
        spec, acc = _contract(spec, acc, spec2, op2, later, sizes)
    perm = [spec.index(c) for c in output]
    out = transpose(acc, perm) if perm != list(range(len(perm))) else acc
    return _out(out, preferred_element_type)


def _parse(subscripts, operands):
    if "->" in subscripts:
        lhs, output = subscripts.split("->")
    else:
        lhs, output = subscripts, None
    inputs = lhs.split(",")
    if len(inputs) != len(operands):
        raise ValueError(f"einsum: {len(inputs)} operand subscripts for {len(operands)} operands")
    used = set(subscripts)
    free = iter(c for c in string.ascii_letters if c not in used)
    ell_dims = max((op.ndim - (len(s) - 3) for s, op in zip(inputs, operands) if "..." in s),
                   default=0)
    ell = "".join(next(free) for _ in range(ell_dims))
    expanded = []
    for s, op in zip(inputs, operands):
        if "..." in s:
            n = op.ndim - (len(s) - 3)
            s = s.replace("...", ell[ell_dims - n:])
        if len(s) != op.ndim:
            raise ValueError(f"einsum: subscripts '{s}' do not match operand of rank {op.ndim}")
        expanded.append(s)
    if output is None:
        counts = {}
        for s in expanded:
            for c in s:
                counts[c] = counts.get(c, 0) + 1
        output = ell + "".join(sorted(c for c, n in counts.items() if n == 1 and c not in ell))
    else:
        output = output.replace("...", ell)
    return expanded, output


def _contract(sa, a, sb, b, keep, sizes):
    """One pairwise contraction: shared indices kept later are batch dims, the rest summed."""
    shared = [c for c in sa if c in sb]
    batch = [c for c in shared if c in keep]
    contract = [c for c in shared if c not in keep]
    a, b = _broadcast_unit(sa, a, sb, b)
    out = _dot_general(a, b, ((tuple(sa.index(c) for c in contract),
                               tuple(sb.index(c) for c in contract)),
                              (tuple(sa.index(c) for c in batch),
                               tuple(sb.index(c) for c in batch))))
    spec = "".join(batch) + "".join(c for c in sa if c not in shared) + \
        "".join(c for c in sb if c not in shared)
    return spec, out


def _broadcast_unit(sa, a, sb, b):
    """Size-1 dimensions facing a larger one (broadcast `...`) are expanded first."""
    def grow(s, x, other_s, other):
        shape = list(x.shape)
        for i, c in enumerate(s):
            if c in other_s and shape[i] == 1:
                shape[i] = other.shape[other_s.index(c)]
        return broadcast_to(x, tuple(shape)) if tuple(shape) != x.shape else x
    return grow(sa, a, sb, b), grow(sb, b, sa, a)
