"""`mlax.errors`: JAX's error classes in JAX's hierarchy, so that `except
jax.errors.X` code ports unchanged and each error is also the builtin JAX derives it from.

    JAXTypeError(TypeError)      ConcretizationTypeError -> TracerBoolConversionError
                                 TracerArrayConversionError, TracerIntegerConversionError,
                                 UnexpectedTracerError, KeyReuseError
    JAXIndexError(IndexError)    NonConcreteBooleanIndexError
    JaxRuntimeError(RuntimeError)

Messages are mlax's own: they name the user's line, the traced value and why it is traced.
"""
from __future__ import annotations


class MlaxError(Exception):
    """Base of the frontend's own errors."""


class JAXTypeError(MlaxError, TypeError):
    """A TypeError particular to tracing (JAX's `jax.errors.JAXTypeError`)."""


class JAXIndexError(MlaxError, IndexError):
    """An IndexError particular to tracing."""


class ConcretizationTypeError(JAXTypeError):
    """A traced value was used where Python needs a concrete one."""


class TracerBoolConversionError(ConcretizationTypeError):
    """A traced value was converted to a Python bool (`if x:`, `while x:`, `and`/`or`)."""


class TracerArrayConversionError(JAXTypeError):
    """A traced value was converted to a numpy array (`np.asarray(x)`, a numpy function)."""


class TracerIntegerConversionError(JAXTypeError):
    """A traced integer was used as a Python index or size (`__index__`)."""


class NonConcreteBooleanIndexError(JAXIndexError):
    """A boolean mask whose value is traced was used as an index: the result's shape would
    depend on the data."""


class UnexpectedTracerError(JAXTypeError):
    """A tracer escaped the function being traced and was used after its trace ended."""


class KeyReuseError(JAXTypeError):
    """A PRNG key was reused (JAX raises it under `jax_debug_key_reuse` only)."""


class JaxRuntimeError(MlaxError, RuntimeError):
    """A computation failed while running."""


__all__ = ["JAXTypeError", "JAXIndexError", "ConcretizationTypeError",
           "NonConcreteBooleanIndexError", "TracerArrayConversionError",
           "TracerBoolConversionError", "TracerIntegerConversionError",
           "UnexpectedTracerError", "KeyReuseError", "JaxRuntimeError"]
