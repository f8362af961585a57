"""The frameworks a workload runs under, and the few pytree helpers the harness needs.

A framework is anything with `name`, `np` (its numpy) and, where it has them, `lax`, `jit`,
`grad`, `vmap`: workloads are written once against that and run unchanged everywhere.
"""
import importlib

import numpy as np

# A framework lacking a piece (no grad yet, an unimplemented op) makes the
# workload "n/a" for it; any other exception is an error in the framework.
NA_ERRORS = (NotImplementedError, ImportError)


class JaxLike:
    """`jax` or `mlax`, imported piece by piece on first use, so that a missing piece fails
    only the workloads that use it, at run time, where the harness records why."""

    def __init__(self, name):
        self.name = name

    @property
    def np(self):
        return importlib.import_module(f"{self.name}.numpy")

    @property
    def lax(self):
        return importlib.import_module(f"{self.name}.lax")

    def __getattr__(self, attr):  # jit, grad, vmap
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(importlib.import_module(self.name), attr)


class NumPy:
    """Plain numpy: eager only, so jit is the identity; it has no grad, vmap or lax."""

    name = "numpy"
    np = np

    @staticmethod
    def jit(f):
        return f


FRAMEWORKS = {"mlax": JaxLike("mlax"), "jax": JaxLike("jax"), "numpy": NumPy()}


def leaves(tree):
    """The arrays of a nest of lists and tuples (all the pytrees the workloads use)."""
    if isinstance(tree, (list, tuple)):
        return [leaf for sub in tree for leaf in leaves(sub)]
    return [tree]


def tree_map(f, tree):
    if isinstance(tree, (list, tuple)):
        return type(tree)(tree_map(f, sub) for sub in tree)
    return f(tree)


def block(tree):
    """Wait for every array of `tree` (jax and mlax dispatch asynchronously); numpy results
    and compiled executables have nothing to wait for."""
    for leaf in leaves(tree):
        if hasattr(leaf, "block_until_ready"):
            leaf.block_until_ready()
    return tree
