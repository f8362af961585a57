"""Writes mlax functions as upstream MLIR text (linalg on tensors, tensor, arith, math, scf)
for native CPU code. Elementwise ops follow the SCALAR table of native_rules.py; shape ops,
reductions, dot_general and control flow are written here. Each op becomes its own
`linalg.generic`; upstream `linalg-fuse-elementwise-ops` fuses them afterwards.

A native function takes its operands and its results as memrefs (the caller allocates the
results), so the runtime calls it with bare pointers: `@f(%in0, ..., %out0, ...)`.
"""
from __future__ import annotations

import numpy as np
from mlir import ir

from ..dialect import OPS
from ..dialect import dtypes as dt
from ..dialect.ir import aval_of_type, elements_value
from ..dialect.rules import Aval
from .native_rules import (ELEMENT, HALF, NATIVE_DTYPES, SCALAR, SCALAR_DTYPES, STORAGE, load,
                           memref_type, reduction_identity, row_major_strides,
                           scalar_constant, store, tensor_type)
from ..runtime.kernels import SUM_BLOCK
from .verify import declared_op, op_params, read_params
from .walk import PREFIX


class Emitter:
    """Accumulates lines of MLIR text; `op(text)` emits `%vN = text` and returns `%vN`."""

    def __init__(self):
        self.lines: list[str] = []
        self._n = 0

    def fresh(self) -> str:
        self._n += 1
        return f"%v{self._n}"

    def raw(self, text: str):
        self.lines.append(text)

    def op(self, text: str) -> str:
        name = self.fresh()
        self.lines.append(f"{name} = {text}")
        return name

    def empty(self, aval: Aval) -> str:
        return self.op(f"tensor.empty() : {tensor_type(aval)}")

    def generic(self, ins, out: Aval, out_exprs, iterators, body, init=None) -> str:
        """linalg.generic over `iterators`; ins are (name, aval, index exprs in d0..); body(b,
        element values of ins, element value of the output) -> the element to yield."""
        if init is not None and "reduction" not in iterators:
            # No reduction: the initial value is an input, read as one. A parallel op whose
            # body reads its `outs` is fused by linalg's elementwise fusion into consumers
            # that then accumulate into that buffer (a broadcast product summed k+1 times).
            inner = body
            ins = [*ins, (init, out, out_exprs)]
            init, body = None, lambda b, values, acc: inner(b, values[:-1], values[-1])
        dims = ", ".join(f"d{i}" for i in range(len(iterators)))
        maps = ", ".join(f"affine_map<({dims}) -> ({', '.join(e)})>"
                         for e in [*(x[2] for x in ins), out_exprs])
        its = ", ".join(f'"{it}"' for it in iterators)
        dest = init or self.empty(out)
        args = [self.fresh() for _ in ins]
        acc = self.fresh()
        name = self.fresh()
        in_text = (f"ins({', '.join(x[0] for x in ins)} : "
                   f"{', '.join(tensor_type(x[1]) for x in ins)}) ") if ins else ""
        self.raw(f"{name} = linalg.generic {{indexing_maps = [{maps}], iterator_types = [{its}]}} "
                 f"{in_text}outs({dest} : {tensor_type(out)}) {{")
        self.raw(f"^bb0({''.join(f'{a}: {STORAGE[x[1].dtype]}, ' for a, x in zip(args, ins))}"
                 f"{acc}: {STORAGE[out.dtype]}):")
        values = [load(self, a, x[1].dtype) for a, x in zip(args, ins)]
        result = body(self, values, load(self, acc, out.dtype))
        self.raw(f"linalg.yield {store(self, result, out.dtype)} : {STORAGE[out.dtype]}")
        self.raw(f"}} -> {tensor_type(out)}")
        return name

    def fill(self, aval: Aval, value) -> str:
        c = store(self, scalar_constant(self, value, aval.dtype), aval.dtype)
        return self.op(f"linalg.fill ins({c} : {STORAGE[aval.dtype]}) outs({self.empty(aval)} : "
                       f"{tensor_type(aval)}) -> {tensor_type(aval)}")

    def extract(self, name: str, aval: Aval) -> str:
        """The element of a 0-d tensor."""
        return load(self, self.op(f"tensor.extract {name}[] : {tensor_type(aval)}"), aval.dtype)

    def index(self, name: str, aval: Aval) -> str:
        """A 0-d integer tensor as an `index`."""
        cast = "index_castui" if aval.dtype in dt.UNSIGNED else "index_cast"
        return self.op(f"arith.{cast} {self.extract(name, aval)} : {ELEMENT[aval.dtype]} to index")

    # Values cross loop and branch boundaries in buffers, never as tensors: bufferization
    # then needs no allocation per iteration and no ownership tracking across regions.
    def buffer(self, aval: Aval, tensor: str | None = None) -> str:
        buf = self.op(f"memref.alloc() : {memref_type(aval)}")
        if tensor is not None:
            self.materialize(tensor, buf, aval)
        return buf

    def materialize(self, tensor: str, buf: str, aval: Aval, buf_type: str | None = None):
        self.raw(f"bufferization.materialize_in_destination {tensor} in restrict writable {buf} "
                 f": ({tensor_type(aval)}, {buf_type or memref_type(aval)}) -> ()")

    def read(self, buf: str, aval: Aval) -> str:
        return self.op(f"bufferization.to_tensor {buf} restrict : {memref_type(aval)} to "
                       f"{tensor_type(aval)}")

    def copy(self, src: str, dst: str, aval: Aval):
        self.raw(f"memref.copy {src}, {dst} : {memref_type(aval)} to {memref_type(aval)}")

    def row(self, buf: str, aval: Aval, i: str) -> tuple[str, str]:
        """Row i of a buffer (its leading dimension indexed): (subview, its type)."""
        step = Aval(aval.shape[1:], aval.dtype)
        strides = [1] * step.ndim
        for k in range(step.ndim - 2, -1, -1):
            strides[k] = strides[k + 1] * step.shape[k + 1]
        t = memref_type(step, strides)
        view = self.op(f"memref.subview {buf}[{i}{', 0' * step.ndim}] "
                       f"[1{''.join(f', {d}' for d in step.shape)}] [1{', 1' * step.ndim}] : "
                       f"{memref_type(aval)} to {t}")
        return view, t


