"""`mlax-fuse`: cuts each function into the kernels of the GPU backend.

A kernel is the backward slice of one materialized value (its root) through ops a kernel
can recompute: elementwise ops, broadcasts, reshapes, transposes, slices (static and
dynamic), reversals, concatenations, pads, dynamic updates, gathers, iota and constants.
Each kernel is outlined into a function marked `mlax.kernel = "<kind>"` and called in the
root's place; cheap producers used by several kernels are recomputed in each (as
XLA's fusion does) rather than stored. Kinds:

- `elementwise`: no reduction in the slice; one program per block of the root's elements.
- `rows`: the slice holds reductions, all over the same axes of operands of one shape F (the
  "row" is the reduced axes, any of them); the root has shape F (softmax: the reductions'
  results are broadcast back) or F's reduced shape. One program per row; each reduction is
  one pass over the row, in chunks, and the root is written by the last. A row kernel also
  stores the other row kernels' roots it reads (statistics), which then have no kernel.
- `matmul`: one dot_general, whose operands are materialized (transposes of them are read
  in place, through permuted strides), and its epilogue: the elementwise ops its product
  flows through, one use at a time, at its shape (a bias and an activation), applied to
  each tile before it is stored.
- `scan`, `sort`, `scatter`: one cumulative op, sort/argsort (rows that fit a program) or
  scatter (with an atomic combiner) and the producers of its operands.

Values the slice cannot absorb (other reductions, dot_general results, non-fusible ops,
arguments) are the kernel's operands; argmax/argmin become two reductions first. Ops no
kernel covers (scatter_mul, sorts of long rows or 64-bit keys) stay as they are.
"""
from __future__ import annotations

import math

from mlir import ir

from ..dialect.ir import aval_of_type
from .registry import register
from .transforms import outline
from .verify import declared_op, op_params
from .walk import KERNEL_ATTR, NATIVE_ATTR, PREFIX, functions, symbol_name

REDUCTIONS = frozenset(f"reduce_{k}" for k in ("sum", "prod", "max", "min", "and", "or"))
SCANS = frozenset(f"cum{k}" for k in ("sum", "prod", "max", "min"))
# Ops a kernel recomputes freely, beside the elementwise ops of native_rules.SCALAR.
SHAPE_OPS = frozenset({"broadcast_in_dim", "reshape", "transpose", "slice", "rev", "iota",
                       "constant", "concatenate", "pad", "dynamic_slice",
                       "dynamic_update_slice", "gather"})
GPU_DTYPES = frozenset({"bool", "int32", "int64", "uint32", "float16", "bfloat16", "float32",
                        "float64"})


def _name(op: ir.Operation) -> str:
    return op.name[len(PREFIX):] if op.name.startswith(PREFIX) else ""


def _recomputable(op: ir.Operation) -> bool:
    from .triton_rules import supports
    name = _name(op)
    avals = [aval_of_type(v.type) for v in [*op.operands, *op.results]]
    if not all(a.dtype in GPU_DTYPES for a in avals):
        return False
    if name in SHAPE_OPS:
        return True
    return bool(op.operands) and supports(name, avals[len(op.operands) - 1].dtype)


def solo_kind(op) -> str | None:
    """The kind of a kernel holding op alone with its recomputed producers: "scan" for the
    cumulative ops, "sort" or "scatter" where triton_rules has a kernel for the op, else None."""
    from ..dialect import OPS
    from .triton_rules import own_kernel
    name = _name(op)
    if name in SCANS:
        return "scan"
    if name not in OPS:
        return None
    avals = [aval_of_type(v.type) for v in op.operands]
    if not all(a.dtype in GPU_DTYPES for a in avals):
        return None
    return own_kernel(name, avals, op_params(op, OPS[name], resolve=None))


def _reduction_key(op: ir.Operation):
    """(operand shape, reduced axes) of a reduction."""
    return (aval_of_type(op.operands[0].type).shape,
            tuple(ir.DenseI64ArrayAttr(op.attributes["axes"])))


