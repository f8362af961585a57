// A splat constant far larger than memory (3.5 PiB) is one value in the IR: the verifier
// and the passes check and print it without materializing its elements.
// RUN: %mlax-opt %s --split-input-file --verify-diagnostics --mlax-canonicalize --mlax-fold --mlax-cse --mlax-dce | FileCheck %s

// CHECK-LABEL: func.func @huge
// CHECK: "mlax.constant"() {value = dense<2.000000e+00> : tensor<100000x100000x100000xf32>}
func.func @huge() -> tensor<100000x100000x100000xf32> {
  %c = "mlax.constant"() {value = dense<2.0> : tensor<100000x100000x100000xf32>} : () -> tensor<100000x100000x100000xf32>
  return %c : tensor<100000x100000x100000xf32>
}

// -----

// Its type is still checked against its result's.
func.func @mistyped() -> tensor<100000x100000x100001xf32> {
  // expected-error @+1 {{'mlax.constant' op result type tensor<100000x100000x100001xf32> does not match the inferred type tensor<100000x100000x100000xf32>}}
  %c = "mlax.constant"() {value = dense<2.0> : tensor<100000x100000x100000xf32>} : () -> tensor<100000x100000x100001xf32>
  return %c : tensor<100000x100000x100001xf32>
}