def _ident(n):
    return [f"d{i}" for i in range(n)]


# ------------------------------------------------------------------ structural rules
# fn(em, operands [(name, aval)], results [aval], params) -> [result names]

def _elementwise(opname):
    rule = SCALAR[opname]

    def emit(em, operands, results, params):
        out = results[0]
        n = len(out.shape)
        ins = [(name, a, _ident(n) if a.shape == out.shape else []) for name, a in operands]
        dtype = operands[-1][1].dtype                   # select: the branches' type
        extra = dict(params)
        if opname in ("convert", "bitcast_convert"):
            extra = {"to": out.dtype}
        if n == 0:          # scalars stay scalars: canonicalize folds extract(from_elements)
            value = rule(em, [em.extract(name, a) for name, a in operands], dtype, **extra)
            return [em.op(f"tensor.from_elements {store(em, value, out.dtype)} : "
                          f"{tensor_type(out)}")]
        return [em.generic(ins, out, _ident(n), ["parallel"] * n,
                           lambda b, args, acc: rule(b, args, dtype, **extra))]
    return emit


def _constant(em, operands, results, params):
    value, out = params["value"], results[0]
    if value.size == 0:
        return [em.empty(out)]
    rows = np.ascontiguousarray(value).reshape(value.size).view(np.uint8).reshape(value.size, -1)
    if (rows == rows[0]).all():                         # splat, bit for bit (-0.0, NaN)
        return [em.fill(out, value.reshape(-1)[0])]
    return [em.op(f'arith.constant dense<"0x{rows.tobytes().hex().upper()}"> : '
                  f'{tensor_type(out)}')]


def _broadcast_in_dim(em, operands, results, params):
    (x, a), out = operands[0], results[0]
    exprs = ["0" if a.shape[i] == 1 and out.shape[d] != 1 else f"d{d}"
             for i, d in enumerate(params["broadcast_dimensions"])]
    n = len(out.shape)
    return [em.generic([(x, a, exprs)], out, _ident(n), ["parallel"] * n,
                       lambda b, args, acc: args[0])]


def _reshape(em, operands, results, params):
    (x, a), out = operands[0], results[0]
    if a.shape == out.shape:
        return [x]
    flat = Aval((a.size,), a.dtype)
    if a.ndim == 0:                 # to all-ones dims
        ones = ", ".join("1" for _ in out.shape)
        return [em.op(f"tensor.expand_shape {x} [] output_shape [{ones}] : {tensor_type(a)} "
                      f"into {tensor_type(out)}")]
    if out.ndim == 0:
        return [em.op(f"tensor.collapse_shape {x} [] : {tensor_type(a)} into {tensor_type(out)}")]
    if a.ndim > 1:
        x = em.op(f"tensor.collapse_shape {x} [[{', '.join(map(str, range(a.ndim)))}]] : "
                  f"{tensor_type(a)} into {tensor_type(flat)}")
    if out.ndim > 1:
        x = em.op(f"tensor.expand_shape {x} [[{', '.join(map(str, range(out.ndim)))}]] "
                  f"output_shape [{', '.join(map(str, out.shape))}] : {tensor_type(flat)} "
                  f"into {tensor_type(out)}")
    return [x]


def _transpose(em, operands, results, params):
    (x, a), out = operands[0], results[0]
    perm = params["permutation"]
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    n = len(out.shape)
    return [em.generic([(x, a, [f"d{inv[j]}" for j in range(n)])], out, _ident(n),
                       ["parallel"] * n, lambda b, args, acc: args[0])]


def _rev(em, operands, results, params):
    (x, a), out = operands[0], results[0]
    n = len(out.shape)
    exprs = [f"-d{i} + {a.shape[i] - 1}" if i in params["dimensions"] else f"d{i}"
             for i in range(n)]
    return [em.generic([(x, a, exprs)], out, _ident(n), ["parallel"] * n,
                       lambda b, args, acc: args[0])]


def _slice(em, operands, results, params):
    (x, a), out = operands[0], results[0]
    starts, strides = params["start_indices"], params["strides"]
    return [em.op(f"tensor.extract_slice {x}[{', '.join(map(str, starts))}] "
                  f"[{', '.join(map(str, out.shape))}] [{', '.join(map(str, strides))}] : "
                  f"{tensor_type(a)} to {tensor_type(out)}")]