def _op_of(value: ir.Value):
    """The op defining value, or None for a block argument."""
    owner = value.owner
    return None if isinstance(owner, ir.Block) else owner.operation


def operand_view(v: ir.Value):
    """(base, strides, ops): v read as a strided view of base through the transposes and
    reshapes `ops` (innermost first) that a matmul kernel reads in place; (v, row-major, [])
    where v is no such view."""
    from .native_rules import reshaped_strides, row_major_strides
    op = _op_of(v)
    if op is not None and _name(op) in ("transpose", "reshape"):
        base, strides, ops = operand_view(op.operands[0])
        if _name(op) == "transpose":
            perm = ir.DenseI64ArrayAttr(op.attributes["permutation"])
            return base, tuple(strides[p] for p in perm), ops + [op]
        new = reshaped_strides(aval_of_type(op.operands[0].type).shape, strides,
                               aval_of_type(v.type).shape)
        if new is not None:
            return base, new, ops + [op]
    return v, row_major_strides(aval_of_type(v.type).shape), []


def _epilogue_end(dot: ir.Operation):
    """The value a matmul kernel stores when dot's result flows, one use at a time, through
    elementwise ops of its shape (a bias, an activation: its epilogue); None when it has
    none (the dot's result is stored)."""
    from .native_rules import SCALAR
    v, shape = dot.results[0], aval_of_type(dot.results[0].type).shape
    while True:
        uses = list(v.uses)
        if len(uses) != 1:
            break
        user = uses[0].owner.operation
        if _name(user) not in SCALAR or not _recomputable(user) or \
                aval_of_type(user.results[0].type).shape != shape:
            break
        v = user.results[0]
    return None if v == dot.results[0] else v


def _epilogue_dot(root: ir.Value):
    """The dot_general whose epilogue ends at root, or None."""
    from .native_rules import SCALAR
    stack = [_op_of(root)]
    while stack:
        o = stack.pop()
        for v in o.operands:
            p = _op_of(v)
            if p is None:
                continue
            if _name(p) == "dot_general":
                end = _epilogue_end(p)
                if end is not None and end == root:
                    return p
            if _name(p) in SCALAR and len(list(v.uses)) == 1:
                stack.append(p)
    return None


# op -> _absorbable_op(op), while one block's kernels are planned: the IR does not change
# then, and each of a long program's hundreds of slices asks again about the same ops.
_ABSORBABLE: dict = {}


def _absorbable_op(op: ir.Operation) -> bool:
    """Whether a kernel recomputes op rather than reading its result: not where that would
    recompute a matrix product (op ends a matmul's epilogue)."""
    known = _ABSORBABLE.get(op)
    if known is None:
        known = _ABSORBABLE[op] = _recomputable(op) and _epilogue_dot(op.results[0]) is None
    return known


