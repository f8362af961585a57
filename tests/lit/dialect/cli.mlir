// mlax-opt's command line, on the two functions below (@cse has a duplicate and a dead op).
// The RUN lines follow them, so that their line numbers stay put.

func.func @cse(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "mlax.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "mlax.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "mlax.neg"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %3 = "mlax.add"(%0, %1) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %3 : tensor<3xf32>
}

// -----

func.func @other(%x: tensor<2xi32>) -> tensor<2xi32> {
  return %x : tensor<2xi32>
}

// --list-passes: every registered pass, with its options.
// RUN: %mlax-opt --list-passes | FileCheck %s --check-prefix=LIST
// LIST: mlax passes:
// LIST-NEXT: --mlax-autodiff {{.*}}Expand jvp, vjp and grad declarations
// LIST-NEXT: --mlax-batch {{.*}}Expand vmap declarations
// LIST-NEXT: --mlax-canonicalize {{.*}}
// LIST-NEXT: --mlax-cse {{.*}}Merge identical mlax ops
// LIST-NEXT: --mlax-dce {{.*}}Erase mlax ops whose results are all unused
// LIST-NEXT: --mlax-fold {{.*}}Evaluate mlax ops whose operands are all constants
// LIST-NEXT: max-elements=int (default 65536)
// LIST-NEXT: --mlax-fuse {{.*}}Outline the GPU backend's kernels
// LIST-NEXT: --mlax-inline {{.*}}Inline every call
// LIST-NEXT: --mlax-native-to-linalg {{.*}}Replace the module by its mlax.native functions
// LIST-NEXT: --mlax-outline-native {{.*}}Move runs of ops that compile natively
// LIST-NEXT: --mlax-transforms {{.*}}Expand every transform declaration
// LIST-NEXT: --mlax-verify {{.*}}Check every mlax op against the op table's rules
// LIST-NEXT: Upstream MLIR passes run by name

// No pass: the input printed back.
// RUN: %mlax-opt %s | FileCheck %s --check-prefix=NONE
// NONE-LABEL: func.func @cse
// NONE-COUNT-2: "mlax.exp"
// NONE: "mlax.neg"
// NONE-LABEL: func.func @other

// A textual pipeline, and the same passes as flags.
// RUN: %mlax-opt %s --pass-pipeline='builtin.module(mlax-cse,mlax-dce)' | FileCheck %s --check-prefix=PIPE
// RUN: %mlax-opt %s --mlax-cse --mlax-dce | FileCheck %s --check-prefix=PIPE
// RUN: %mlax-opt %s --pass-pipeline='builtin.module(mlax-cse)' --mlax-dce | FileCheck %s --check-prefix=PIPE
// PIPE-LABEL: func.func @cse
// PIPE-SAME: (%[[X:.*]]: tensor<3xf32>)
// PIPE-NEXT: %[[E:.*]] = "mlax.exp"(%[[X]]) : (tensor<3xf32>) -> tensor<3xf32>
// PIPE-NEXT: %[[S:.*]] = "mlax.add"(%[[E]], %[[E]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// PIPE-NEXT: return %[[S]] : tensor<3xf32>
// PIPE-LABEL: func.func @other

// Passes only run at the top level of the pipeline.
// RUN: not %mlax-opt %s --pass-pipeline='builtin.module(func.func(mlax-dce))' 2>&1 | FileCheck %s --check-prefix=NESTED
// NESTED: mlax-opt: error: 'func.func(mlax-dce)': mlax passes run on the whole module; put them at the top level of the pipeline

// --print-ir-after-all / --print-ir-before-all dump the module around each pass, on stderr.
// RUN: %mlax-opt %s --mlax-cse --mlax-dce --print-ir-after-all 2>&1 >/dev/null | FileCheck %s --check-prefix=AFTER
// AFTER: // -----// IR Dump After mlax-cse (mlax-cse) //----- //
// AFTER-NEXT: module {
// AFTER: "mlax.neg"
// AFTER: // -----// IR Dump After mlax-dce (mlax-dce) //----- //
// AFTER-NEXT: module {
// AFTER-NOT: "mlax.neg"
// AFTER-NOT: IR Dump
// RUN: %mlax-opt %s --mlax-cse --mlax-dce --print-ir-before-all 2>&1 | FileCheck %s --check-prefix=BEFORE
// BEFORE: // -----// IR Dump Before mlax-cse (mlax-cse) //----- //
// BEFORE-NEXT: module {
// BEFORE-COUNT-2: "mlax.exp"
// BEFORE: // -----// IR Dump Before mlax-dce (mlax-dce) //----- //
// BEFORE-NEXT: module {
// BEFORE: "mlax.neg"
// BEFORE-NOT: IR Dump
// The result, on stdout, after the dumps.
// BEFORE: module {
// BEFORE-NOT: "mlax.neg"
// No dumps without the flags.
// RUN: %mlax-opt %s --mlax-cse 2>&1 | FileCheck %s --check-prefix=NODUMP
// NODUMP-NOT: IR Dump

