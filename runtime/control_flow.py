"""Control flow on the CPU backend: the `scan`, `while` and `cond` steps, looping in Python
over their compiled body functions (lax semantics: scan stacks per-step outputs along a new
leading axis, reverse scans fill it from the end; cond clamps its branch index)."""
from __future__ import annotations

import numpy as np

from .kernels import _np_dtype


def _empty(result_types):
    return [np.empty(shape, _np_dtype(dtype)) for shape, dtype in result_types]


def scan(body, *, length, reverse=False, num_consts=0, num_carry=0, result_types=(), **_):
    def run(*args):
        consts, carry = args[:num_consts], list(args[num_consts:num_consts + num_carry])
        xs = args[num_consts + num_carry:]
        ys = _empty(result_types[num_carry:])
        for i in (range(length - 1, -1, -1) if reverse else range(length)):
            out = body(*consts, *carry, *[x[i] for x in xs])
            carry = out[:num_carry]
            for buf, y in zip(ys, out[num_carry:]):
                buf[i] = y
        for y in ys:
            y.flags.writeable = False
        return (*carry, *ys)
    return run


def while_(cond, body, *, cond_nconsts=0, body_nconsts=0, **_):
    def run(*args):
        cconsts = args[:cond_nconsts]
        bconsts = args[cond_nconsts:cond_nconsts + body_nconsts]
        carry = args[cond_nconsts + body_nconsts:]
        while cond(*cconsts, *carry)[0]:
            carry = body(*bconsts, *carry)
        return tuple(carry)
    return run


def cond(branches, **_):
    def run(index, *args):
        return branches[int(np.clip(index, 0, len(branches) - 1))](*args)
    return run
