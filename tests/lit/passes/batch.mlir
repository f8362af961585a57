// RUN: %mlax-opt %s --mlax-batch --mlax-canonicalize --mlax-dce | FileCheck %s
// RUN: %mlax-opt %s --mlax-batch | %mlax-opt --mlax-verify | FileCheck %s --check-prefix=VERIFIED
// VERIFIED-NOT: mlax.vmap =

// Lanes on axis 1 of x stay there: sin and the reduction over axis 0 (not the batch axis)
// are rewritten in place, with no transpose; the unbatched y is reduced once, then broadcast.
// CHECK-LABEL: func.func private @vf
// CHECK-SAME: (%[[X:.*]]: tensor<3x5xf32>, %[[Y:.*]]: tensor<3x4xf32>)
// CHECK-NOT: "mlax.transpose"
// CHECK: %[[S:.*]] = "mlax.sin"(%[[X]]) : (tensor<3x5xf32>) -> tensor<3x5xf32>
// CHECK: "mlax.dot_general"(%[[S]], %[[Y]]) {{.*}} -> tensor<5x4xf32>
// CHECK: "mlax.reduce_sum"(%[[Y]]) {axes = array<i64: 0>} : (tensor<3x4xf32>) -> tensor<4xf32>
// CHECK: "mlax.broadcast_in_dim"{{.*}} -> tensor<5x4xf32>
// CHECK: "mlax.reduce_sum"(%[[S]]) {axes = array<i64: 0>} : (tensor<3x5xf32>) -> tensor<5xf32>
// CHECK-NOT: "mlax.transpose"
// CHECK: return
func.func private @f(%x: tensor<3xf32>, %y: tensor<3x4xf32>) -> (tensor<4xf32>, tensor<f32>) {
  %0 = "mlax.sin"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "mlax.dot_general"(%0, %y) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 0>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  %2 = "mlax.reduce_sum"(%y) {axes = array<i64: 0>} : (tensor<3x4xf32>) -> tensor<4xf32>
  %3 = "mlax.add"(%1, %2) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = "mlax.reduce_sum"(%0) {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %3, %4 : tensor<4xf32>, tensor<f32>
}
func.func private @vf(tensor<3x5xf32>, tensor<3x4xf32>) -> (tensor<5x4xf32>, tensor<5xf32>) attributes {mlax.vmap = {axis_size = 5 : i64, callee = @f, in_axes = [1, unit], out_axes = [0, 0]}}

// Both operands batched: the lanes become a dot_general batching dimension, first in the
// result; moving them to out_axes 1 is the one transpose.
// CHECK-LABEL: func.func private @vmm
// CHECK: "mlax.dot_general"{{.*}}lhs_batching_dimensions = array<i64: 0>{{.*}}rhs_batching_dimensions = array<i64: 2>{{.*}} -> tensor<6x2x4xf32>
// CHECK: "mlax.transpose"{{.*}}permutation = array<i64: 1, 0, 2>
func.func private @mm(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
func.func private @vmm(tensor<6x2x3xf32>, tensor<3x4x6xf32>) -> tensor<2x6x4xf32> attributes {mlax.vmap = {axis_size = 6 : i64, callee = @mm, in_axes = [0, 2], out_axes = [1]}}