def _clamped_starts(em, starts, shape, sizes):
    """Start indices clamped into [0, dim - size], as XLA clamps them, as `index` values."""
    out = []
    for (s, sa), d, k in zip(starts, shape, sizes):
        i = em.index(s, sa)
        lo = em.op("arith.constant 0 : index")
        hi = em.op(f"arith.constant {d - k} : index")
        out.append(em.op(f"arith.minsi {em.op(f'arith.maxsi {i}, {lo} : index')}, {hi} : index"))
    return out


def _dynamic_slice(em, operands, results, params):
    (x, a), out = operands[0], results[0]
    starts = _clamped_starts(em, operands[1:], a.shape, out.shape)
    return [em.op(f"tensor.extract_slice {x}[{', '.join(starts)}] [{', '.join(map(str, out.shape))}] "
                  f"[{', '.join('1' for _ in out.shape)}] : {tensor_type(a)} to {tensor_type(out)}")]


def _dynamic_update_slice(em, operands, results, params):
    (x, a), (u, ua) = operands[:2]
    starts = _clamped_starts(em, operands[2:], a.shape, ua.shape)
    return [em.op(f"tensor.insert_slice {u} into {x}[{', '.join(starts)}] "
                  f"[{', '.join(map(str, ua.shape))}] [{', '.join('1' for _ in ua.shape)}] : "
                  f"{tensor_type(ua)} into {tensor_type(a)}")]


def _concatenate(em, operands, results, params):
    out, d = results[0], params["dimension"]
    acc, offset = em.empty(out), 0
    for x, a in operands:
        offs = [offset if i == d else 0 for i in range(out.ndim)]
        acc = em.op(f"tensor.insert_slice {x} into {acc}[{', '.join(map(str, offs))}] "
                    f"[{', '.join(map(str, a.shape))}] [{', '.join('1' for _ in a.shape)}] : "
                    f"{tensor_type(a)} into {tensor_type(out)}")
        offset += a.shape[d]
    return [acc]


def _pad(em, operands, results, params):
    # Elementwise over the result (so it fuses with its consumers): each element reads the
    # operand where it lands on one, else the padding value.
    (x, a), (v, va) = operands
    out = results[0]
    pad = em.extract(v, va)

    def body(b, args, acc):
        def const(v):
            return b.op(f"arith.constant {v} : index")
        valid, idx = None, []
        for k, (lo, d) in enumerate(zip(params["edge_padding_low"], a.shape)):
            step = params["interior_padding"][k] + 1
            t = b.op(f"arith.subi {b.op(f'linalg.index {k} : index')}, {const(lo)} : index")
            q = b.op(f"arith.floordivsi {t}, {const(step)} : index") if step > 1 else t
            checks = [b.op(f"arith.cmpi sge, {t}, {const(0)} : index"),
                      b.op(f"arith.cmpi slt, {q}, {const(d)} : index")]
            if step > 1:
                r = b.op(f"arith.remsi {t}, {const(step)} : index")
                checks.append(b.op(f"arith.cmpi eq, {r}, {const(0)} : index"))
            for c in checks:
                valid = c if valid is None else b.op(f"arith.andi {valid}, {c} : i1")
            low = b.op(f"arith.maxsi {q}, {const(0)} : index")
            idx.append(b.op(f"arith.minsi {low}, {const(d - 1)} : index"))
        value = load(b, b.op(f"tensor.extract {x}[{', '.join(idx)}] : {tensor_type(a)}"), a.dtype)
        if valid is None:
            return value
        return b.op(f"arith.select {valid}, {value}, {pad} : {ELEMENT[a.dtype]}")
    if a.size == 0:
        return [em.generic([], out, _ident(out.ndim), ["parallel"] * out.ndim,
                           lambda b, args, acc: pad)]
    return [em.generic([], out, _ident(out.ndim), ["parallel"] * out.ndim, body)]


def _gather(em, operands, results, p):
    # XLA's gather at each result index, as runtime/kernels.py computes it (the Triton
    # kernels' rule in triton_emit.py is the same walk): the batch part of the index picks
    # a row of start indices, clamped so the slice fits; the offset part walks the slice.
    (x, a), (ind, ia) = operands
    out = results[0]
    batch_pos = [i for i in range(out.ndim) if i not in p["offset_dims"]]
    window = [d for d in range(a.ndim) if d not in p["collapsed_slice_dims"]
              and d not in p["operand_batching_dims"]]
    ivd = p["index_vector_dim"]
    itype = ELEMENT[ia.dtype]

    def body(b, args, acc):
        def const(v):
            return b.op(f"arith.constant {v} : index")
        idx = [b.op(f"linalg.index {i} : index") for i in range(out.ndim)]
        g = [idx[i] for i in batch_pos]
        offset = {d: idx[o] for d, o in zip(window, p["offset_dims"])}
        sub = []
        for d in range(a.ndim):
            if d in p["start_index_map"]:
                j = p["start_index_map"].index(d)
                at = g[:ivd] + ([const(j)] if ivd < ia.ndim else []) + g[ivd:]
                raw = b.op(f"tensor.extract {ind}[{', '.join(at)}] : {tensor_type(ia)}")
                cast = "index_castui" if ia.dtype in dt.UNSIGNED else "index_cast"
                start = b.op(f"arith.{cast} {raw} : {itype} to index")
                start = b.op(f"arith.minsi {b.op(f'arith.maxsi {start}, {const(0)} : index')}, "
                             f"{const(a.shape[d] - p['slice_sizes'][d])} : index")
            elif d in p["operand_batching_dims"]:
                bdim = p["start_indices_batching_dims"][p["operand_batching_dims"].index(d)]
                start = g[bdim - (bdim > ivd)]
            else:
                start = const(0)
            sub.append(b.op(f"arith.addi {start}, {offset[d]} : index") if d in offset else start)
        value = b.op(f"tensor.extract {x}[{', '.join(sub)}] : {tensor_type(a)}")
        return load(b, value, a.dtype)
    return [em.generic([], out, _ident(out.ndim), ["parallel"] * out.ndim, body)]


