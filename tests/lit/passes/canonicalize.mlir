// RUN: %mlax-opt %s --mlax-canonicalize --mlax-dce | FileCheck %s

// CHECK-LABEL: func.func @neutral
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]], %[[X]]
func.func @neutral(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %zero = "mlax.constant"() {value = dense<0.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %one = "mlax.constant"() {value = dense<1.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = "mlax.add"(%zero, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "mlax.mul"(%x, %one) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = "mlax.sub"(%x, %zero) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %3 = "mlax.div"(%x, %one) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// 0 - x is not x, nor is x * 0.
// CHECK-LABEL: func.func @not_neutral
// CHECK: "mlax.sub"
// CHECK: "mlax.mul"
func.func @not_neutral(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %zero = "mlax.constant"() {value = dense<0.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = "mlax.sub"(%zero, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "mlax.mul"(%x, %zero) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @shapes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[R:.*]] = "mlax.reshape"(%[[X]]) : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]], %[[R]]
func.func @shapes(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<6xf32>) {
  %0 = "mlax.transpose"(%x) {permutation = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "mlax.convert"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "mlax.reshape"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "mlax.reshape"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %4 = "mlax.reshape"(%3) : (tensor<3x2xf32>) -> tensor<6xf32>
  return %0, %1, %2, %4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<6xf32>
}

// CHECK-LABEL: func.func @involutions
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xi1>)
// CHECK-NEXT: return %[[X]], %[[B]]
func.func @involutions(%x: tensor<3xf32>, %b: tensor<3xi1>) -> (tensor<3xf32>, tensor<3xi1>) {
  %0 = "mlax.neg"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "mlax.neg"(%0) : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "mlax.not"(%b) : (tensor<3xi1>) -> tensor<3xi1>
  %3 = "mlax.not"(%2) : (tensor<3xi1>) -> tensor<3xi1>
  return %1, %3 : tensor<3xf32>, tensor<3xi1>
}

// CHECK-LABEL: func.func @select_constant
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>)
// CHECK-NEXT: return %[[Y]]
func.func @select_constant(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %f = "mlax.constant"() {value = dense<false> : tensor<i1>} : () -> tensor<i1>
  %0 = "mlax.select"(%f, %x, %y) : (tensor<i1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// A transposed product with its free dimensions swapped is the product of the swapped
// operands; batch dimensions stay first. One kept use, or another order, stays as is.
// CHECK-LABEL: func.func @transposed_product
// CHECK-SAME: (%[[G:.*]]: tensor<2x5x3xf32>, %[[H:.*]]: tensor<2x5x4xf32>)
// CHECK-NEXT: %[[P:.*]] = "mlax.dot_general"(%[[H]], %[[G]]) {lhs_batching_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x5x4xf32>, tensor<2x5x3xf32>) -> tensor<2x4x3xf32>
// CHECK-NEXT: %[[Q:.*]] = "mlax.dot_general"(%[[G]], %[[H]])
// CHECK-NEXT: %[[T:.*]] = "mlax.transpose"(%[[Q]]) {permutation = array<i64: 0, 2, 1>}
// CHECK-NEXT: %[[S:.*]] = "mlax.transpose"(%[[Q]]) {permutation = array<i64: 2, 1, 0>}
// CHECK-NEXT: return %[[P]], %[[T]], %[[S]]
func.func @transposed_product(%g: tensor<2x5x3xf32>, %h: tensor<2x5x4xf32>) -> (tensor<2x4x3xf32>, tensor<2x4x3xf32>, tensor<4x3x2xf32>) {
  %0 = "mlax.dot_general"(%g, %h) {lhs_batching_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x5x3xf32>, tensor<2x5x4xf32>) -> tensor<2x3x4xf32>
  %1 = "mlax.transpose"(%0) {permutation = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %2 = "mlax.dot_general"(%g, %h) {lhs_batching_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x5x3xf32>, tensor<2x5x4xf32>) -> tensor<2x3x4xf32>
  %3 = "mlax.transpose"(%2) {permutation = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %4 = "mlax.transpose"(%2) {permutation = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  return %1, %3, %4 : tensor<2x4x3xf32>, tensor<2x4x3xf32>, tensor<4x3x2xf32>
}