// --mlir-print-debuginfo: locations in this file (@cse is on line 4).
// RUN: %mlax-opt %s --mlir-print-debuginfo | FileCheck %s --check-prefix=DEBUG
// DEBUG: func.func @cse(%arg0: tensor<3xf32> loc("{{.*}}cli.mlir":4:16))
// DEBUG: "mlax.exp"(%arg0) : (tensor<3xf32>) -> tensor<3xf32> loc([[LOC:#loc[0-9]*]])
// DEBUG: [[LOC]] = loc("{{.*}}cli.mlir":5:8)
// RUN: %mlax-opt %s | FileCheck %s --check-prefix=NODEBUG
// NODEBUG-NOT: loc(

// -o writes the output to a file.
// RUN: %mlax-opt %s --mlax-cse -o %t
// RUN: FileCheck %s --check-prefix=OUT < %t
// OUT-LABEL: func.func @cse
// OUT-COUNT-1: "mlax.exp"
// OUT-NOT: "mlax.exp"
// OUT: "mlax.neg"

// The input from stdin, as `-` or by default.
// RUN: cat %s | %mlax-opt - --mlax-cse --mlax-dce | FileCheck %s --check-prefix=PIPE
// RUN: %mlax-opt --mlax-cse --mlax-dce < %s | FileCheck %s --check-prefix=PIPE
// Diagnostics then name <stdin>.
// RUN: not %mlax-opt - < %S/Inputs/malformed.mlir 2>&1 | FileCheck %s --check-prefix=STDIN
// STDIN: <stdin>:4:21: error: expected ')' to end operand list

// An unknown pass.
// RUN: not %mlax-opt %s --no-such-pass 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not %mlax-opt %s --pass-pipeline='builtin.module(no-such-pass)' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: mlax-opt: error: unknown pass or bad pipeline element 'no-such-pass'
// UNKNOWN-SAME: 'no-such-pass' does not refer to a registered pass or pass pipeline
// UNKNOWN-NOT: module

// Pass options: a good one, an unknown one, a bad value.
// RUN: %mlax-opt %s --mlax-fold=max-elements=4 | FileCheck %s --check-prefix=NONE
// RUN: not %mlax-opt %s --mlax-fold=nope=1 2>&1 | FileCheck %s --check-prefix=BADOPT
// BADOPT: mlax-opt: error: pass 'mlax-fold' has no option 'nope' (options: max-elements)
// BADOPT-NOT: module
// RUN: not %mlax-opt %s --mlax-fold=max-elements=abc 2>&1 | FileCheck %s --check-prefix=BADVALUE
// BADVALUE: mlax-opt: error: option 'max-elements' of pass 'mlax-fold' needs a value of type int, got 'abc'
// RUN: not %mlax-opt %s --pass-pipeline='builtin.module(mlax-fold{nope=1})' 2>&1 | FileCheck %s --check-prefix=BADOPT

// Malformed input: file:line:col: error: on stderr, the line and a caret, exit code 1
// (`not` accepts any failure; the absence of "internal error" rules out exit code 2).
// RUN: not %mlax-opt %S/Inputs/malformed.mlir 2>&1 | FileCheck %s --check-prefix=MALFORMED
// MALFORMED: {{.*}}malformed.mlir:4:21: error: expected ')' to end operand list
// MALFORMED-NEXT: {{^}}  %1 = "mlax.exp"(%0 : (tensor<3xf32>) -> tensor<3xf32>
// MALFORMED-NEXT: {{^}}                    ^
// MALFORMED-NOT: internal error
// MALFORMED-NOT: module
// The exit code is exactly 1:
// RUN: %python -c "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], capture_output=True).returncode != 1)" %mlax-opt %S/Inputs/malformed.mlir

// Well-formed input that breaks op rules: every error is reported, exit code 1.
// RUN: not %mlax-opt %S/Inputs/invalid.mlir 2>&1 | FileCheck %s --check-prefix=INVALID
// INVALID: {{.*}}invalid.mlir:3:8: error: 'mlax.add' op operands must have the same type, got tensor<3xf32> and tensor<3xi32>
// INVALID: {{.*}}invalid.mlir:4:8: error: 'mlax.exp' op operand must have a floating-point element type, got tensor<3xi32>
// INVALID-NOT: internal error
// RUN: %python -c "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], capture_output=True).returncode != 1)" %mlax-opt %S/Inputs/invalid.mlir
// With --verify-diagnostics, diagnostics no `expected-error` announces are failures.
// RUN: not %mlax-opt %S/Inputs/invalid.mlir --verify-diagnostics 2>&1 | FileCheck %s --check-prefix=UNEXPECTED
// UNEXPECTED: {{.*}}invalid.mlir:3:8: error: unexpected error: 'mlax.add' op operands must have the same type
// UNEXPECTED: {{.*}}invalid.mlir:4:8: error: unexpected error: 'mlax.exp' op operand must have a floating-point element type

// A missing input file.
// RUN: not %mlax-opt %t.does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: mlax-opt: error: cannot read '{{.*}}does-not-exist.mlir': No such file or directory

// --split-input-file: each chunk on its own, outputs joined by the marker.
// RUN: %mlax-opt %s --split-input-file | FileCheck %s --check-prefix=SPLIT
// SPLIT: module {
// SPLIT: func.func @cse
// SPLIT: {{^}}}
// SPLIT-NEXT: {{^}}// -----
// SPLIT-NEXT: module {
// SPLIT-NEXT: func.func @other
