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

// Calls are not mlax ops: they stay, and so do the ops feeding them.
// CHECK-LABEL: func.func @calls
// CHECK: "mlax.neg"
// CHECK-NEXT: call @dead_chain
func.func @calls(%x: tensor<4xf32>) {
  %0 = "mlax.neg"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = call @dead_chain(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// Upstream ops are left to upstream passes.
// CHECK-LABEL: func.func @upstream
// CHECK: arith.constant
func.func @upstream() {
  %c = arith.constant 1 : i32
  return
}
