// RUN: %mlax-opt %s --mlax-cse | FileCheck %s

// CHECK-LABEL: func.func @same
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[A:.*]] = "mlax.add"(%[[X]], %[[Y]])
// CHECK-NEXT: %[[M:.*]] = "mlax.mul"(%[[A]], %[[A]])
// CHECK-NEXT: return %[[M]]
func.func @same(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "mlax.add"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "mlax.add"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "mlax.mul"(%0, %1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// Different attributes, operand order or result types keep ops apart.
// CHECK-LABEL: func.func @different
// CHECK-COUNT-2: "mlax.reduce_sum"
// CHECK-COUNT-2: "mlax.sub"
// CHECK-COUNT-2: "mlax.convert"
func.func @different(%x: tensor<2x2xf32>, %y: tensor<2x2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf64>, tensor<2x2xi32>) {
  %0 = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<2x2xf32>) -> tensor<2xf32>
  %1 = "mlax.reduce_sum"(%x) {axes = array<i64: 1>} : (tensor<2x2xf32>) -> tensor<2xf32>
  %2 = "mlax.sub"(%x, %y) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %3 = "mlax.sub"(%y, %x) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %4 = "mlax.convert"(%x) : (tensor<2x2xf32>) -> tensor<2x2xf64>
  %5 = "mlax.convert"(%x) : (tensor<2x2xf32>) -> tensor<2x2xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf64>, tensor<2x2xi32>
}

// Identical constants merge too.
// CHECK-LABEL: func.func @constants
// CHECK-COUNT-1: "mlax.constant"
// CHECK-NOT: "mlax.constant"
func.func @constants() -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = "mlax.constant"() {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %1 = "mlax.constant"() {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}