def kernel_slice(root: ir.Value, stored=frozenset()):
    """(kind, ops of the kernel, reduction key or None) for the kernel computing root; it
    reads the values of `stored` (other kernels' roots) rather than recomputing them."""
    op = _op_of(root)

    def _absorbable(o):
        return not any(r in stored for r in o.results) and _absorbable_op(o)
    dot = op if _name(op) == "dot_general" else _epilogue_dot(root)
    if dot is not None:         # transposed, reshaped operands: read through their strides
        members = [dot] + [p for v in dot.operands for p in operand_view(v)[2]]
        if dot is not op:       # the epilogue: what computes root from the product
            stack, seen = [op], {dot}
            while stack:
                o = stack.pop()
                if o in seen:
                    continue
                seen.add(o)
                members.append(o)
                stack += [p for v in o.operands if (p := _op_of(v)) is not None
                          and p not in seen and _absorbable(p)]
        return "matmul", members, None
    # The reduction that fixes a rows kernel: the root itself, or the nearest one below it
    # whose operand has the root's shape (the reductions' results are broadcast back).
    key = _reduction_key(op) if _name(op) in REDUCTIONS else None
    root_shape = aval_of_type(root.type).shape
    solo = solo_kind(op)                    # scan, sort or scatter: fixed by the root
    if solo is not None:
        key = solo
    elif key is None:
        stack, seen = [op], set()
        while stack and key is None:
            o = stack.pop()
            for v in o.operands:
                p = _op_of(v)
                if p is None or p in seen or v in stored:
                    continue
                seen.add(p)
                if _name(p) in REDUCTIONS and (_reduction_key(p)[0] == root_shape or
                                               _row_shaped(root, _reduction_key(p))):
                    key = _reduction_key(p)
                    break
                if _absorbable(p):
                    stack.append(p)
    members: dict = {}            # op -> None, in the order found

    def take(o: ir.Operation) -> bool:
        if any(r in stored for r in o.results):
            return False
        if _name(o) in REDUCTIONS:
            return key is not None and _reduction_key(o) == key and all(
                aval_of_type(v.type).dtype in GPU_DTYPES for v in [*o.operands, *o.results])
        return _absorbable(o)

    def collect():
        members.clear()
        stack = [op]
        while stack:
            o = stack.pop()
            if o in members:
                continue
            members[o] = None
            for v in o.operands:
                p = _op_of(v)
                if p is not None and p not in members and take(p):
                    stack.append(p)
    collect()
    if solo is not None:
        return solo, list(members), None
    if key is not None and not _row_preserving(members, key):
        key = None                          # the reductions are stored and read instead
        collect()
    return ("rows" if key is not None else "elementwise"), list(members), key


def _nontrivial(shape) -> list:
    return [d for d in shape if d != 1]


def _row_preserving(members: dict, key) -> bool:
    """Whether every reduction result in the slice is read at its own row: it reaches the
    root only through elementwise ops, reshapes that add or drop unit dimensions, and
    broadcasts back that put the row's dimensions where they were."""
    from .native_rules import SCALAR
    shape, axes = key
    kept = [d for d in range(len(shape)) if d not in axes]
    row = _nontrivial([shape[d] for d in kept])
    stack = [r for o in members if _name(o) in REDUCTIONS for r in o.results]
    while stack:
        v = stack.pop()
        for use in v.uses:
            u = use.owner.operation
            if u not in members:
                continue
            name, a = _name(u), aval_of_type(v.type)
            out = aval_of_type(u.results[0].type)
            if name == "broadcast_in_dim":
                dims = ir.DenseI64ArrayAttr(u.attributes["broadcast_dimensions"])
                placed = [d for i, d in enumerate(dims) if a.shape[i] != 1]
                if out.shape != shape or placed != [d for d in kept if shape[d] != 1]:
                    return False
            elif name == "reshape" and _nontrivial(out.shape) == _nontrivial(a.shape) == row:
                stack.append(u.results[0])
            elif name in SCALAR and out.shape == a.shape:
                stack.append(u.results[0])
            else:
                return False
    return True


def is_kernel(func_op: ir.Operation) -> bool:
    return KERNEL_ATTR in func_op.attributes


def kernel_kind(func_op: ir.Operation) -> str:
    return ir.StringAttr(func_op.attributes[KERNEL_ATTR]).value


def _kernel_able(op) -> bool:
    if op is None:
        return False
    name = _name(op)
    return name != "constant" and (_recomputable(op) or name in REDUCTIONS or
                                   name == "dot_general" or solo_kind(op) is not None)


# A value that several kernels would each recompute from more than RECOMPUTE_MAX ops (back to
# the values kernels store) is stored instead. Chains of reductions and elementwise steps (a
# Sinkhorn iteration, unrolled) would otherwise recompute everything since the inputs in every
# kernel: quadratic work, and as quadratic a search here.
RECOMPUTE_MAX = 64


