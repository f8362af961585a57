// mlax-opt on inputs and options a user can get wrong: each failure is one line saying
// `error:` and its cause (at file:line:col where it has a place), exit code 1; never an
// internal error (exit code 2). Inputs/one_error.py checks the exit code and the one line.

func.func @id(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}

// Bytes that are not UTF-8 text: the place of the first bad byte, in a file or on stdin.
// RUN: %python -c "import sys; sys.stdout.buffer.write(b'module {' + bytes([10, 32, 255, 254, 10]))" > %t.bin
// RUN: %python %S/Inputs/one_error.py %mlax-opt %t.bin 2>&1 | FileCheck %s --check-prefix=BYTES
// BYTES: {{.*}}.bin:2:2: error: invalid UTF-8 byte 0xff: the input must be MLIR text
// RUN: %python %S/Inputs/one_error.py %mlax-opt - < %t.bin 2>&1 | FileCheck %s --check-prefix=STDIN
// STDIN: <stdin>:2:2: error: invalid UTF-8 byte 0xff

// An unbalanced --pass-pipeline, either way.
// RUN: %python %S/Inputs/one_error.py %mlax-opt %s --pass-pipeline='builtin.module(mlax-cse' 2>&1 | FileCheck %s --check-prefix=OPEN
// OPEN: mlax-opt: error: the pass pipeline 'builtin.module(mlax-cse' lacks a closing ')'
// RUN: %python %S/Inputs/one_error.py %mlax-opt %s --pass-pipeline='builtin.module(mlax-cse))' 2>&1 | FileCheck %s --check-prefix=CLOSE
// CLOSE: mlax-opt: error: unbalanced ')' at column 25 of the pass pipeline 'builtin.module(mlax-cse))'
// RUN: %python %S/Inputs/one_error.py %mlax-opt %s --pass-pipeline='builtin.module(mlax-fold{max-elements=4)}' 2>&1 | FileCheck %s --check-prefix=CROSSED
// CROSSED: mlax-opt: error: unbalanced ')' at column 40

// An -o that cannot be written: a missing folder, a folder.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %python %S/Inputs/one_error.py %mlax-opt %s -o %t.dir/missing/out.mlir 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: mlax-opt: error: cannot write '{{.*}}missing/out.mlir': No such file or directory
// RUN: %python %S/Inputs/one_error.py %mlax-opt %s -o %t.dir 2>&1 | FileCheck %s --check-prefix=ISDIR
// ISDIR: mlax-opt: error: cannot write '{{.*}}.dir': Is a directory

// A stray argument.
// RUN: %python %S/Inputs/one_error.py %mlax-opt %s stray 2>&1 | FileCheck %s --check-prefix=STRAY
// STRAY: mlax-opt: error: unexpected argument 'stray'

// Modules nested 2000 deep are walked without recursion: verified, run through passes
// and printed back.
// RUN: %python -c "print('module {' * 2000 + '}' * 2000)" > %t.nested.mlir
// RUN: %mlax-opt %t.nested.mlir --mlax-cse --mlax-dce --canonicalize | FileCheck %s --check-prefix=NESTED
// NESTED-COUNT-2000: module {
// NESTED-NOT: module
