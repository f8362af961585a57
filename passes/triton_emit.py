"""Writes each kernel function of `mlax-fuse` as Triton Python source.

Shapes are static, so sizes and strides are constants of the source and a kernel's only
arguments are its buffers (operands, non-splat constants, then the result). A value is
computed at an index: a tuple of expressions, one per dimension of its shape. The root is
computed at the index of each element it stores, and every op maps its result's index to its
operands' (a broadcast drops or zeroes dimensions, a reshape goes through the linear index,
a slice offsets and strides), so a kernel loads each operand element where it is needed and
stores only its root.

- elementwise: program p stores elements [p * BLOCK, (p + 1) * BLOCK) of the root.
- rows: program r owns row r (an index of the dimensions the reductions keep); each
  reduction is a pass over the row's elements in chunks of BLOCK, accumulating BLOCK partial
  results then combining them; a root of the full shape is stored by a last pass. A row of
  at most ROW_REGISTERS elements is one chunk: each element is loaded once, for all passes.
- matmul: tiles of BLOCK_M x BLOCK_N results, `tl.dot` over BLOCK_K slices for floats.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from mlir import ir

from ..dialect import OPS
from ..dialect.dtypes import is_uniform
from ..dialect.ir import aval_of_type, elements_value, splat_scalar
from ..dialect.rules import Aval
from .fusion import REDUCTIONS, kernel_kind, operand_view
from .native_rules import reduction_identity
from .native_rules import row_major_strides as _strides
from .triton_rules import POINTER, TL, TRITON, literal
from .verify import op_params
from .walk import PREFIX, symbol_name

BLOCK = 1024
# A row of at most ROW_REGISTERS elements is one block: its passes become straight-line code
# that Triton's CSE lets load each element once (kept in registers, 16 a thread with
# num_warps = block / 512), rather than once a pass; unless the kernel computes so much at
# the row's shape that its values would spill: (ops of the full shape) x block at most
# ROW_WORK. Calibrated with ptxas -v for sm_90: a layer norm's gradient (27 such ops) takes
# 64 registers at 8192; a kernel of 62 spills at 8192 (16 warps: 128 registers a thread),
# not at 4096 (8 warps, 224 of 255).
ROW_REGISTERS, ROW_WORK = 8192, 40 * 8192
# Longer (or heavier) rows go in chunks of ROW_CHUNK with 8 warps: 8 elements a thread, as a
# chunk of 1024 with 4, but twice the loads in flight a program. Measured on an H100 (Triton
# 3.6) over B1's 1024 rows of 65536: 1024/4 warps 158 us, 1024/8 155, 2048/8 149, 4096/8 194.
ROW_CHUNK, ROW_CHUNK_WARPS = 2048, 8
# Reductions keeping the last dimension go in tiles of (reduced, kept) positions, 16 a thread.
COL_TILE, COL_WARPS = (64, 32), 4
# Tiles (BLOCK_M, BLOCK_N, BLOCK_K, num_warps, num_stages) a GPU runtime times for a float
# product (tl.dot); integer and f64 products multiply in registers and take one small tile.
MATMUL_CONFIGS = ((128, 128, 32, 8, 3), (128, 64, 32, 4, 3), (64, 128, 32, 4, 3),
                  (64, 64, 32, 4, 3))
SMALL_TILE = (32, 32, 8, 4, 2)
_COMBINE = {"reduce_sum": "_add", "reduce_prod": "_mul", "reduce_max": "_max",
            "reduce_min": "_min", "reduce_and": "_and", "reduce_or": "_or"}
IMPORTS = "import triton\nimport triton.language as tl\n"
# Combiners of tl.reduce; a kernel's source holds the ones it uses.
HELPERS = {
    "_add": "a + b", "_mul": "a * b",
    "_max": "tl.maximum(a, b, propagate_nan=tl.PropagateNan.ALL)",
    "_min": "tl.minimum(a, b, propagate_nan=tl.PropagateNan.ALL)",
    "_and": "a & b", "_or": "a | b",
}


@dataclass
class Kernel:
    """One Triton kernel: its source, how to call it, and what it computes."""
    name: str
    kind: str
    source: str                     # a Python module: helpers, then @triton.jit functions
    params: list                    # (name, Aval) of each buffer argument, the results last
    constants: dict = field(default_factory=dict)   # param name -> np.ndarray it is bound to
    # Each {"fn", "grid", "constexprs", "options"}: launched in turn over the buffers; the
    # last is the kernel's own function (before it, say, a scatter's copy of its operand).
    launches: list = field(default_factory=list)
    # Alternatives for the last launch ({"grid", "constexprs", "options"}), its own first:
    # the matmul tile configs a GPU runtime times to choose one.
    configs: list = field(default_factory=list)
    # A matmul's product as a batched GEMM over strided views of its operands, for a BLAS:
    # {"lhs"/"rhs": [param, sizes, strides] of (batch, M, K)/(batch, K, N), "product":
    # [shape, dtype], "epilogue": the launch applying the epilogue to the stored product
    # (an extra last argument), or None}
    library: dict | None = None
    work: int = 0                   # a matmul's multiply-adds: what timing its ways is worth
    results: int = 1                # how many of params are results (the last ones)

    @property
    def grid(self) -> tuple:
        return tuple(self.launches[-1]["grid"])

    @property
    def constexprs(self) -> dict:
        return self.launches[-1]["constexprs"]

    def to_dict(self) -> dict:
        """Plain data for an Executable (runtime/executable.py)."""
        return {"name": self.name, "kind": self.kind, "source": self.source,
                "params": [[n, list(a.shape), a.dtype] for n, a in self.params],
                "constants": dict(self.constants), "launches": self.launches,
                "configs": self.configs, "library": self.library, "work": self.work,
                "results": self.results}

    @classmethod
    def from_dict(cls, d: dict) -> "Kernel":
        return cls(d["name"], d["kind"], d["source"],
                   [(n, Aval(tuple(shape), dtype)) for n, shape, dtype in d["params"]],
                   dict(d["constants"]), list(d["launches"]), list(d["configs"]), d["library"],
                   d["work"], d["results"])

    def signature(self, constexprs: dict, extra=()) -> dict:
        """Triton's signature of a function of the source (extra: pointer arguments after
        the buffers, as a name -> dtype dict)."""
        sig = {name: POINTER[a.dtype] for name, a in self.params}
        sig.update({name: POINTER[dtype] for name, dtype in dict(extra).items()})
        sig.update({k: "constexpr" for k in constexprs})
        return sig


def _launch(fn: str, grid, constexprs: dict, options=None) -> dict:
    return {"fn": fn, "grid": list(grid), "constexprs": dict(constexprs),
            "options": dict(options or {})}


def _identity(opname: str, dtype: str):
    return reduction_identity(opname[len("reduce_"):], dtype)


class _Writer:
    def __init__(self, func_op: ir.Operation):
        self.name = symbol_name(func_op)
        self.lines: list[str] = []
        self.depth = 1
        self._n = 0
        self.scopes: list[dict] = [{}]
        self.vectors: set = set()       # names holding blocks (not per-program scalars)
        self.mask = "mask"
        block = func_op.regions[0].blocks[0]
        self.params: list = []
        self.constants: dict = {}
        self.inputs = {}
        for k, arg in enumerate(block.arguments):
            self.inputs[arg] = f"in{k}"
            self.params.append((f"in{k}", aval_of_type(arg.type)))
        self.ops = [o.operation for o in block.operations]
        self.results = list(self.ops[-1].operands)
        # the result buffers' names: a row kernel may store several
        self.out_names = ["out", *(f"out{k}" for k in range(1, len(self.results)))]
        self.reduced: dict = {}         # reduction value -> name of its per-row result
        # other functions of the source: (suffix, lines, grid, constexprs, extra, launched)
        self.functions: list = []
        self.configs: list = []
        self.options: dict = {}         # Triton's launch options (num_warps) of the kernel
        self.library = None
        self.work = 0

    def function(self, suffix: str, body, launched: bool = True, extra: dict = None):
        """Writes another function of the kernel's source, over the same buffers (and extra
        pointers, name -> dtype): body(self) emits it and returns its (grid, constexprs).
        A launched one runs before the kernel's own function."""
        lines, self.lines, scopes, self.scopes = self.lines, [], self.scopes, [{}]
        mask, self.mask = self.mask, "mask"
        grid, constexprs = body(self)
        self.functions.append((suffix, self.lines, grid, constexprs, dict(extra or {}),
                               launched))
        self.lines, self.scopes, self.mask = lines, scopes, mask
        return _launch(f"{self.name}_{suffix}", grid, constexprs)

    def emit(self, text: str):
        self.lines.append("    " * self.depth + text)

    def let(self, expr: str, vector=None) -> str:
        self._n += 1
        name = f"t{self._n}"
        self.emit(f"{name} = {expr}")
        if vector if vector is not None else self._is_vector(expr):
            self.vectors.add(name)
        return name

    def _is_vector(self, expr: str) -> bool:
        return any(tok in self.vectors for tok in _tokens(expr))

    def lookup(self, key):
        for scope in reversed(self.scopes):
            if key in scope:
                return scope[key]
        return None

    # ---------------------------------------------------------------- values at an index
    def value(self, v: ir.Value, idx: tuple) -> str:
        key = (v, idx, self.mask)           # a load depends on the mask it was made under
        found = self.lookup(key)
        if found is not None:
            return found
        out = self._compute(v, idx)
        self.scopes[-1][key] = out
        return out

    def open_chunks(self, n: int, mask: str = None):
        """`for c0 in range(0, n, BLOCK):` over a row, with c (the block's positions) and
        cmask (those before n, or the expression `mask`) for what is emitted until
        close_chunks."""
        self.emit(f"for c0 in range(0, {n}, BLOCK):")
        self.depth += 1
        self.scopes.append({})
        self.emit("c = c0 + tl.arange(0, BLOCK)")
        self.emit(f"cmask = {mask or _mask('c', n, None)}")
        self.vectors.update({"c", "cmask"})
        self.mask = "cmask"

    def close_chunks(self):
        self.scopes.pop()
        self.depth -= 1
        self.mask = "mask"

    def masked(self, cond: str, v: ir.Value, idx: tuple) -> str:
        """v at idx, loading only where cond holds (idx may be out of bounds elsewhere)."""
        before = self.mask
        # "!= 0": Triton's interpreter widens a scalar-and-block `&` of booleans to int32
        self.mask = self.let(f"(({before}) & ({cond})) != 0") if self._is_vector(before) or \
            self._is_vector(cond) else self.let(f"({cond})")
        try:
            return self.value(v, idx)
        finally:
            self.mask = before

    def _load(self, ptr: str, aval: Aval, idx: tuple) -> str:
        vec = any(self._is_vector(i) for i in idx)
        if not vec and self.mask not in ("mask", "cmask"):
            # one element under a condition: clamp its index into bounds (a scalar mask is
            # not what every Triton accepts); the caller selects the value away elsewhere
            idx = tuple(f"tl.minimum(tl.maximum({i}, 0), {d - 1})" for i, d in zip(idx, aval.shape))
        offset = " + ".join(f"{i} * {s}" for i, s in zip(idx, _strides(aval.shape)) if s) or "0"
        load = (f"tl.load({ptr} + {offset}, mask={self.mask}, other=0)" if vec
                else f"tl.load({ptr} + {offset})")
        if aval.dtype == "bool":
            load = f"({load} != 0)"
        elif aval.dtype in HALF:            # half floats compute in f32, as the CPU does
            load = f"{load}.to(tl.float32)"
        return self.let(load, vector=vec)

    def _compute(self, v: ir.Value, idx: tuple) -> str:
        if v in self.inputs:
            return self._load(self.inputs[v], aval_of_type(v.type), idx)
        if v in self.reduced:           # mlax-fuse keeps only reads at the row's own index
            return self.reduced[v]
        op = v.owner.operation
        name = op.name[len(PREFIX):]
        out = aval_of_type(v.type)
        operands = [(x, aval_of_type(x.type)) for x in op.operands]
        if name == "constant":
            scalar = splat_scalar(op.attributes["value"])
            value = elements_value(op.attributes["value"]) if scalar is None else None
            if scalar is None and is_uniform(value):
                scalar = value.flat[0]
            if scalar is not None:
                return self.let(literal(scalar, _compute_dtype(out.dtype)), vector=False)
            pname = f"const{len(self.constants)}"
            self.constants[pname] = value
            self.params.append((pname, out))
            return self._load(pname, out, idx)
        params = op_params(op, OPS[name], resolve=None)
        if name in TRITON:
            args = [self.value(x, idx if a.shape == out.shape else ()) for x, a in operands]
            dtype = operands[-1][1].dtype
            if name in ("convert", "bitcast_convert"):
                params = {"to": out.dtype}
            if name == "bitcast_convert" and (dtype in HALF or out.dtype in HALF):
                raise NotImplementedError("bitcast_convert of half floats in a GPU kernel")
            value = self.let(TRITON[name](self, args, _compute_dtype(dtype),
                                          **(dict(params, to=_compute_dtype(out.dtype))
                                             if "to" in params else params)))
            if out.dtype in HALF:           # round to the half type, as numpy does per op
                value = self.let(f"{_to_half(value, out.dtype)}.to(tl.float32)")
            return value
        if name == "iota":
            return self.let(f"({idx[params['iota_dimension']]}).to({TL[out.dtype]})")
        (x, a) = operands[0]
        if name == "broadcast_in_dim":
            sub = tuple("0" if a.shape[i] == 1 and out.shape[d] != 1 else idx[d]
                        for i, d in enumerate(params["broadcast_dimensions"]))
            return self.value(x, sub)
        if name == "reshape":
            if a.shape == out.shape:
                return self.value(x, idx)
            flat = " + ".join(f"{i} * {s}" for i, s in zip(idx, _strides(out.shape)) if s) or "0"
            lin = self.let(flat) if idx else "0"
            return self.value(x, _digits(lin, a.shape))
        if name == "transpose":
            perm = params["permutation"]
            sub = [None] * len(perm)
            for i, p in enumerate(perm):
                sub[p] = idx[i]
            return self.value(x, tuple(sub))
        if name == "slice":
            return self.value(x, tuple(f"({s} + {i} * {st})" for i, s, st in
                                       zip(idx, params["start_indices"], params["strides"])))
        if name == "rev":
            return self.value(x, tuple(f"({a.shape[d] - 1} - {i})" if d in params["dimensions"]
                                       else i for d, i in enumerate(idx)))
        if name == "concatenate":
            d, n0 = params["dimension"], a.shape[params["dimension"]]
            first = self.let(f"{idx[d]} < {n0}")
            lhs = self.masked(first, x, idx)
            rest = idx[:d] + (f"({idx[d]} - {n0})",) + idx[d + 1:]
            rhs = self.masked(f"{first} == 0", operands[1][0], rest)   # (not ~: may be a bool)
            return self.let(f"tl.where({first}, {lhs}, {rhs})")
        if name == "pad":
            conds, sub = [], []
            for k, (lo, n) in enumerate(zip(params["edge_padding_low"], a.shape)):
                step = params["interior_padding"][k] + 1
                t = self.let(f"({idx[k]} - {lo})")
                q = self.let(f"({t} // {step})") if step > 1 else t
                conds.append(f"({t} >= 0) & ({q} < {n})" + (f" & ({t} % {step} == 0)"
                                                             if step > 1 else ""))
                sub.append(q)
            inside = self.let(" & ".join(conds) or "True")
            xv = self.masked(inside, x, tuple(sub))
            return self.let(f"tl.where({inside}, {xv}, {self.value(operands[1][0], ())})")
        if name in ("dynamic_slice", "dynamic_update_slice"):
            window = out.shape if name == "dynamic_slice" else operands[1][1].shape
            starts = [self.let(f"tl.minimum(tl.maximum({self.value(s, ())}.to(tl.int64), 0), "
                               f"{n - k}).to(tl.int32)")
                      for (s, _), n, k in zip(operands[-len(window):] if window else [],
                                              a.shape, window)]
            if name == "dynamic_slice":
                return self.value(x, tuple(f"({i} + {s})" for i, s in zip(idx, starts)))
            inside = self.let(" & ".join(f"({i} >= {s}) & ({i} < {s} + {k})"
                                         for i, s, k in zip(idx, starts, window)) or "True")
            uv = self.masked(inside, operands[1][0],
                             tuple(f"({i} - {s})" for i, s in zip(idx, starts)))
            return self.let(f"tl.where({inside}, {uv}, {self.value(x, idx)})")
        if name == "gather":
            return self._gather(operands, out, idx, params)
        raise NotImplementedError(f"no Triton rule for '{op.name}' in a kernel")

    def _gather(self, operands, out: Aval, idx: tuple, p: dict) -> str:
        """XLA's gather at one output index, as runtime/kernels.py computes it: the batch
        part of the index picks a row of start indices (clamped so the slice fits), the
        offset part walks the slice."""
        (x, a), (ind, ia) = operands
        batch_pos = [i for i in range(out.ndim) if i not in p["offset_dims"]]
        g = [idx[i] for i in batch_pos]
        window = [d for d in range(a.ndim) if d not in p["collapsed_slice_dims"]
                  and d not in p["operand_batching_dims"]]
        offset = {d: idx[o] for d, o in zip(window, p["offset_dims"])}
        ivd = p["index_vector_dim"]
        sub = []
        for d in range(a.ndim):
            if d in p["start_index_map"]:
                j = p["start_index_map"].index(d)
                at = tuple(g[:ivd]) + ((str(j),) if ivd < ia.ndim else ()) + tuple(g[ivd:])
                start = self.value(ind, at)
                start = self.let(f"tl.minimum(tl.maximum({start}.to(tl.int64), 0), "
                                 f"{a.shape[d] - p['slice_sizes'][d]})")
            elif d in p["operand_batching_dims"]:
                b = p["start_indices_batching_dims"][p["operand_batching_dims"].index(d)]
                start = g[b - (b > ivd)]
            else:
                start = "0"
            sub.append(f"({start} + {offset[d]})" if d in offset else start)
        return self.value(x, tuple(sub))


