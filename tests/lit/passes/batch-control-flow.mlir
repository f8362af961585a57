// RUN: %mlax-opt %s --mlax-batch | FileCheck %s
// RUN: %mlax-opt %s --mlax-batch | %mlax-opt --mlax-verify | FileCheck %s --check-prefix=VERIFIED
// VERIFIED-NOT: mlax.vmap =

// A loop batches by batching its body: a new scan over a vmap of the body (expanded in the
// same pass), with the carry batched and the unbatched scanned values left alone.
// CHECK-LABEL: func.func private @vf
// CHECK: %[[H:.*]] = "mlax.broadcast_in_dim"{{.*}} -> tensor<4xf32>
// CHECK: call @[[SCAN:.*]](%arg0, %[[H]], %arg1) : (tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> (tensor<4xf32>, tensor<3x4xf32>)
// CHECK: func.func private @[[BODY:body_vmap]](%{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xf32>, %{{.*}}: tensor<f32>) -> (tensor<4xf32>, tensor<4xf32>) {
// CHECK: "mlax.mul"{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: func.func private @[[SCAN]]({{.*}}) attributes {mlax.scan = {body = @[[BODY]], length = 3 : i64, num_carry = 1 : i64, num_consts = 1 : i64, reverse = false}}
func.func private @body(%w: tensor<f32>, %h: tensor<f32>, %x: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %0 = "mlax.mul"(%w, %h) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %1 = "mlax.add"(%0, %x) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %1, %h : tensor<f32>, tensor<f32>
}
func.func private @loop(tensor<f32>, tensor<f32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) attributes {mlax.scan = {body = @body, length = 3 : i64, num_carry = 1 : i64, num_consts = 1 : i64, reverse = false}}
func.func private @f(%w: tensor<f32>, %xs: tensor<3xf32>) -> tensor<f32> {
  %h0 = "mlax.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %0:2 = func.call @loop(%w, %h0, %xs) : (tensor<f32>, tensor<f32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %0#0 : tensor<f32>
}
func.func private @vf(tensor<4xf32>, tensor<3xf32>) -> tensor<4xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @f, in_axes = [0, unit], out_axes = [0]}}
