"""Control flow: the `scan`, `while` and `cond` steps, looping in Python over their compiled
body functions (lax semantics: scan stacks per-step outputs along a new leading axis,
reverse scans fill it from the end; cond clamps its branch index). The buffers are numpy
arrays, or a device's (`empty` makes them): a while's predicate and a cond's index are read
back to the host each time, as XLA's GPU backend does."""
from __future__ import annotations

import numpy as np

from .kernels import _np_dtype


def host_empty(shape, dtype):
    return np.empty(shape, _np_dtype(dtype))


def scan(body, *, length, reverse=False, num_consts=0, num_carry=0, result_types=(),
         empty=host_empty, **_):
    def run(*args):
        consts, carry = args[:num_consts], list(args[num_consts:num_consts + num_carry])
        xs = args[num_consts + num_carry:]
        ys = [empty(shape, dtype) for shape, dtype in result_types[num_carry:]]
        for i in (range(length - 1, -1, -1) if reverse else range(length)):
            out = body(*consts, *carry, *[x[i] for x in xs])
            carry = out[:num_carry]
            for buf, y in zip(ys, out[num_carry:]):
                buf[i] = y
        for y in ys:
            if isinstance(y, np.ndarray):
                y.flags.writeable = False
        return (*carry, *ys)
    return run


def while_(cond, body, *, cond_nconsts=0, body_nconsts=0, **_):
    def run(*args):
        cconsts = args[:cond_nconsts]
        bconsts = args[cond_nconsts:cond_nconsts + body_nconsts]
        carry = args[cond_nconsts + body_nconsts:]
        while bool(cond(*cconsts, *carry)[0]):
            carry = body(*bconsts, *carry)
        return tuple(carry)
    return run


def cond(branches, **_):
    def run(index, *args):
        return branches[min(max(int(index), 0), len(branches) - 1)](*args)
    return run
