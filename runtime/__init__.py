"""Running compiled programs, without MLIR: executables (plain data), the CPU backend and
its kernel table."""