def _argminmax(kind):
    def emit(em, operands, results, p):
        # Two passes, as numpy's answer reads: the extreme (NaN-propagating), then the first
        # position holding it (or holding a NaN, when the extreme is NaN).
        (x, a), out = operands[0], results[0]
        axis = p["axis"]
        kept = Aval(out.shape, a.dtype)
        init = em.fill(kept, reduction_identity(kind, a.dtype))
        keep = [f"d{i}" for i in range(a.ndim) if i != axis]
        its = ["reduction" if i == axis else "parallel" for i in range(a.ndim)]
        extreme = em.generic([(x, a, _ident(a.ndim))], kept, keep, its,
                             lambda b, args, acc: SCALAR[kind](b, [acc, args[0]], a.dtype),
                             init=init)
        n, t = a.shape[axis], ELEMENT[out.dtype]

        def first(b, args, acc):
            v, m = args
            e = ELEMENT[a.dtype]
            if a.dtype in dt.FLOATS:
                both_nan = b.op(f"arith.andi {b.op(f'arith.cmpf uno, {m}, {m} : {e}')}, "
                                f"{b.op(f'arith.cmpf uno, {v}, {v} : {e}')} : i1")
                hit = b.op(f"arith.ori {b.op(f'arith.cmpf oeq, {v}, {m} : {e}')}, {both_nan} : i1")
            else:
                hit = b.op(f"arith.cmpi eq, {v}, {m} : {e}")
            i = b.op(f"arith.index_cast {b.op(f'linalg.index {axis} : index')} : index to {t}")
            cand = b.op(f"arith.select {hit}, {i}, {b.op(f'arith.constant {n} : {t}')} : {t}")
            return b.op(f"arith.minsi {acc}, {cand} : {t}")
        start = em.fill(out, n)
        pos = em.generic([(x, a, _ident(a.ndim)), (extreme, kept, keep)], out, keep, its, first,
                         init=start)
        # an empty axis gives 0, as the numpy kernel does
        return [pos if n else em.fill(out, 0)]
    return emit


def _cumulative(kind):
    combine = SCALAR[{"sum": "add", "prod": "mul", "max": "max", "min": "min"}[kind]]

    def emit(em, operands, results, p):
        # A running result across the axis, one slice per step, in numpy's order (so sums
        # round as the numpy kernel's accumulate does).
        (x, a), out = operands[0], results[0]
        axis, n = p["axis"], a.shape[p["axis"]]
        row = Aval(a.shape[:axis] + a.shape[axis + 1:], a.dtype)
        wide = _wide(row)                   # the running result of half floats: f32
        obuf = em.buffer(out)
        acc = em.buffer(wide, em.fill(wide, reduction_identity(kind, a.dtype)))
        tmp = em.buffer(wide)
        strides = [st for i, st in enumerate(row_major_strides(a.shape)) if i != axis]
        lo, hi, one = (em.op(f"arith.constant {v} : index") for v in (0, n, 1))
        k = em.fresh()
        em.raw(f"scf.for {k} = {lo} to {hi} step {one} {{")
        if p.get("reverse", False):
            k = em.op(f"arith.subi {em.op(f'arith.constant {n - 1} : index')}, {k} : index")
        offs = ", ".join(k if i == axis else "0" for i in range(a.ndim))
        sizes = ", ".join("1" if i == axis else str(d) for i, d in enumerate(a.shape))
        ones = ", ".join("1" for _ in a.shape)
        xk = em.op(f"tensor.extract_slice {x}[{offs}] [{sizes}] [{ones}] : "
                   f"{tensor_type(a)} to {tensor_type(row)}")
        nxt = em.generic([(em.read(acc, wide), wide, _ident(row.ndim)),
                          (xk, row, _ident(row.ndim))],
                         wide, _ident(row.ndim), ["parallel"] * row.ndim,
                         lambda b, args, _: combine(b, args, a.dtype))
        em.materialize(nxt, tmp, wide)
        view_t = memref_type(row, strides)
        view = em.op(f"memref.subview {obuf}[{offs}] [{sizes}] [{ones}] : "
                     f"{memref_type(out)} to {view_t}")
        em.materialize(_narrow(em, nxt, row), view, row, view_t)
        em.copy(tmp, acc, wide)
        em.raw("}")
        return [em.read(obuf, out)]
    return emit


_SCATTER_COMBINE = {"scatter": None, "scatter_add": "add", "scatter_mul": "mul",
                    "scatter_min": "min", "scatter_max": "max"}


