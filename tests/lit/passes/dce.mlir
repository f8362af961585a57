// RUN: %mlax-opt %s --mlax-dce | FileCheck %s

// Dead chains go in one run, users before their operands; live ops and non-mlax ops stay.
// CHECK-LABEL: func.func @dead_chain
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[E:.*]] = "mlax.exp"(%[[X]])
// CHECK-NEXT: return %[[E]]
func.func @dead_chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "mlax.sin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "mlax.mul"(%0, %0) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "mlax.reduce_sum"(%1) {axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  %3 = "mlax.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %3 : tensor<4xf32>
}

// A multi-result op is live while any result is used.
// CHECK-LABEL: func.func @multi_result
// CHECK: "mlax.sort"
func.func @multi_result(%x: tensor<4xf32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0:2 = "mlax.sort"(%x, %y) {dimension = 0 : i64, is_stable = true, num_keys = 1 : i64} : (tensor<4xf32>, tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>)
  return %0#1 : tensor<4xi32>
}

// Upstream ops are left to upstream passes.
// CHECK-LABEL: func.func @upstream
// CHECK: arith.constant
func.func @upstream() {
  %c = arith.constant 1 : i32
  return
}
