// REQUIRES: triton
// mlax-translate verifies its input as mlax-opt does: IR that breaks the op rules (a result
// of the wrong shape, a slice out of bounds) is reported at each op's location, exit code
// 1, rather than written as kernels that read and write out of bounds.

func.func @main(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %e = "mlax.exp"(%x) : (tensor<4x8xf32>) -> tensor<4x16xf32>
  return %e : tensor<4x16xf32>
}

func.func @sliced(%x: tensor<8xf32>) -> tensor<6xf32> {
  %s = "mlax.slice"(%x) {start_indices = array<i64: 4>, limit_indices = array<i64: 10>, strides = array<i64: 1>} : (tensor<8xf32>) -> tensor<6xf32>
  return %s : tensor<6xf32>
}

// RUN: not %mlax-translate %s --triton-python 2>&1 | FileCheck %s --check-prefix=INVALID
// INVALID: {{.*}}translate-errors.mlir:7:8: error: 'mlax.exp' op result type tensor<4x16xf32> does not match the inferred type tensor<4x8xf32>
// INVALID-NEXT: {{^}}  %e = "mlax.exp"(%x) : (tensor<4x8xf32>) -> tensor<4x16xf32>
// INVALID-NEXT: {{^}}       ^
// INVALID: {{.*}}translate-errors.mlir:12:8: error: 'mlax.slice' op slice [4, 10) is out of bounds for dimension 0 of size 8
// INVALID-NOT: def
// INVALID-NOT: internal error
// RUN: %python -c "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], capture_output=True).returncode != 1)" %mlax-translate %s --triton-python

// Each failure a user can fix is one line saying `error:`, exit code 1 (Inputs/one_error.py):
// bytes that are not UTF-8 text,
// RUN: %python -c "import sys; sys.stdout.buffer.write(bytes([102, 10, 10, 32, 32, 200]))" > %t.bin
// RUN: %python %S/Inputs/one_error.py %mlax-translate %t.bin --triton-python 2>&1 | FileCheck %s --check-prefix=BYTES
// BYTES: {{.*}}.bin:3:3: error: invalid UTF-8 byte 0xc8: the input must be MLIR text
// an -o or a --cubin that cannot be written.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %python %S/Inputs/one_error.py %mlax-translate %S/Inputs/exp.mlir --triton-python -o %t.dir/missing/k.py 2>&1 | FileCheck %s --check-prefix=OUT
// OUT: mlax-translate: error: cannot write '{{.*}}missing/k.py': No such file or directory
// RUN: %python %S/Inputs/one_error.py %mlax-translate %S/Inputs/exp.mlir --cubin=%t.dir 2>&1 | FileCheck %s --check-prefix=CUBIN
// CUBIN: mlax-translate: error: cannot write '{{.*}}.dir': Is a directory
// A good input still translates.
// RUN: %mlax-translate %S/Inputs/exp.mlir --triton-python | FileCheck %s --check-prefix=GOOD
// GOOD: # kernel @main_elementwise0 (elementwise)