def _scatter(kind):
    combine = _SCATTER_COMBINE[kind]

    def emit(em, operands, results, p):
        # XLA's scatter as runtime/kernels.py does it: update windows in order, each combined
        # into (or written over) a copy of the operand, a window skipped unless all of it is
        # in bounds. One loop over the updates' elements, on a buffer.
        (x, a), (ind, ia), (upd, ua) = operands
        buf = em.buffer(a, x)
        window = [d for d in range(a.ndim) if d not in p["inserted_window_dims"]
                  and d not in p["input_batching_dims"]]
        size = {d: ua.shape[u] for d, u in zip(window, p["update_window_dims"])}
        ivd, itype = p["index_vector_dim"], ELEMENT[ia.dtype]
        lo, hi, one = (em.op(f"arith.constant {v} : index") for v in (0, ua.size, 1))
        k = em.fresh()
        em.raw(f"scf.for {k} = {lo} to {hi} step {one} {{")
        u = []
        for stride, n in zip(row_major_strides(ua.shape), ua.shape):
            q = em.op(f"arith.divui {k}, {em.op(f'arith.constant {stride} : index')} : index")
            u.append(em.op(f"arith.remui {q}, {em.op(f'arith.constant {n} : index')} : index"))
        g = [u[i] for i in range(ua.ndim) if i not in p["update_window_dims"]]
        w = dict(zip(window, (u[i] for i in p["update_window_dims"])))
        ok, at = None, []
        for d in range(a.ndim):
            if d in p["scatter_dims_to_operand_dims"]:
                j = p["scatter_dims_to_operand_dims"].index(d)
                vec = [em.op(f"arith.constant {j} : index")] if ivd < ia.ndim else []
                pos = g[:ivd] + vec + g[ivd:]
                raw = em.op(f"tensor.extract {ind}[{', '.join(pos)}] : {tensor_type(ia)}")
                cast = "index_castui" if ia.dtype in dt.UNSIGNED else "index_cast"
                start = em.op(f"arith.{cast} {raw} : {itype} to index")
                top = em.op(f"arith.constant {a.shape[d] - size.get(d, 1)} : index")
                inside = em.op(f"arith.andi {em.op(f'arith.cmpi sge, {start}, {lo} : index')}, "
                               f"{em.op(f'arith.cmpi sle, {start}, {top} : index')} : i1")
                ok = inside if ok is None else em.op(f"arith.andi {ok}, {inside} : i1")
            elif d in p["input_batching_dims"]:
                b = p["scatter_indices_batching_dims"][p["input_batching_dims"].index(d)]
                start = g[b - (b > ivd)]
            else:
                start = lo
            at.append(em.op(f"arith.addi {start}, {w[d]} : index") if d in w else start)
        if ok is not None:
            em.raw(f"scf.if {ok} {{")
        value = em.op(f"tensor.extract {upd}[{', '.join(u)}] : {tensor_type(ua)}")
        if combine is not None:
            old = load(em, em.op(f"memref.load {buf}[{', '.join(at)}] : {memref_type(a)}"),
                       a.dtype)
            new = SCALAR[combine](em, [old, load(em, value, a.dtype)], a.dtype)
            value = store(em, new, a.dtype)
        em.raw(f"memref.store {value}, {buf}[{', '.join(at)}] : {memref_type(a)}")
        if ok is not None:
            em.raw("}")
        em.raw("}")
        return [em.read(buf, a)]
    return emit


LANES = (32, 8)      # independent partial results a row reduction keeps (vector registers)


