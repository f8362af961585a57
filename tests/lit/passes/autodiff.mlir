// RUN: %mlax-opt %s --mlax-autodiff --mlax-canonicalize --mlax-cse --mlax-dce | FileCheck %s
// RUN: %mlax-opt %s --mlax-autodiff | %mlax-opt --mlax-verify | FileCheck %s --check-prefix=VERIFIED

// The expanded declarations are verified functions without their transform attribute.
// VERIFIED-NOT: mlax.grad =
// VERIFIED-NOT: mlax.jvp =
// VERIFIED-NOT: mlax.vjp =

// x * sin(x): the gradient is sin(x) + x * cos(x), reusing the primal's sin.
func.func private @f(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = "mlax.sin"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "mlax.mul"(%x, %0) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = "mlax.reduce_sum"(%1) {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
// CHECK-LABEL: func.func private @df
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[S:.*]] = "mlax.sin"(%[[X]])
// CHECK-NEXT: %[[C:.*]] = "mlax.cos"(%[[X]])
// CHECK-NEXT: %[[XC:.*]] = "mlax.mul"(%[[X]], %[[C]])
// CHECK-NEXT: %[[G:.*]] = "mlax.add"(%[[S]], %[[XC]])
// CHECK-NEXT: return %[[G]]
func.func private @df(tensor<3xf32>) -> tensor<3xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @f, has_aux = false}}

// A matmul chain: x @ w1 @ w2, differentiated with respect to w1 only.
func.func private @chain(%x: tensor<4x3xf32>, %w1: tensor<3x5xf32>, %w2: tensor<5x2xf32>) -> tensor<f32> {
  %0 = "mlax.dot_general"(%x, %w1) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %1 = "mlax.dot_general"(%0, %w2) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<4x5xf32>, tensor<5x2xf32>) -> tensor<4x2xf32>
  %2 = "mlax.reduce_sum"(%1) {axes = array<i64: 0, 1>} : (tensor<4x2xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
// Two products, no forward recomputation of the unused x @ w1 (dead primal code is gone);
// the transpose rule's transpose(gy^T x) is canonicalized to x^T gy.
// CHECK-LABEL: func.func private @dchain
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %{{.*}}: tensor<3x5xf32>, %[[W2:.*]]: tensor<5x2xf32>)
// CHECK-NOT: "mlax.dot_general"(%[[X]], %{{.*}}) {{.*}} -> tensor<4x5xf32>
// CHECK: %[[GY:.*]] = "mlax.dot_general"(%{{.*}}, %[[W2]]) {{.*}} -> tensor<4x5xf32>
// CHECK-NEXT: %[[G:.*]] = "mlax.dot_general"(%[[X]], %[[GY]]) {{.*}} -> tensor<3x5xf32>
// CHECK-NEXT: return %[[G]] : tensor<3x5xf32>
func.func private @dchain(tensor<4x3xf32>, tensor<3x5xf32>, tensor<5x2xf32>) -> tensor<3x5xf32> attributes {mlax.grad = {argnums = array<i64: 1>, callee = @chain, has_aux = false}}

// Forward mode of a row softmax's first element.
func.func private @softmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "mlax.reduce_max"(%x) {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %1 = "mlax.stop_gradient"(%0) : (tensor<2xf32>) -> tensor<2xf32>
  %2 = "mlax.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x3xf32>
  %3 = "mlax.sub"(%x, %2) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = "mlax.exp"(%3) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = "mlax.reduce_sum"(%4) {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %6 = "mlax.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x3xf32>
  %7 = "mlax.div"(%4, %6) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %7 : tensor<2x3xf32>
}
// Forward mode: one exp and one sum of the primal, reused by the tangent; no tangent through
// the stop_gradient'ed max.
// CHECK-LABEL: func.func private @jsoftmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[T:.*]]: tensor<2x3xf32>)
// CHECK-COUNT-1: "mlax.reduce_max"
// CHECK: %[[E:.*]] = "mlax.exp"
// CHECK: "mlax.mul"(%[[T]], %[[E]])
// CHECK-NOT: "mlax.exp"
// CHECK: return
func.func private @jsoftmax(tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) attributes {mlax.jvp = {callee = @softmax}}
// Reverse mode: the cotangent is summed over rows and multiplied by the saved exp.
// CHECK-LABEL: func.func private @vsoftmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[CT:.*]]: tensor<2x3xf32>)
// CHECK: %[[E:.*]] = "mlax.exp"
// CHECK-NOT: "mlax.exp"
// CHECK: "mlax.reduce_sum"({{.*}}) {axes = array<i64: 1>}
// CHECK: %[[G:.*]] = "mlax.mul"(%{{.*}}, %[[E]])
// CHECK: return %{{.*}}, %[[G]]
func.func private @vsoftmax(tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) attributes {mlax.vjp = {callee = @softmax}}