def _recomputed_heavily(block: ir.Block, slices: dict, stored: set) -> list:
    """The values, in program order, that more than one slice recomputes from a cone of
    more than RECOMPUTE_MAX ops, counting each cone anew after the values chosen before."""
    shared: dict = {}
    for _, members, _ in slices.values():
        for o in members:
            shared[o] = shared.get(o, 0) + 1
    cones, heavy = {}, []
    for op in block.operations:
        op = op.operation
        if op not in shared or _name(op) in REDUCTIONS or len(op.results) != 1:
            continue
        cone = {op}.union(*(cones.get(_op_of(v), ()) for v in op.operands if v not in stored))
        if shared[op] > 1 and len(cone) > RECOMPUTE_MAX and _kernel_able(op) \
                and op.results[0] not in stored:
            heavy.append(op.results[0])
            cone = set()
        cones[op] = cone
    return heavy


def _inputs(members) -> list:
    """The values a kernel of these ops reads: operands no member computes."""
    inside = {r for o in members for r in o.results}
    return [v for o in members for v in o.operands if v not in inside]


def _roots(block: ir.Block):
    """(roots, slices): the values kernels must store, in program order, and each one's
    kernel_slice. Roots are those used outside kernels (returned, or by an op no kernel
    holds) and, to a fixed point, every kernel-able value some kernel reads rather than
    recomputes, each slice cut at the values stored by the others."""
    def read_in_kernel(op, user) -> bool:
        return _recomputable(user) or _name(user) in REDUCTIONS or solo_kind(user) is not None \
            or (_name(user) == "dot_general" and any(op in operand_view(v)[2]
                                                      for v in user.operands))
    roots = []
    for op in block.operations:
        op = op.operation
        if _name(op) == "dot_general" and (end := _epilogue_end(op)) is not None:
            roots.append(end)               # a matmul kernel stores its epilogue's result
        elif _kernel_able(op):
            roots += [r for r in op.results if any(not read_in_kernel(op, u.owner) for u in r.uses)]
    outside = set(roots)
    stored, slices, dirty = set(roots), {}, list(dict.fromkeys(roots))
    while dirty:
        while dirty:
            for r in dirty:
                slices[r] = kernel_slice(r, frozenset(stored - {r}))
            new = list(dict.fromkeys(v for r in dirty for v in _inputs(slices[r][1])
                                     if v not in stored and _kernel_able(_op_of(v))))
            stored.update(new)
            fresh = set(new)                # the slices these touch are cut anew
            dirty = new + [r for r, (_, members, _) in slices.items() if any(
                v in fresh for o in members for v in [*o.results, *o.operands])]
        new = _recomputed_heavily(block, slices, stored)
        stored.update(new)
        fresh = set(new)
        dirty = new + [r for r, (_, members, _) in slices.items() if any(
            v in fresh for o in members for v in o.results)]
    # Values stored early in the search may no longer be read by any kernel: drop them.
    read = {}
    for r, (_, members, _) in slices.items():
        for v in _inputs(members):
            read.setdefault(v, set()).add(r)
    unread = [r for r in slices if r not in outside and not read.get(r)]
    while unread:
        r = unread.pop()
        if r not in slices:
            continue
        for v in _inputs(slices.pop(r)[1]):
            read[v].discard(r)
            if v in slices and v not in outside and not read[v]:
                unread.append(v)
    order = {}
    for i, op in enumerate(block.operations):
        for r in op.operation.results:
            order[r] = i
    return sorted(slices, key=order.__getitem__), slices


# A reduction of this many elements per row, over so few rows, would keep most of a GPU idle
# in one program per row: it is split in two, SPLIT partial results per row first.
SPLIT_MIN, SPLIT_ROWS, SPLIT = 1 << 16, 64, 1024
# A reduction over leading axes (a column sum) runs COLUMNS kept positions a program
# (triton_emit's COL_TILE): over few of them and many reduced ones, the reduced ones are split
# until there are COLUMN_PROGRAMS programs (a few per SM), each part at least COLUMN_MIN long.
COLUMNS, COLUMN_PROGRAMS, COLUMN_MIN = 32, 512, 256
# A float product over a long K with fewer output tiles (of SPLIT_K_TILE squared, the smallest
# of triton_emit's) than SPLIT_K_PROGRAMS is split over K, each part at least SPLIT_K_MIN.
SPLIT_K_TILE, SPLIT_K_PROGRAMS, SPLIT_K_MIN = 64, 512, 512


