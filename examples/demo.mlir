// A small mlax program, as the frontend will trace it: the seed's linear model
// f(params, x) = params[0] * x + params[1] and its squared-error loss, written with a
// few redundancies that the simplification passes remove.
//
//   mlax-opt examples/demo.mlir --mlax-canonicalize --mlax-cse --mlax-fold --mlax-dce

func.func @loss(%params: tensor<2xf32>, %x: tensor<5xf32>, %y: tensor<5xf32>) -> tensor<f32> {
  %w = "mlax.slice"(%params) {start_indices = array<i64: 0>, limit_indices = array<i64: 1>, strides = array<i64: 1>} : (tensor<2xf32>) -> tensor<1xf32>
  %b = "mlax.slice"(%params) {start_indices = array<i64: 1>, limit_indices = array<i64: 2>, strides = array<i64: 1>} : (tensor<2xf32>) -> tensor<1xf32>
  %w0 = "mlax.reshape"(%w) : (tensor<1xf32>) -> tensor<f32>
  %b0 = "mlax.reshape"(%b) : (tensor<1xf32>) -> tensor<f32>
  %wx = "mlax.broadcast_in_dim"(%w0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<5xf32>
  %bx = "mlax.broadcast_in_dim"(%b0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<5xf32>
  %0 = "mlax.mul"(%wx, %x) : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %pred = "mlax.add"(%0, %bx) : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  // The residual, computed twice (CSE merges the copies).
  %r1 = "mlax.sub"(%y, %pred) : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %r2 = "mlax.sub"(%y, %pred) : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %sq = "mlax.mul"(%r1, %r2) : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  // 1 / 5 from constants (folded), an identity transpose (canonicalized away).
  %n = "mlax.constant"() {value = dense<5.0> : tensor<f32>} : () -> tensor<f32>
  %one = "mlax.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %inv = "mlax.div"(%one, %n) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %t = "mlax.transpose"(%sq) {permutation = array<i64: 0>} : (tensor<5xf32>) -> tensor<5xf32>
  %s = "mlax.reduce_sum"(%t) {axes = array<i64: 0>} : (tensor<5xf32>) -> tensor<f32>
  %mean = "mlax.mul"(%s, %inv) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  // Dead code: never used.
  %dead = "mlax.exp"(%x) : (tensor<5xf32>) -> tensor<5xf32>
  return %mean : tensor<f32>
}

// Its gradient with respect to params, as `mlax.grad(loss)` traces: a declaration that the
// autodiff pass gives a body (not yet implemented: see README).
func.func private @loss_grad(tensor<2xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<2xf32> attributes {mlax.grad = {callee = @loss, argnums = array<i64: 0>, has_aux = false}}