def _reduce(kind):
    combine = SCALAR[{"sum": "add", "prod": "mul", "max": "max", "min": "min",
                      "and": "and", "or": "or"}[kind]]

    def emit(em, operands, results, params):
        (x, a), final = operands[0], results[0]
        if kind == "sum" and a.dtype in dt.FLOATS and \
                int(np.prod([a.shape[i] for i in params["axes"]])) > SUM_BLOCK * LANES[0]:
            return [_narrow(em, _blocked_sum(em, x, a, sorted(params["axes"]), emit), final)]
        return emit_one(em, x, a, final, params)

    def emit_one(em, x, a, final, params):
        out = _wide(final)                  # half floats accumulate in f32, as numpy's do
        axes = set(params["axes"])
        last = a.ndim - 1
        n = a.shape[last] if a.ndim else 0
        lanes = next((k for k in LANES if n >= 4 * k and n % k == 0), None)
        if last not in axes or lanes is None:
            init = em.fill(out, reduction_identity(kind, a.dtype))
            return [_narrow(em, em.generic(
                [(x, a, _ident(a.ndim))], out, [f"d{i}" for i in range(a.ndim) if i not in axes],
                ["reduction" if i in axes else "parallel" for i in range(a.ndim)],
                lambda b, args, acc: combine(b, [acc, args[0]], a.dtype), init=init), final)]
        # Reducing the contiguous axis: it is viewed as (n / lanes, lanes), and `lanes`
        # running results side by side (innermost, so they vectorize) are reduced last.
        # Loop dims: kept..., reduced..., n / lanes, lane.
        split = Aval(a.shape[:-1] + (n // lanes, lanes), a.dtype)
        groups = ", ".join(f"[{i}]" for i in range(last)) + (", " if last else "") + \
            f"[{last}, {last + 1}]"
        xs = em.op(f"tensor.expand_shape {x} [{groups}] output_shape "
                   f"[{', '.join(map(str, split.shape))}] : {tensor_type(a)} into "
                   f"{tensor_type(split)}")
        kept = [i for i in range(a.ndim) if i not in axes]
        order = kept + [i for i in sorted(axes) if i != last] + [last, last + 1]
        pos = {dim: k for k, dim in enumerate(order)}
        partial = Aval(tuple(a.shape[i] for i in kept) + (lanes,), out.dtype)
        init = em.fill(partial, reduction_identity(kind, a.dtype))
        p = em.generic([(xs, split, [f"d{pos[i]}" for i in range(split.ndim)])], partial,
                       [f"d{pos[i]}" for i in kept] + [f"d{pos[last + 1]}"],
                       ["parallel"] * len(kept) + ["reduction"] * (len(order) - len(kept) - 1)
                       + ["parallel"],
                       lambda b, args, acc: combine(b, [acc, args[0]], a.dtype), init=init)
        init = em.fill(out, reduction_identity(kind, a.dtype))
        k = len(kept)
        return [_narrow(em, em.generic([(p, partial, _ident(k + 1))], out, _ident(k),
                                       ["parallel"] * k + ["reduction"],
                                       lambda b, args, acc: combine(b, [acc, args[0]], a.dtype),
                                       init=init), final)]
    return emit


def _blocked_sum(em, x, a: Aval, axes: list, emit) -> str:
    """A float sum of many elements within numpy's pairwise error bound (a running sum of
    n terms errs by n ulp): the largest reduced axis is summed first in blocks (SUM_BLOCK
    terms per running result, in LANES of them along a row), then the block sums and the
    other axes the same way; a tail that fills no block is summed apart. Each level is an
    ordinary reduction, so it vectorizes as one. Returns the f32/f64 sum."""
    d = max(axes, key=lambda i: a.shape[i])
    n = a.shape[d]
    wide = _wide(a).dtype
    block = SUM_BLOCK * LANES[0] if d == a.ndim - 1 else SUM_BLOCK   # rows run in lanes
    if n <= block:                          # sum axis d alone, then the others
        rest = Aval(a.shape[:d] + a.shape[d + 1:], wide)
        (part,) = emit(em, [(x, a)], [rest], {"axes": (d,)})
        others = [i - (i > d) for i in axes if i != d]
        if not others:
            return part
        return emit(em, [(part, rest)], [_reduced(rest, others)], {"axes": tuple(others)})[0]
    q = n // block
    main = x
    if q * block != n:                      # the whole blocks, and the tail apart
        main = _cut(em, x, a, d, 0, q * block)
    blocks = Aval(a.shape[:d] + (q, block) + a.shape[d + 1:], a.dtype)
    groups = ", ".join(f"[{i}]" if i < d else f"[{i}, {i + 1}]" if i == d else f"[{i + 1}]"
                       for i in range(a.ndim))
    cut = Aval(a.shape[:d] + (q * block,) + a.shape[d + 1:], a.dtype)
    xs = em.op(f"tensor.expand_shape {main} [{groups}] output_shape "
               f"[{', '.join(map(str, blocks.shape))}] : {tensor_type(cut)} into "
               f"{tensor_type(blocks)}")
    partial = Aval(a.shape[:d] + (q,) + a.shape[d + 1:], wide)
    (part,) = emit(em, [(xs, blocks)], [partial], {"axes": (d + 1,)})
    total = emit(em, [(part, partial)], [_reduced(partial, axes)], {"axes": tuple(axes)})[0]
    if q * block == n:
        return total
    tail_aval = Aval(a.shape[:d] + (n - q * block,) + a.shape[d + 1:], a.dtype)
    tail = emit(em, [(_cut(em, x, a, d, q * block, n), tail_aval)],
                [_reduced(Aval(tail_aval.shape, wide), axes)], {"axes": tuple(axes)})[0]
    out = _reduced(Aval(a.shape, wide), axes)
    k = out.ndim
    return em.generic([(total, out, _ident(k)), (tail, out, _ident(k))], out, _ident(k),
                      ["parallel"] * k, lambda b, args, acc: SCALAR["add"](b, args, wide))


def _reduced(a: Aval, axes) -> Aval:
    return Aval(tuple(s for i, s in enumerate(a.shape) if i not in axes), a.dtype)


def _cut(em, x, a: Aval, d: int, start: int, stop: int) -> str:
    """x[..., start:stop, ...] along axis d."""
    shape = a.shape[:d] + (stop - start,) + a.shape[d + 1:]
    starts = ["0"] * a.ndim
    starts[d] = str(start)
    return em.op(f"tensor.extract_slice {x}[{', '.join(starts)}] [{', '.join(map(str, shape))}] "
                 f"[{', '.join(['1'] * a.ndim)}] : {tensor_type(a)} to "
                 f"{tensor_type(Aval(shape, a.dtype))}")


def _wide(aval: Aval) -> Aval:
    """Where a half-float result accumulates: f32."""
    return Aval(aval.shape, "float32") if aval.dtype in HALF else aval


def _narrow(em, value: str, aval: Aval) -> str:
    """An accumulated f32 result rounded once to its half type (else as it is)."""
    if aval.dtype not in HALF:
        return value
    n = aval.ndim
    return em.generic([(value, _wide(aval), _ident(n))], aval, _ident(n), ["parallel"] * n,
                      lambda b, args, acc: args[0])


def _iota(em, operands, results, params):
    out = results[0]
    d, t = params["iota_dimension"], ELEMENT[out.dtype]

    def body(b, args, acc):
        i = b.op(f"arith.index_cast {b.op(f'linalg.index {d} : index')} : index to i64")
        if out.dtype in dt.FLOATS:
            return b.op(f"arith.sitofp {i} : i64 to {t}")
        return i if t == "i64" else b.op(f"arith.trunci {i} : i64 to {t}")
    return [em.generic([], out, _ident(out.ndim), ["parallel"] * out.ndim, body)]


def _dot_general(em, operands, results, params):
    (lhs, la), (rhs, ra) = operands
    out = results[0]
    lb, rb = params["lhs_batching_dimensions"], params["rhs_batching_dimensions"]
    lc, rc = params["lhs_contracting_dimensions"], params["rhs_contracting_dimensions"]
    lfree = [i for i in range(la.ndim) if i not in lb and i not in lc]
    rfree = [i for i in range(ra.ndim) if i not in rb and i not in rc]
    nb, nl, nr = len(lb), len(lfree), len(rfree)
    n_out = nb + nl + nr

    def exprs(ndim, batch, contract, free, free_base):
        e = [""] * ndim
        for k, i in enumerate(batch):
            e[i] = f"d{k}"
        for k, i in enumerate(free):
            e[i] = f"d{free_base + k}"
        for k, i in enumerate(contract):
            e[i] = f"d{n_out + k}"
        return e
    add, mul = SCALAR["add"], SCALAR["mul"]
    init = em.fill(_wide(out), 0)
    return [_narrow(em, em.generic([(lhs, la, exprs(la.ndim, lb, lc, lfree, nb)),
                                    (rhs, ra, exprs(ra.ndim, rb, rc, rfree, nb + nl))],
                                   _wide(out), _ident(n_out),
                                   ["parallel"] * n_out + ["reduction"] * len(lc),
                                   lambda b, args, acc: add(b, [acc, mul(b, args, la.dtype)],
                                                            la.dtype), init=init), out)]


STRUCTURAL = {
    "constant": _constant, "broadcast_in_dim": _broadcast_in_dim, "reshape": _reshape,
    "transpose": _transpose, "rev": _rev, "slice": _slice, "dynamic_slice": _dynamic_slice,
    "dynamic_update_slice": _dynamic_update_slice, "concatenate": _concatenate,
    "iota": _iota, "dot_general": _dot_general, "pad": _pad, "gather": _gather,
    **{name: _scatter(name) for name in _SCATTER_COMBINE},
    "argmax": _argminmax("max"), "argmin": _argminmax("min"),
    **{f"cum{k}": _cumulative(k) for k in ("sum", "prod", "max", "min")},
    **{f"reduce_{k}": _reduce(k) for k in ("sum", "prod", "max", "min", "and", "or")},
    **{name: _elementwise(name) for name in SCALAR},
}

# Loops, branches and the calls between functions are written by FunctionWriter below.
CONTROL_FLOW = ("scan", "while", "cond")


# ------------------------------------------------------------------ functions

def native_op(op: ir.Operation) -> bool:
    """Whether one mlax op (not a call) has a native rule for its types."""
    name = op.name[len(PREFIX):]
    if name not in STRUCTURAL:
        return False
    avals = [aval_of_type(v.type) for v in [*op.operands, *op.results]]
    if any(0 in a.shape for a in avals):    # empty arrays: numpy's kernels (bare-pointer
        return False                         # calls take no memref with a zero dimension)
    return {a.dtype for a in avals} <= SCALAR_DTYPES.get(name, NATIVE_DTYPES)


class FunctionWriter:
    """Writes the body of mlax functions into an Emitter, calls inlined, control flow as scf."""

    def __init__(self, em: Emitter, funcs: dict):
        self.em, self.funcs = em, funcs

    def body(self, func_op: ir.Operation, args: list[str]) -> list[str]:
        block = func_op.regions[0].blocks[0]
        env = dict(zip(block.arguments, args))
        return self.ops(block.operations, env)

    def ops(self, operations, env: dict) -> list[str]:
        em = self.em
        for op in operations:
            op = op.operation
            if op.name == "func.return":
                return [env[v] for v in op.operands]
            operands = [(env[v], aval_of_type(v.type)) for v in op.operands]
            results = [aval_of_type(r.type) for r in op.results]
            if op.name == "func.call":
                outs = self.call(op, operands, results)
            else:
                opdef = OPS[op.name[len(PREFIX):]]
                params = op_params(op, opdef, resolve=None)
                if opdef.name == "constant":
                    params = {"value": elements_value(op.attributes["value"])}
                outs = STRUCTURAL[opdef.name](em, operands, results, params)
            env.update(zip(op.results, outs))
        raise AssertionError("function without return")

    def call(self, op, operands, results):
        callee = self.funcs[ir.FlatSymbolRefAttr(op.attributes["callee"]).value]
        found = declared_op(callee)
        names = [n for n, _ in operands]
        if found is None:
            return self.body(callee, names)
        opdef, attrs = found
        params = read_params(attrs, opdef, resolve=lambda name: name)
        return getattr(self, "_" + opdef.name)(names, [a for _, a in operands], results, **params)

    def _region(self, func_name: str, args: list[str]) -> list[str]:
        return self.body(self.funcs[func_name], args)

    def _scan(self, args, avals, results, *, body, length, reverse=False, num_consts=0,
              num_carry=0):
        em = self.em
        consts, carry = args[:num_consts], args[num_consts:num_consts + num_carry]
        xs, xavals = args[num_consts + num_carry:], avals[num_consts + num_carry:]
        cavals, yavals = results[:num_carry], results[num_carry:]
        cbufs = [em.buffer(a, c) for a, c in zip(cavals, carry)]
        tbufs = [em.buffer(a) for a in cavals]
        ybufs = [em.buffer(a) for a in yavals]
        lo, hi, one = (em.op(f"arith.constant {v} : index") for v in (0, length, 1))
        i = em.fresh()
        em.raw(f"scf.for {i} = {lo} to {hi} step {one} {{")
        if reverse:
            i = em.op(f"arith.subi {em.op(f'arith.constant {length - 1} : index')}, {i} : index")
        x_now = []
        for x, xa in zip(xs, xavals):
            step = Aval(xa.shape[1:], xa.dtype)
            x_now.append(em.op(
                f"tensor.extract_slice {x}[{i}{', 0' * step.ndim}] "
                f"[1{''.join(f', {d}' for d in step.shape)}] [1{', 1' * step.ndim}] : "
                f"{tensor_type(xa)} to {tensor_type(step)}"))
        now = [em.read(b, a) for b, a in zip(cbufs, cavals)]
        got = self._region(body, consts + now + x_now)
        for y, b, a in zip(got[num_carry:], ybufs, yavals):
            view, t = em.row(b, a, i)
            em.materialize(y, view, Aval(a.shape[1:], a.dtype), t)
        for c, t, a in zip(got[:num_carry], tbufs, cavals):
            em.materialize(c, t, a)
        for t, b, a in zip(tbufs, cbufs, cavals):
            em.copy(t, b, a)
        em.raw("}")
        return [em.read(b, a) for b, a in zip(cbufs + ybufs, results)]

    def _while(self, args, avals, results, *, cond, body, cond_nconsts=0, body_nconsts=0):
        em = self.em
        cconsts, bconsts = args[:cond_nconsts], args[cond_nconsts:cond_nconsts + body_nconsts]
        cbufs = [em.buffer(a, c) for a, c in zip(results, args[cond_nconsts + body_nconsts:])]
        tbufs = [em.buffer(a) for a in results]
        em.raw("scf.while : () -> () {")
        pred = self._region(cond, cconsts + [em.read(b, a) for b, a in zip(cbufs, results)])[0]
        em.raw(f"scf.condition({em.extract(pred, Aval((), 'bool'))})")
        em.raw("} do {")
        got = self._region(body, bconsts + [em.read(b, a) for b, a in zip(cbufs, results)])
        for c, t, a in zip(got, tbufs, results):
            em.materialize(c, t, a)
        for t, b, a in zip(tbufs, cbufs, results):
            em.copy(t, b, a)
        em.raw("scf.yield")
        em.raw("}")
        return [em.read(b, a) for b, a in zip(cbufs, results)]

    def _cond(self, args, avals, results, *, branches):
        em = self.em
        index, rest = args[0], args[1:]
        i = em.index(index, avals[0])
        hi = em.op(f"arith.constant {len(branches) - 1} : index")
        zero = em.op("arith.constant 0 : index")
        i = em.op(f"arith.minsi {em.op(f'arith.maxsi {i}, {zero} : index')}, {hi} : index")
        bufs = [em.buffer(a) for a in results]
        em.raw(f"scf.index_switch {i}")
        for k, name in enumerate(branches):
            em.raw(f"case {k} {{" if k < len(branches) - 1 else "default {")
            for r, b, a in zip(self._region(name, rest), bufs, results):
                em.materialize(r, b, a)
            em.raw("scf.yield")
            em.raw("}")
        return [em.read(b, a) for b, a in zip(bufs, results)]


def write_native_function(name: str, func_op: ir.Operation, funcs: dict) -> str:
    """`func.func @name` over memrefs computing func_op's body, as MLIR text."""
    sig = ir.FunctionType(ir.TypeAttr(func_op.attributes["function_type"]).value)
    ins = [aval_of_type(t) for t in sig.inputs]
    outs = [aval_of_type(t) for t in sig.results]
    em = Emitter()
    in_bufs = [f"%in{k}" for k in range(len(ins))]
    out_bufs = [f"%out{k}" for k in range(len(outs))]
    args = [em.read(b, a) for b, a in zip(in_bufs, ins)]
    results = FunctionWriter(em, funcs).body(func_op, args)
    for r, b, a in zip(results, out_bufs, outs):
        em.materialize(r, b, a)
    # Results are fresh arrays and operands are only read: no argument aliases a written
    # one, which lets LLVM vectorize without run-time overlap checks.
    params = ", ".join([f"{b}: {memref_type(a)} {{llvm.noalias}}" for b, a in zip(in_bufs, ins)]
                       + [f"{b}: {memref_type(a)} {{llvm.noalias}}" for b, a in zip(out_bufs, outs)])
    body = "\n".join("    " + line for line in em.lines)
    return f"  func.func @{name}({params}) {{\n{body}\n    return\n  }}\n"
