// RUN: %mlax-opt %s --split-input-file --verify-diagnostics --mlax-autodiff

func.func private @f(%x: tensor<3xf32>, %i: tensor<2x1xi32>, %u: tensor<2xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mlax.scatter_mul' has no reverse-mode (vjp/grad) derivative rule}}
  %0 = "mlax.scatter_mul"(%x, %i, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64>} : (tensor<3xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<3xf32>
  %1 = "mlax.reduce_sum"(%0) {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
func.func private @df(tensor<3xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<3xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @f, has_aux = false}}

// -----

func.func private @g(%x: tensor<3xf32>, %i: tensor<2x1xi32>, %u: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'mlax.scatter_max' has no forward-mode (jvp) derivative rule}}
  %0 = "mlax.scatter_max"(%x, %i, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64>} : (tensor<3xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
func.func private @jg(tensor<3xf32>, tensor<2x1xi32>, tensor<2xf32>, tensor<3xf32>, tensor<2x1xi32>, tensor<2xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @g}}

// -----

// A transform whose callee reaches the transform itself.
func.func private @h(%x: tensor<f32>) -> tensor<f32> {
  %0 = func.call @dh(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{its transform reaches itself}}
func.func private @dh(tensor<f32>) -> tensor<f32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @h, has_aux = false}}

// -----

// Integer values need no rules: argmax and the comparison are not differentiated.
func.func private @k(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = "mlax.argmax"(%x) {axis = 0 : i64} : (tensor<3xf32>) -> tensor<i32>
  %1 = "mlax.convert"(%0) : (tensor<i32>) -> tensor<f32>
  %2 = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  %3 = "mlax.mul"(%1, %2) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %3 : tensor<f32>
}
func.func private @dk(tensor<3xf32>) -> tensor<3xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @k, has_aux = false}}