HALF = ("float16", "bfloat16")


def _compute_dtype(dtype: str) -> str:
    return "float32" if dtype in HALF else dtype


def _digit(lin: str, stride: int, size: int) -> str:
    q = lin if stride == 1 else f"({lin} // {stride})"
    return q if size == 0 else f"({q} % {size})"


def _tokens(expr: str):
    tok = ""
    for ch in expr:
        if ch.isalnum() or ch == "_":
            tok += ch
        else:
            if tok:
                yield tok
            tok = ""
    if tok:
        yield tok


def _digits(lin: str, shape) -> tuple:
    """The index of linear position lin in shape. The first digit takes no modulo: where lin
    is in bounds it is below shape[0], and elsewhere the lanes are masked."""
    return tuple(_digit(lin, s, d if k else 0) for k, (s, d) in
                 enumerate(zip(_strides(shape), shape)))


def _decompose(w: _Writer, lin: str, shape) -> tuple:
    return tuple(w.let(d) for d in _digits(lin, shape))


def _mask(bound: str, n: int, block, size: str = "BLOCK") -> str:
    """bound < n over a block's positions (size of them); all true where every block of the
    launch fills up (n a multiple of the block: `block` the one used, or None for any power of
    two from 16), which Triton folds away with the selects and load masks that use it."""
    full = n % block == 0 if block else n >= 16 and n & (n - 1) == 0
    return f"tl.full([{size}], 1, tl.int1)" if full else f"{bound} < {n}"