def _split_big_reductions(block: ir.Block):
    """reduce(x) over trailing axes of n elements -> reduce(reduce(reshape(x, (..., s,
    n / s)))): two kernels that fill the GPU, summing in another order (as XLA's do); and
    reductions over leading axes likewise (_split_columns)."""
    from ..dialect import builders as B
    for op in list(block.operations):
        op = op.operation
        if _name(op) not in REDUCTIONS:
            continue
        shape, axes = _reduction_key(op)
        if tuple(axes) == tuple(range(len(axes))) and len(axes) < len(shape):
            _split_columns(op, shape, len(axes))
            continue
        kept = shape[:len(shape) - len(axes)]
        n, rows = math.prod(shape[len(kept):]), math.prod(kept)
        if tuple(axes) != tuple(range(len(kept), len(shape))) or n < SPLIT_MIN or \
                rows > SPLIT_ROWS:
            continue
        s = SPLIT
        while n % s:
            s //= 2
        if s < 32:
            continue
        with ir.InsertionPoint(op), op.location:
            _in_two(op, B.reshape(op.operands[0], shape=(*kept, s, n // s)),
                    (len(kept) + 1,), (len(kept),))


def _split_skinny_products(block: ir.Block):
    """dot_general(a, b) over one long contracted dimension K with few output tiles (a
    classifier's logits, their weight gradient) -> reduce_sum(dot_general(a', b'), 0), K
    split into s batches of K / s read in place (a', b' reshapes of a and b): s times the
    programs, then a column sum. f32 only: half partial products would round twice."""
    from ..dialect import OPS
    from ..dialect import builders as B
    for op in list(block.operations):
        op = op.operation
        if _name(op) != "dot_general":
            continue
        p = op_params(op, OPS["dot_general"], resolve=None)
        (la, lhs), (ra, rhs) = ((aval_of_type(v.type), v) for v in op.operands)
        if p["lhs_batching_dimensions"] or len(p["lhs_contracting_dimensions"]) != 1 or \
                la.dtype != "float32":
            continue
        lc, rc = p["lhs_contracting_dimensions"][0], p["rhs_contracting_dimensions"][0]
        k = la.shape[lc]
        m, n = la.size // max(k, 1), ra.size // max(k, 1)
        s = _parts(-(-m // SPLIT_K_TILE) * -(-n // SPLIT_K_TILE), k, SPLIT_K_PROGRAMS,
                   SPLIT_K_MIN)
        if s == 1:
            continue
        with ir.InsertionPoint(op), op.location:
            a = B.reshape(lhs, shape=(*la.shape[:lc], s, k // s, *la.shape[lc + 1:]))
            b = B.reshape(rhs, shape=(*ra.shape[:rc], s, k // s, *ra.shape[rc + 1:]))
            parts = B.dot_general(a, b, lhs_batching_dimensions=[lc], rhs_batching_dimensions=[rc],
                                  lhs_contracting_dimensions=[lc + 1],
                                  rhs_contracting_dimensions=[rc + 1])
            total = B.reduce_sum(parts, axes=(0,))
        op.results[0].replace_all_uses_with(total)
        op.erase()


def _split_columns(op: ir.Operation, shape: tuple, lead: int):
    """reduce(x) over x's first `lead` axes (n positions) -> reduce(reduce(reshape(x, (s, n / s,
    kept...)), 1), 0), s a power of two, when few kept positions would leave the GPU idle."""
    from ..dialect import builders as B
    n = math.prod(shape[:lead])
    s = _parts(-(-math.prod(shape[lead:]) // COLUMNS), n, COLUMN_PROGRAMS, COLUMN_MIN)
    if s == 1:
        return
    with ir.InsertionPoint(op), op.location:
        _in_two(op, B.reshape(op.operands[0], shape=(s, n // s, *shape[lead:])), (1,), (0,))


def _parts(programs: int, n: int, wanted: int, least: int) -> int:
    """The power of two s splitting n positions into parts of at least `least`, doubling
    while a kernel of `programs` programs a part has fewer than `wanted` in all."""
    s = 1
    while programs * s < wanted and n % (2 * s) == 0 and n // (2 * s) >= least:
        s *= 2
    return s


def _in_two(op: ir.Operation, x: ir.Value, first: tuple, second: tuple):
    """Replaces reduction op by op(op(x, first), second). Half-float sums and products keep
    their partial results in f32: rounded once, at the end, as in one kernel."""
    from ..dialect import builders as B
    build, dtype = getattr(B, _name(op)), aval_of_type(x.type).dtype
    wide = dtype in ("float16", "bfloat16") and _name(op) in ("reduce_sum", "reduce_prod")
    total = build(build(B.convert(x, dtype="float32") if wide else x, axes=first), axes=second)
    op.results[0].replace_all_uses_with(B.convert(total, dtype=dtype) if wide else total)
    op.erase()


def _argminmax_as_reductions(block: ir.Block):
    """argmax(x) -> reduce_min(select(x == max(x) (or both NaN), iota, n)): two passes of one
    row kernel, the first position holding the extreme (numpy's answer, NaN first)."""
    import numpy as np

    from ..dialect import builders as B
    from ..dialect.ir import to_numpy_dtype
    for op in list(block.operations):
        op = op.operation
        name = _name(op)
        if name not in ("argmax", "argmin"):
            continue
        x = op.operands[0]
        a, out = aval_of_type(x.type), aval_of_type(op.results[0].type)
        axis = ir.IntegerAttr(op.attributes["axis"]).value
        n = a.shape[axis]
        if n == 0 or a.dtype not in GPU_DTYPES:
            continue
        kept = tuple(d for d in range(a.ndim) if d != axis)
        with ir.InsertionPoint(op), op.location:
            extreme = getattr(B, "reduce_" + name[3:])(x, axes=(axis,))
            back = B.broadcast_in_dim(extreme, shape=a.shape, broadcast_dimensions=kept)
            hit = B.compare(x, back, comparison_direction="EQ")
            if a.dtype in ("float16", "bfloat16", "float32", "float64"):
                both_nan = B.and_(B.compare(back, back, comparison_direction="NE"),
                                  B.compare(x, x, comparison_direction="NE"))
                hit = B.or_(hit, both_nan)
            where = B.iota(shape=a.shape, dtype=out.dtype, iota_dimension=axis)
            past = B.constant(value=np.full(a.shape, n, to_numpy_dtype(out.dtype)))
            first = B.reduce_min(B.select(hit, where, past), axes=(axis,))
        op.results[0].replace_all_uses_with(first)
        op.erase()


@register("mlax-fuse", "Outline the GPU backend's kernels: elementwise and row-reduction "
          "fusions and matrix products, as functions marked mlax.kernel")
def fuse(module: ir.Operation):
    funcs = functions(module)
    for name, f in list(funcs.items()):
        if not len(f.regions[0].blocks) or declared_op(f) is not None or is_kernel(f) \
                or NATIVE_ATTR in f.attributes:
            continue
        block = f.regions[0].blocks[0]
        _argminmax_as_reductions(block)
        _split_skinny_products(block)
        _split_big_reductions(block)
        _ABSORBABLE.clear()
        try:
            plan = _kernels(block, *_roots(block))
        finally:
            _ABSORBABLE.clear()                 # outlining changes the IR
        for k, (kind, members, results) in enumerate(plan):
            _outline(f, kind, members, results, k)
        for op in reversed(list(block.operations)):          # recomputed producers
            op = op.operation
            if op.name.startswith(PREFIX) and not any(True for r in op.results for _ in r.uses):
                op.erase()


def _kernels(block: ir.Block, roots: list, slices: dict) -> list:
    """(kind, member ops, stored values) of each kernel, in program order of their last
    stored value. Each root is one kernel's, reading the others; but a row kernel also
    stores the roots of row kernels over the same rows that it reads (the statistics of a
    layer norm, the max and sum of a log-softmax) or whose reductions it shares, which then
    need no kernel of their own: one launch, and one pass over rows that stay in cache."""
    order = {}
    for i, op in enumerate(block.operations):
        for r in op.operation.results:
            order[r] = i
    stored = frozenset(roots)
    readers = {}                            # stored value -> the roots whose slices read it
    for r, (_, members, _) in slices.items():
        for v in _inputs(members):
            if v in stored:
                readers.setdefault(v, set()).add(r)
    sharing = {}                            # reduction -> the roots whose row slices hold it
    for r, (kind, members, _) in slices.items():
        for o in members:
            if kind == "rows" and _name(o) in REDUCTIONS:
                sharing.setdefault(o, []).append(r)
    taken, kernels = {}, {}
    for r in reversed(roots):
        if r in taken:
            continue
        kind, members, key = slices[r]
        group, ops = [r], dict.fromkeys(members)
        shape = aval_of_type(r.type).shape
        while kind in ("rows", "elementwise"):   # an elementwise kernel of a row kernel's
            reads = [v for o in ops for v in o.operands if v in stored and v not in group]
            reads += [b for o in ops for b in sharing.get(o, ())   # siblings: one pass, not two
                      if b not in group and order[b] < order[r]]
            found = [a for a in dict.fromkeys(reads) if a not in taken and slices[a][0] == "rows"
                     and (slices[a][2] == key or key is None and slices[a][2][0] == shape)
                     and _row_shaped(a, slices[a][2])
                     and _uses_after(a, {*ops, *slices[a][1]}, order[r], order)
                     and all(order[b] > order[r] for b in readers.get(a, ()) if b not in group)
                     and _row_preserving({**ops, **dict.fromkeys(slices[a][1])}, slices[a][2])]
            if not found:                   # full shape reading its statistics: rows too
                break
            a = found[0]                    # one at a time: each changes what is read where
            kind, key = "rows", slices[a][2]
            group.append(a)
            taken[a] = r
            ops.update(dict.fromkeys(slices[a][1]))
        needed = [v for v in group if v is r or readers.get(v, set()) - set(group) or any(
            use.owner.operation not in ops for use in v.uses)]   # read outside the kernel
        kernels[r] = (kind, list(ops), sorted(needed, key=order.__getitem__))
    return [kernels[r] for r in roots if r in kernels]


def _row_shaped(v: ir.Value, key) -> bool:
    """Whether a row kernel over key's rows can store v: of the full shape, or one value
    per row (in row order)."""
    shape, axes = key
    a = aval_of_type(v.type)
    kept = [shape[d] for d in range(len(shape)) if d not in axes]
    return a.shape == shape or _nontrivial(a.shape) == _nontrivial(kept)


def _uses_after(v: ir.Value, inside, position: int, order: dict) -> bool:
    """Whether every use of v by an op not `inside` comes after `position`."""
    for use in v.uses:
        user = use.owner.operation
        if user not in inside and (not user.results or order[user.results[0]] <= position):
            if user.name != "func.return":
                return False
    return True


def _outline(f: ir.Operation, kind: str, members: list, results: list, k: int):
    chosen = set(members)
    members = [o.operation for o in f.regions[0].blocks[0].operations
               if o.operation in chosen]                       # program order
    outs = outline(f, members, results, f"{symbol_name(f)}_{kind}{k}", KERNEL_ATTR,
                   ir.StringAttr.get(kind), at=_op_of(results[-1]))
    for root, out in zip(results, outs):
        root.replace_all_uses_with(out)
