"""Pytrees, as `jax.tree_util` spells them: tuples, lists, dicts, None, namedtuples and
registered classes are nodes; everything else is a leaf.

Built on optree (the C++ pytree library PyTorch uses): flattening sits on every jitted call's
path, so it must be fast, and optree already has JAX's semantics (None is an empty node,
dict keys sorted). Our registrations live in optree namespace "mlax".
"""
from __future__ import annotations

import functools

import optree

NAMESPACE = "mlax"
PyTreeDef = optree.PyTreeSpec


def tree_flatten(tree, is_leaf=None):
    return optree.tree_flatten(tree, is_leaf, namespace=NAMESPACE)


def tree_unflatten(treedef, leaves):
    return optree.tree_unflatten(treedef, leaves)


def tree_leaves(tree, is_leaf=None):
    return optree.tree_leaves(tree, is_leaf, namespace=NAMESPACE)


def tree_structure(tree, is_leaf=None):
    return optree.tree_structure(tree, is_leaf, namespace=NAMESPACE)


def tree_map(f, tree, *rest, is_leaf=None):
    return optree.tree_map(f, tree, *rest, is_leaf=is_leaf, namespace=NAMESPACE)


_MISSING = object()


def tree_reduce(function, tree, initializer=_MISSING, is_leaf=None):
    leaves = tree_leaves(tree, is_leaf)
    if initializer is _MISSING:
        return functools.reduce(function, leaves)
    return functools.reduce(function, leaves, initializer)


def tree_all(tree) -> bool:
    return all(tree_leaves(tree))


def register_pytree_node(nodetype, flatten_func, unflatten_func):
    """flatten_func(x) -> (children, aux_data); unflatten_func(aux_data, children) -> x."""
    optree.register_pytree_node(nodetype, flatten_func, unflatten_func, namespace=NAMESPACE)
    return nodetype


def register_pytree_node_class(cls):
    """Class decorator: cls.tree_flatten() and cls.tree_unflatten(aux, children)."""
    return register_pytree_node(cls, lambda x: x.tree_flatten(), cls.tree_unflatten)


def all_leaves(iterable) -> bool:
    return all(tree_structure(x).is_leaf() for x in iterable)


__all__ = ["PyTreeDef", "tree_flatten", "tree_unflatten", "tree_leaves", "tree_structure",
           "tree_map", "tree_reduce", "tree_all", "register_pytree_node",
           "register_pytree_node_class", "all_leaves"]