def _elementwise(w: _Writer, name: str) -> tuple:
    return _each_element(w, w.results[0])


def _each_element(w: _Writer, v: ir.Value, finish=lambda w, value: value) -> tuple:
    """Program p stores elements [p * BLOCK, (p + 1) * BLOCK) of v (through finish) to out."""
    out = aval_of_type(v.type)
    n = max(out.size, 1)
    w.vectors.update({"offs", "mask"})
    w.emit("offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)")
    w.emit(f"mask = {_mask('offs', n, BLOCK)}")
    idx = _decompose(w, "offs", out.shape)
    value = finish(w, w.value(v, idx))
    w.emit(f"tl.store(out + offs, {_stored(value, out)}, mask=mask)")
    return (math.ceil(n / BLOCK),), {"BLOCK": BLOCK}


def _stored(value: str, aval: Aval) -> str:
    if aval.dtype == "bool":
        return f"({value}).to(tl.int8)"
    return _to_half(value, aval.dtype) if aval.dtype in HALF else value


def _to_half(value: str, dtype: str) -> str:
    if dtype == "bfloat16":             # rounded by hand: the interpreter would truncate
        return f"_to_bf16({value})"
    return f"({value}).to({TL[dtype]}, fp_downcast_rounding='rtne')"


# f32 -> bf16, rounding to nearest even (NaN stays NaN)
TO_BF16 = """

@triton.jit
def _to_bf16(x):
    bits = x.to(tl.uint32, bitcast=True)
    bits = bits + 0x7FFF + ((bits >> 16) & 1)
    rounded = (bits >> 16).to(tl.uint16).to(tl.bfloat16, bitcast=True)
    return tl.where(x != x, x.to(tl.bfloat16), rounded)
"""


