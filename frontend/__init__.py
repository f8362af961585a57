"""mlax: JAX's programming model as an MLIR compiler."""
__version__ = "0.1.0"
