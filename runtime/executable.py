"""Executables: what lowering produces and the runtime runs. Plain data, no MLIR.

An Executable is a set of functions; each is a list of steps over numbered value slots:
`Step("mul", inputs=(0, 3), outputs=(4,), params={})` runs kernel `mul` of the backend's
table on slots 0 and 3 into slot 4. Constants are arrays bound to slots. A "native" step
calls machine code compiled from the executable's `native` module (runtime/native.py), or,
where MLIR is missing, the plan of the function of the same name. A "kernel" step launches
the Triton kernel of that name from `kernels` (runtime/gpu.py). `save`/`load` use
one .npz file (a JSON plan plus the constant arrays, no pickle), so a machine that never
imports MLIR runs what another compiled. Functions know their parameters' types, so what
loads an executable checks each call's arguments (`checked`): a buffer of another shape or
dtype would otherwise be read as garbage, or past its end.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from ..dialect.dtypes import ALL, is_uniform

FORMAT_VERSION = 4          # 3: GPU kernels hold launches, configs and several results;
                            # 4: functions hold their parameters' types


@dataclass(frozen=True)
class Step:
    kernel: str                 # an op name of the kernel table, or "call"
    inputs: tuple
    outputs: tuple
    params: dict
    where: str = ""             # the user's file:line, for runtime errors


@dataclass
class Function:
    name: str
    params: tuple               # slots of the arguments
    results: tuple              # slots of the results
    steps: list
    constants: dict = field(default_factory=dict)    # slot -> np.ndarray
    param_types: tuple = ()     # per param: (shape tuple, dtype name)

    @property
    def num_slots(self) -> int:
        slots = [*self.params, *self.results, *self.constants]
        for s in self.steps:
            slots += [*s.inputs, *s.outputs]
        return max(slots, default=-1) + 1


@dataclass
class Executable:
    entry: str
    functions: dict             # name -> Function
    native: str = ""            # LLVM-dialect module of the "native" steps' functions
    kernels: dict = field(default_factory=dict)     # name -> Triton kernel of "kernel" steps

    # ------------------------------------------------------------------ persistence
    def save(self, path) -> None:
        """Writes the executable to path (a file name or a binary file object)."""
        arrays, plan = {}, {"version": FORMAT_VERSION, "entry": self.entry, "functions": [],
                            "native": self.native}
        for fi, fn in enumerate(self.functions.values()):
            consts = {}
            for slot, value in fn.constants.items():
                key = f"c{fi}_{slot}"
                arrays[key], consts[str(slot)] = _storable(value, key)
            plan["functions"].append({
                "name": fn.name, "params": list(fn.params), "results": list(fn.results),
                "param_types": [[list(shape), dtype] for shape, dtype in fn.param_types],
                "constants": consts,
                "steps": [{"kernel": s.kernel, "inputs": list(s.inputs), "outputs": list(s.outputs),
                           "params": _jsonable(s.params), "where": s.where} for s in fn.steps]})
        plan["kernels"] = {}
        for name, k in self.kernels.items():
            entry = dict(k, constants={})
            for pname, value in k["constants"].items():
                key = f"k_{name}_{pname}"
                arrays[key], entry["constants"][pname] = _storable(value, key)
            plan["kernels"][name] = entry
        arrays["__plan__"] = np.frombuffer(json.dumps(plan).encode(), dtype=np.uint8)
        if hasattr(path, "write"):              # a file object
            np.savez(path, **arrays)
            return
        with open(path, "wb") as f:             # (np.savez would add .npz to a name)
            np.savez(f, **arrays)

    @classmethod
    def load(cls, path) -> "Executable":
        with np.load(path, allow_pickle=False) as data:
            plan = json.loads(bytes(data["__plan__"]).decode())
            if plan.get("version") != FORMAT_VERSION:
                raise ValueError(f"{path}: executable format {plan.get('version')} is not "
                                 f"{FORMAT_VERSION}; compile it again")
            functions = {}
            for f in plan["functions"]:
                consts = {int(slot): _restore(data, *entry)
                          for slot, entry in f["constants"].items()}
                steps = [Step(s["kernel"], tuple(s["inputs"]), tuple(s["outputs"]),
                              _from_json(s["params"]), s["where"]) for s in f["steps"]]
                types = tuple((tuple(shape), dtype) for shape, dtype in f["param_types"])
                functions[f["name"]] = Function(f["name"], tuple(f["params"]),
                                                tuple(f["results"]), steps, consts, types)
            kernels = {name: dict(k, constants={p: _restore(data, *entry)
                                                for p, entry in k["constants"].items()})
                       for name, k in plan["kernels"].items()}
        return cls(plan["entry"], functions, plan["native"], kernels)


def checked(fn: Function, run):
    """run (fn's compiled callable) checking each call's arguments against fn's parameter
    types first: a TypeError names the argument, the type expected and the one given.
    Arguments are arrays or device buffers (anything with a shape and a dtype)."""
    from .kernels import _np_dtype
    expected = [(tuple(shape), dtype) for shape, dtype in fn.param_types]
    numpy_types = [(shape, _np_dtype(dtype)) for shape, dtype in expected]

    def mismatch(args) -> str:
        if len(args) != len(expected):
            return f"@{fn.name} takes {len(expected)} arguments, got {len(args)}"
        for i, (arg, (shape, dtype)) in enumerate(zip(args, expected)):
            got = _type_of(arg)
            if got != (shape, dtype):
                given = f"a {type(arg).__name__}" if got is None else _short(*got)
                return f"argument {i} of @{fn.name} must be {_short(shape, dtype)}, got {given}"
        return ""

    def call(*args):
        # The common case, numpy arrays of the right types, costs two comparisons each.
        try:
            ok = len(args) == len(numpy_types) and all(
                a.shape == s and a.dtype == d for a, (s, d) in zip(args, numpy_types))
        except (AttributeError, TypeError):    # not an array; a device's dtype
            ok = False
        if not ok:
            problem = mismatch(args)
            if problem:
                raise TypeError(f"executable: {problem}")
        return run(*args)
    call.__mlax_source__ = getattr(run, "__mlax_source__", None)
    call.__wrapped__ = run
    return call


def _type_of(arg):
    """(shape, dtype name) of an array or a device buffer (numpy's or torch's), else None."""
    shape, dtype = getattr(arg, "shape", None), getattr(arg, "dtype", None)
    if shape is None or dtype is None:
        return None
    return tuple(shape), str(dtype).rpartition(".")[2]


def _short(shape, dtype: str) -> str:
    """f32[3,2], as JAX writes types; a dtype mlax lacks keeps its own name."""
    from ..avals import ShapedArray
    if dtype in ALL:
        return ShapedArray(shape, dtype).str_short()
    return f"{dtype}[{','.join(map(str, shape))}]"


def _storable(value: np.ndarray, key: str):
    """(array to store, plan entry [key, dtype(, shape of a splat)]): a constant of one
    repeated value is stored as that value (a gradient's zeros can be 64 MB); npz stores
    numpy's own dtypes only, so bfloat16 travels as its bits."""
    entry = [key, value.dtype.name]
    if value.size > 1 and is_uniform(value):
        entry.append(list(value.shape))
        value = np.asarray(value.flat[0])
    return (value.view(np.uint16) if value.dtype.name == "bfloat16" else value), entry


def _restore(data, key: str, dtype: str, shape=None) -> np.ndarray:
    value = data[key]
    if dtype == "bfloat16":
        import ml_dtypes
        value = value.view(ml_dtypes.bfloat16)
    return value if shape is None else np.full(shape, value, dtype=value.dtype)


def _jsonable(params: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


def _from_json(params: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