def _rows(w: _Writer, name: str) -> tuple:
    reductions = [op for op in w.ops if op.name[len(PREFIX):] in REDUCTIONS]
    first = reductions[0]
    full = aval_of_type(first.operands[0].type)
    axes = tuple(ir.DenseI64ArrayAttr(first.attributes["axes"]))
    kept = [d for d in range(full.ndim) if d not in axes]
    rows = math.prod(full.shape[d] for d in kept)
    cols = math.prod(full.shape[d] for d in axes)
    if full.ndim - 1 in kept and not any(_depends(o.operands[0], p) for o in reductions
                                         for p in reductions) \
            and all(aval_of_type(v.type).size == rows for v in w.results):
        return _columns(w, reductions, full, axes, kept)
    w.emit("r = tl.program_id(0)")
    row_idx = dict(zip(kept, _decompose(w, "r", [full.shape[d] for d in kept])))

    def chunk_loop(body):
        w.open_chunks(cols)
        col_idx = dict(zip(axes, _decompose(w, "c", [full.shape[d] for d in axes])))
        body(tuple(row_idx.get(d) or col_idx[d] for d in range(full.ndim)))
        w.close_chunks()

    # passes: a reduction waits for those its operand depends on
    level: dict = {}
    for op in reductions:
        deps = [level[o] for o in reductions if o in level and _depends(op.operands[0], o)]
        level[op] = 1 + max(deps, default=0)
    for p in sorted(set(level.values())):
        now = [op for op in reductions if level[op] == p]
        accs = _accumulators(w, now, "[BLOCK]")

        def body(idx, now=now, accs=accs):
            for op in now:
                _accumulate(w, op, accs[op], idx)
        chunk_loop(body)
        _reduce(w, now, accs, vector=False)
    outs = [(name, v, aval_of_type(v.type)) for name, v in zip(w.out_names, w.results)]
    whole = [o for o in outs if o[2].shape == full.shape]
    if whole:                           # stored by a last pass over the row
        def store(idx):
            off = " + ".join(f"{i} * {s}" for i, s in zip(idx, _strides(full.shape)) if s)
            for name, v, out in whole:
                w.emit(f"tl.store({name} + {off or '0'}, {_stored(w.value(v, idx), out)}, "
                       f"mask=cmask)")
        chunk_loop(store)
    for name, v, out in outs:           # one value per row, in row order
        if out.shape != full.shape:
            value = w.value(v, _decompose(w, "r", out.shape))
            w.emit(f"tl.store({name} + r, {_stored(value, out)})")
    block = _row_block(cols, whole=ROW_REGISTERS, chunk=ROW_CHUNK)
    work = sum(1 for op in w.ops if op.results and aval_of_type(op.results[0].type).shape
               == full.shape)
    if block > ROW_CHUNK and work * block > ROW_WORK:
        block = ROW_CHUNK               # in chunks
    if block < cols:
        w.options = {"num_warps": ROW_CHUNK_WARPS}
    elif block > BLOCK:
        w.options = {"num_warps": min(16, block // 512)}
    return (rows,), {"BLOCK": block}


def _accumulators(w: _Writer, reductions, shape: str) -> dict:
    """reduction op -> a block of `shape` holding its identity, to combine chunks into."""
    accs = {}
    for op in reductions:
        c = _compute_dtype(aval_of_type(op.operands[0].type).dtype)
        accs[op] = w.let(f"tl.full({shape}, {_lit(_identity(op.name[len(PREFIX):], c), c)}, "
                         f"{TL[c]})", vector=True)
    return accs


def _accumulate(w: _Writer, op, acc: str, idx: tuple):
    """Combines op's operand at idx (its identity outside cmask) into acc."""
    rname = op.name[len(PREFIX):]
    c = _compute_dtype(aval_of_type(op.operands[0].type).dtype)
    x = w.let(f"tl.where(cmask, {w.value(op.operands[0], idx)}, "
              f"{literal(_identity(rname, c), c)})")
    w.emit(f"{acc} = {_COMBINE[rname]}({acc}, {x})")


def _reduce(w: _Writer, reductions, accs: dict, vector: bool):
    """Each reduction's result: its accumulator reduced over axis 0 (a scalar for a row, a
    block for columns), rounded to its half type if it has one."""
    for op in reductions:
        red = w.let(f"tl.reduce({accs[op]}, 0, {_COMBINE[op.name[len(PREFIX):]]})",
                    vector=vector)
        dtype = aval_of_type(op.results[0].type).dtype
        if dtype in HALF:
            red = w.let(f"{_to_half(red, dtype)}.to(tl.float32)", vector=vector)
        w.reduced[op.results[0]] = red


def _columns(w: _Writer, reductions, full: Aval, axes, kept) -> tuple:
    """Reductions that keep the last (contiguous) dimension, as a bias gradient's column sums:
    program p owns COLS consecutive kept positions and walks the reduced ones in tiles of
    BLOCK x COLS, so that each load reads rows of COLS neighbours (one program per kept
    position would read a strided column). Only results of the kept shape; one pass."""
    rows = math.prod(full.shape[d] for d in kept)
    cols = math.prod(full.shape[d] for d in axes)
    w.vectors.update({"k", "mask", "c", "cmask"})
    w.emit("k = tl.program_id(0) * COLS + tl.arange(0, COLS)")
    w.emit(f"mask = {_mask('k', rows, COL_TILE[1], 'COLS')}")
    row_idx = dict(zip(kept, _decompose(w, w.let("k[None, :]"), [full.shape[d] for d in kept])))
    accs = _accumulators(w, reductions, "[BLOCK, COLS]")
    w.open_chunks(cols, mask=f"({_mask('c', cols, COL_TILE[0])})[:, None] & mask[None, :]")
    col_idx = dict(zip(axes, _decompose(w, w.let("c[:, None]"), [full.shape[d] for d in axes])))
    idx = tuple(row_idx.get(d) or col_idx[d] for d in range(full.ndim))
    for op in reductions:
        _accumulate(w, op, accs[op], idx)
    w.close_chunks()
    _reduce(w, reductions, accs, vector=True)
    for name, v in zip(w.out_names, w.results):
        out = aval_of_type(v.type)
        value = w.value(v, _decompose(w, "k", out.shape))
        w.emit(f"tl.store({name} + k, {_stored(value, out)}, mask=mask)")
    w.options = {"num_warps": COL_WARPS}
    return (math.ceil(rows / COL_TILE[1]),), {"BLOCK": COL_TILE[0], "COLS": COL_TILE[1]}


def _scan(w: _Writer, name: str) -> tuple:
    op = w.results[0].owner.operation
    kind = op.name[len(PREFIX) + 3:]                 # cumsum -> sum
    p = op_params(op, OPS[op.name[len(PREFIX):]], resolve=None)
    x = op.operands[0]
    a = aval_of_type(x.type)
    axis, n = p["axis"], a.shape[p["axis"]]
    kept = [d for d in range(a.ndim) if d != axis]
    rows = math.prod(a.shape[d] for d in kept)
    combine = _COMBINE["reduce_" + kind]
    c = _compute_dtype(a.dtype)
    identity = literal(reduction_identity(kind, c), c)
    w.emit("r = tl.program_id(0)")
    row_idx = dict(zip(kept, _decompose(w, "r", [a.shape[d] for d in kept])))
    carry = w.let(identity, vector=False)
    w.open_chunks(n)
    at = f"({n - 1} - c)" if p.get("reverse", False) else "c"
    idx = tuple(row_idx[d] if d != axis else at for d in range(a.ndim))
    v = w.let(f"tl.where(cmask, {w.value(x, idx)}, {identity})")
    run = w.let(f"{combine}(tl.associative_scan({v}, 0, {combine}), {carry})")
    off = " + ".join(f"{i} * {st}" for i, st in zip(idx, _strides(a.shape)) if st) or "0"
    w.emit(f"tl.store(out + {off}, {_stored(run, a)}, mask=cmask)")
    w.emit(f"{carry} = {combine}({carry}, tl.reduce({v}, 0, {combine}))")
    w.close_chunks()
    return (rows,), {"BLOCK": _row_block(n)}


def _sort(w: _Writer, name: str) -> tuple:
    """One program per row (every index but the sorted dimension's): the row's keys, packed
    with their positions into int64s (key << 32 | position: a stable order), sorted in
    registers by tl.sort; the positions are the permutation (argsort), or read the sorted
    values back (sort). Padding sorts last."""
    root = w.results[0]
    op = root.owner.operation
    p = op_params(op, OPS[op.name[len(PREFIX):]], resolve=None)
    x = op.operands[0]
    a, out = aval_of_type(x.type), aval_of_type(root.type)
    axis, n = p["dimension"], a.shape[p["dimension"]]
    kept = [d for d in range(a.ndim) if d != axis]
    w.emit("r = tl.program_id(0)")
    row_idx = dict(zip(kept, _decompose(w, "r", [a.shape[d] for d in kept])))
    w.emit("c = tl.arange(0, BLOCK)")
    w.emit(f"cmask = c < {n}")
    w.vectors.update({"c", "cmask"})
    w.mask = "cmask"
    at = lambda i: tuple(row_idx.get(d) or i for d in range(a.ndim))      # noqa: E731
    v = w.value(x, at("c"))
    if a.dtype in ("int32", "bool"):
        key = w.let(f"{v}.to(tl.int64)")
    elif a.dtype == "uint32":
        key = w.let(f"{v}.to(tl.int64) - 2147483648")
    else:       # floats as JAX orders them: -0.0 ties with 0.0, NaNs of either sign last
        b = w.let(f"tl.where({v} == 0, 0, {v}.to(tl.int32, bitcast=True))")
        b = w.let(f"tl.where({v} != {v}, 2147483647, {b})")
        key = w.let(f"({b} ^ (({b} >> 31) & 2147483647)).to(tl.int64)")
    packed = w.let(f"tl.where(cmask, ({key} << 32) | c.to(tl.int64), "
                   f"tl.full([BLOCK], 9223372036854775807, tl.int64))")
    perm = w.let(f"(tl.sort({packed}) & 4294967295).to(tl.int32)")
    value = w.let(f"{perm}.to({TL[out.dtype]})") if op.name == PREFIX + "argsort" else \
        w.value(x, at(perm))
    off = " + ".join(f"{i} * {st}" for i, st in zip(at("c"), _strides(a.shape)) if st) or "0"
    w.emit(f"tl.store(out + {off}, {_stored(value, out)}, mask=cmask)")
    return (math.prod(a.shape[d] for d in kept),), {"BLOCK": max(16, 1 << (n - 1).bit_length())}


# NaN as a scatter_max (min) stores it: with the sign that Triton's float atomic_max (min),
# an integer max (unsigned min) by sign, keeps over every other value
_CANONICAL_NAN = {("scatter_max", "float32"): 0x7FC00000, ("scatter_min", "float32"): -0x400000,
                  ("scatter_max", "float64"): 0x7FF8000000000000,
                  ("scatter_min", "float64"): -0x8000000000000}


def _scatter(w: _Writer, name: str) -> tuple:
    """The operand copied to out by a first launch, then one program per block of update
    elements: each element's place in the operand (a window dropped unless all of it is in
    bounds, as XLA's), stored or combined there by an atomic."""
    root = w.results[0]
    op = root.owner.operation
    kind = op.name[len(PREFIX):]
    p = op_params(op, OPS[kind], resolve=None)
    (x, ind, upd) = op.operands
    a, ia, ua = (aval_of_type(v.type) for v in (x, ind, upd))
    nan = _CANONICAL_NAN.get((kind, a.dtype))
    ibits = 32 if a.dtype == "float32" else 64

    def canonical(w, value):
        if nan is None:
            return value
        return w.let(f"tl.where({value} != {value}, tl.full((), {nan}, tl.int{ibits})"
                     f".to({TL[a.dtype]}, bitcast=True), {value})")
    w.function("init", lambda w: _each_element(w, x, canonical))
    window = [d for d in range(a.ndim) if d not in p["inserted_window_dims"]
              and d not in p["input_batching_dims"]]
    size = {d: ua.shape[u] for d, u in zip(window, p["update_window_dims"])}
    ivd = p["index_vector_dim"]
    w.vectors.update({"offs", "mask"})
    w.emit("offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)")
    w.emit(f"mask = offs < {max(ua.size, 1)}")
    u = _decompose(w, "offs", ua.shape)
    g = [u[i] for i in range(ua.ndim) if i not in p["update_window_dims"]]
    within = dict(zip(window, (u[i] for i in p["update_window_dims"])))
    inside, at = [], []
    for d in range(a.ndim):
        if d in p["scatter_dims_to_operand_dims"]:
            j = p["scatter_dims_to_operand_dims"].index(d)
            pos = tuple(g[:ivd]) + ((str(j),) if ivd < ia.ndim else ()) + tuple(g[ivd:])
            start = w.let(f"{w.value(ind, pos)}.to(tl.int64)")
            inside.append(f"({start} >= 0) & ({start} <= {a.shape[d] - size.get(d, 1)})")
        elif d in p["input_batching_dims"]:
            b = p["scatter_indices_batching_dims"][p["input_batching_dims"].index(d)]
            start = g[b - (b > ivd)]
        else:
            start = "0"
        at.append(f"({start} + {within[d]})" if d in within else start)
    # "!= 0": the interpreter widens a block-and-scalar `&` of booleans to int32
    mask = w.let(f"(mask & {' & '.join(inside)}) != 0") if inside else "mask"
    off = " + ".join(f"{i} * {st}" for i, st in zip(at, _strides(a.shape)) if st) or "0"
    if not w._is_vector(off):           # one update element: pointers of the mask's shape
        off = f"offs * 0 + {off}"
    value = w.value(upd, u)
    if kind == "scatter":
        w.emit(f"tl.store(out + {off}, {_stored(value, a)}, mask={mask})")
    else:
        w.emit(f"tl.atomic_{kind[len('scatter_'):]}(out + {off}, {canonical(w, value)}, "
               f"mask={mask}, sem='relaxed')")
    return (math.ceil(ua.size / BLOCK),), {"BLOCK": BLOCK}


def _row_block(n: int, whole: int = BLOCK, chunk: int = BLOCK) -> int:
    """The chunk a row program works in: the row's size rounded up to a power of two, at
    least 16; at most `chunk`, unless the whole row (up to `whole`) fits in one."""
    block = max(16, 1 << max(n - 1, 0).bit_length())
    return block if block <= whole else min(block, chunk)


def _lit(value, dtype):
    return literal(value, dtype).split(", ")[1] if dtype != "bool" else str(int(bool(value)))


def _depends(v: ir.Value, op: ir.Operation) -> bool:
    stack, seen = [v], set()
    while stack:
        x = stack.pop()
        owner = x.owner
        if isinstance(owner, ir.Block):
            continue
        owner = owner.operation
        if owner == op:
            return True
        if owner in seen:
            continue
        seen.add(owner)
        stack.extend(owner.operands)
    return False


def _matmul(w: _Writer, name: str) -> tuple:
    op = next(o for o in w.ops if o.name == "mlax.dot_general")
    p = op_params(op, OPS["dot_general"], resolve=None)
    (lhs, la, ls), (rhs, ra, rs) = [_strided(w, x) for x in op.operands]
    out = aval_of_type(op.results[0].type)
    lb, rb = p["lhs_batching_dimensions"], p["rhs_batching_dimensions"]
    lc, rc = p["lhs_contracting_dimensions"], p["rhs_contracting_dimensions"]
    lfree = [d for d in range(la.ndim) if d not in lb + lc]
    rfree = [d for d in range(ra.ndim) if d not in rb + rc]
    size = lambda a, dims: math.prod(a.shape[d] for d in dims)         # noqa: E731
    B, M, N, K = size(la, lb), size(la, lfree), size(ra, rfree), size(la, lc)
    w.emit("pid = tl.program_id(0)")
    w.emit(f"pm = pid // (({N} + BLOCK_N - 1) // BLOCK_N)")
    w.emit(f"pn = pid % (({N} + BLOCK_N - 1) // BLOCK_N)")
    w.emit("b = tl.program_id(1)")
    w.emit("m = pm * BLOCK_M + tl.arange(0, BLOCK_M)")
    w.emit("n = pn * BLOCK_N + tl.arange(0, BLOCK_N)")
    w.vectors.update({"m", "n"})

    def offsets(var, a, dims, strides_):
        parts = [f"{d_} * {strides_[d]}" for d, d_ in
                 zip(dims, _decompose(w, var, [a.shape[d] for d in dims]))] if dims else []
        return " + ".join(parts) or "0"
    boff_l = offsets("b", la, lb, ls)
    boff_r = offsets("b", ra, rb, rs)
    moff = w.let(offsets("m", la, lfree, ls) if lfree else "m * 0", vector=True)
    noff = w.let(offsets("n", ra, rfree, rs) if rfree else "n * 0", vector=True)
    acc_t = "tl.float32" if la.dtype in ("float16", "bfloat16", "float32") else TL[la.dtype]
    w.emit(f"acc = tl.zeros((BLOCK_M, BLOCK_N), {acc_t})")
    w.emit(f"for k0 in range(0, {K}, BLOCK_K):")
    w.depth += 1
    w.emit("kk = k0 + tl.arange(0, BLOCK_K)")
    w.vectors.add("kk")
    digits = _decompose(w, "kk", [la.shape[d] for d in lc])     # several contracted dims
    kl = " + ".join(f"{k} * {ls[d]}" for k, d in zip(digits, lc)) or "0"
    kr = " + ".join(f"{k} * {rs[d]}" for k, d in zip(digits, rc)) or "0"
    w.emit(f"a = tl.load({lhs} + {boff_l} + {moff}[:, None] + ({kl})[None, :], "
           f"mask=(m[:, None] < {M}) & (kk[None, :] < {K}), other=0)")
    w.emit(f"bb = tl.load({rhs} + {boff_r} + ({kr})[:, None] + {noff}[None, :], "
           f"mask=(kk[:, None] < {K}) & (n[None, :] < {N}), other=0)")
    if la.dtype in ("float16", "bfloat16", "float32"):
        w.emit('acc += tl.dot(a, bb, input_precision="ieee")')
    else:
        w.emit("acc += tl.sum(a[:, :, None] * bb[None, :, :], axis=1)")
    w.depth -= 1
    # the tile's elements of the root: the product, through the epilogue if there is one
    root, product = w.results[0], op.results[0]
    w.emit("mm = m[:, None]")
    w.emit("nn = n[None, :]")
    w.emit(f"tmask = (mm < {M}) & (nn < {N})")
    w.vectors.update({"mm", "nn", "tmask"})
    w.mask = "tmask"
    value = "acc"
    if out.dtype in HALF:                   # the product rounds before the epilogue reads it
        value = w.let(f"{_to_half(value, out.dtype)}.to(tl.float32)")
    w.reduced[product] = value
    idx = (*_decompose(w, "b", [la.shape[d] for d in lb]),
           *_decompose(w, "mm", [la.shape[d] for d in lfree]),
           *_decompose(w, "nn", [ra.shape[d] for d in rfree]))
    value = w.value(root, idx)
    w.emit(f"tl.store(out + b * {M * N} + mm * {N} + nn, "
           f"{_stored(value, aval_of_type(root.type))}, mask=tmask)")
    float_dot = la.dtype in ("float16", "bfloat16", "float32")
    w.configs = [{"grid": [math.ceil(M / bm) * math.ceil(N / bn), max(B, 1)],
                  "constexprs": {"BLOCK_M": bm, "BLOCK_N": bn, "BLOCK_K": bk},
                  "options": {"num_warps": warps, "num_stages": stages}}
                 for bm, bn, bk, warps, stages in _tiles(M, N, float_dot)]
    views = [_gemm_view(o, groups) for o, groups in
             (((lhs, la, ls), (lb, lfree, lc)), ((rhs, ra, rs), (rb, rc, rfree)))]
    if la.dtype == "float32" and None not in views:     # a BLAS may compute the product
        epilogue = None
        if root != product:                 # then the epilogue: a kernel over the product
            def body(w):
                w.inputs[product] = "product"
                try:
                    return _each_element(w, root)
                finally:
                    del w.inputs[product]
            epilogue = w.function("epilogue", body, launched=False,
                                  extra={"product": out.dtype})
        w.library = {"lhs": views[0], "rhs": views[1], "epilogue": epilogue,
                     "product": [list(out.shape), out.dtype]}
    w.work = B * M * N * K
    return None, None


def _tiles(M: int, N: int, float_dot: bool) -> list:
    """The tile configs worth timing for an M x N product, the rule of thumb's pick first:
    big tiles for big products, none much larger than the product."""
    if not float_dot:
        return [SMALL_TILE]
    fits = [t for t in MATMUL_CONFIGS if (t[0] <= 64 or M > 64) and (t[1] <= 64 or N > 64)]
    return fits if M * N >= 1 << 20 else fits[::-1]


def _gemm_view(operand, groups):
    """[param, sizes, strides] of an operand as a 3-d strided view, its dims grouped (batch,
    rows, columns) each merged into one, or None where a group's dims do not merge."""
    ptr, aval, strides = operand
    sizes, merged = [], []
    for dims in groups:
        for a, b in zip(dims, dims[1:]):
            if strides[a] != strides[b] * aval.shape[b]:
                return None
        sizes.append(math.prod(aval.shape[d] for d in dims))
        merged.append(strides[dims[-1]] if dims else 0)
    return [ptr, sizes, merged]


def _strided(w: _Writer, v: ir.Value):
    """(pointer, aval, strides) of a matmul operand: an input, or a view of one through the
    transposes and reshapes mlax-fuse put in the kernel (fusion.operand_view)."""
    base, strides, _ = operand_view(v)
    return w.inputs[base], aval_of_type(v.type), strides


def write_kernel(func_op: ir.Operation) -> Kernel:
    """The Triton kernel of a function marked mlax.kernel."""
    name, kind = symbol_name(func_op), kernel_kind(func_op)
    w = _Writer(func_op)
    if len(w.results) != 1 and kind != "rows":
        raise NotImplementedError(f"a {kind} kernel stores one result")
    grid, constexprs = {"elementwise": _elementwise, "rows": _rows, "matmul": _matmul,
                        "scan": _scan, "sort": _sort, "scatter": _scatter}[kind](w, name)
    configs = w.configs or [{"grid": list(grid), "constexprs": constexprs, "options": w.options}]
    params = w.params + [(n, aval_of_type(v.type)) for n, v in zip(w.out_names, w.results)]
    functions = [(f"{name}_{suffix}", lines, consts, extra)
                 for suffix, lines, _, consts, extra, _ in w.functions]
    functions.append((name, w.lines, configs[0]["constexprs"], {}))
    body = "\n".join(line for _, lines, _, _ in functions for line in lines)
    helpers = "".join(f"\n\n@triton.jit\ndef {h}(a, b):\n    return {expr}\n"
                      for h, expr in HELPERS.items() if f"{h}(" in body or f", {h})" in body)
    if "_to_bf16(" in body:
        helpers += TO_BF16
    source = IMPORTS + helpers + "".join(
        f"\n\n@triton.jit\ndef {fn}({', '.join([p for p, _ in params] + list(extra))}, "
        f"{', '.join(f'{k}: tl.constexpr' for k in consts)}):\n" + "\n".join(lines) + "\n"
        for fn, lines, consts, extra in functions)
    launches = [_launch(f"{name}_{suffix}", grid_, consts)
                for suffix, _, grid_, consts, _, launched in w.functions if launched]
    launches.append(_launch(name, configs[0]["grid"], configs[0]["constexprs"],
                            configs[0]["options"]))
    return Kernel(name, kind, source, params, w.constants, launches, configs, w.library,
                  w.work, len(w.results))
