// Upstream mlir-opt, given the IRDL definition of the dialect, parses and verifies what
// mlax-opt prints (IRDL checks operand/result counts, tensor types and attribute kinds);
// and mlax-opt reads back what mlir-opt prints.
// REQUIRES: mlir-opt
// RUN: %mlax-opt %s | %mlir-opt --irdl-file=%irdl | FileCheck %s
// RUN: %mlax-opt %s --mlir-print-op-generic | %mlir-opt --irdl-file=%irdl | FileCheck %s
// RUN: %mlax-opt %s | %mlir-opt --irdl-file=%irdl | %mlax-opt | FileCheck %s

// Elementwise ops, attributes of each kind (I64, Bool, Str, I64s, Elements) and
// result-type parameters (shape, dtype).
// CHECK-LABEL: func.func @sample(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<i32>) -> (tensor<3x2xi32>, tensor<2x3xi1>, tensor<2xf32>, tensor<2x3xf32>, tensor<2x2xf32>)
// CHECK-NEXT: %[[ADD:.*]] = "mlax.add"(%[[X]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[EXP:.*]] = "mlax.exp"(%[[ADD]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[CMP:.*]] = "mlax.compare"(%[[EXP]], %[[Y]]) {comparison_direction = "GE"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[TR:.*]] = "mlax.transpose"(%[[EXP]]) {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %[[CVT:.*]] = "mlax.convert"(%[[TR]]) : (tensor<3x2xf32>) -> tensor<3x2xi32>
// CHECK-NEXT: %[[SUM:.*]] = "mlax.reduce_sum"(%[[X]]) {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
// CHECK-NEXT: %[[CS:.*]] = "mlax.cumsum"(%[[X]]) {axis = 1 : i64, reverse = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[C:.*]] = "mlax.constant"() {value = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
// CHECK-NEXT: %[[DS:.*]] = "mlax.dynamic_slice"(%[[X]], %[[I]], %[[I]]) {slice_sizes = array<i64: 2, 2>} : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<2x2xf32>
// CHECK-NEXT: %[[DG:.*]] = "mlax.dot_general"(%[[DS]], %[[C]]) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: %[[IO:.*]] = "mlax.iota"() {iota_dimension = 0 : i64} : () -> tensor<3x2xi32>
// CHECK-NEXT: %[[R:.*]] = "mlax.add"(%[[CVT]], %[[IO]]) : (tensor<3x2xi32>, tensor<3x2xi32>) -> tensor<3x2xi32>
// CHECK-NEXT: return %[[R]], %[[CMP]], %[[SUM]], %[[CS]], %[[DG]] : tensor<3x2xi32>, tensor<2x3xi1>, tensor<2xf32>, tensor<2x3xf32>, tensor<2x2xf32>
func.func @sample(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>, %i: tensor<i32>) -> (tensor<3x2xi32>, tensor<2x3xi1>, tensor<2xf32>, tensor<2x3xf32>, tensor<2x2xf32>) {
  %add = "mlax.add"(%x, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %exp = "mlax.exp"(%add) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %cmp = "mlax.compare"(%exp, %y) {comparison_direction = "GE"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %tr = "mlax.transpose"(%exp) {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %cvt = "mlax.convert"(%tr) : (tensor<3x2xf32>) -> tensor<3x2xi32>
  %sum = "mlax.reduce_sum"(%x) {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %cs = "mlax.cumsum"(%x) {axis = 1 : i64, reverse = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = "mlax.constant"() {value = dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  %ds = "mlax.dynamic_slice"(%x, %i, %i) {slice_sizes = array<i64: 2, 2>} : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<2x2xf32>
  %dg = "mlax.dot_general"(%ds, %c) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %io = "mlax.iota"() {iota_dimension = 0 : i64} : () -> tensor<3x2xi32>
  %r = "mlax.add"(%cvt, %io) : (tensor<3x2xi32>, tensor<3x2xi32>) -> tensor<3x2xi32>
  return %r, %cmp, %sum, %cs, %dg : tensor<3x2xi32>, tensor<2x3xi1>, tensor<2xf32>, tensor<2x3xf32>, tensor<2x2xf32>
}

// A higher-order op: a declaration with the op's dictionary (Symbol, I64s, Axes attributes)
// and a func.call of it.
// CHECK-LABEL: func.func @loss(
// CHECK-SAME: %[[W:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<5xf32>) -> tensor<f32>
// CHECK-NEXT: %[[V0:.*]] = "mlax.reduce_sum"(%[[W]]) {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
// CHECK-NEXT: return %[[V0]] : tensor<f32>
func.func @loss(%w: tensor<2xf32>, %x: tensor<5xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%w) {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// CHECK-LABEL: func.func private @loss_grad(
// CHECK-SAME: tensor<2xf32>, tensor<5xf32>) -> tensor<2xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = false}}
func.func private @loss_grad(tensor<2xf32>, tensor<5xf32>) -> tensor<2xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = false}}
// CHECK-LABEL: func.func private @loss_vmap(
// CHECK-SAME: tensor<2xf32>, tensor<4x5xf32>) -> tensor<4xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @loss, in_axes = [unit, 0], out_axes = [0]}}
func.func private @loss_vmap(tensor<2xf32>, tensor<4x5xf32>) -> tensor<4xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @loss, in_axes = [unit, 0], out_axes = [0]}}
// CHECK-LABEL: func.func @branch(
// CHECK-SAME: %[[W:.*]]: tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[W]] : tensor<2xf32>
func.func @branch(%w: tensor<2xf32>) -> tensor<2xf32> {
  return %w : tensor<2xf32>
}
// CHECK-LABEL: func.func private @switch(
// CHECK-SAME: tensor<i32>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = [@branch, @branch]}}
func.func private @switch(tensor<i32>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = [@branch, @branch]}}

// CHECK-LABEL: func.func @train(
// CHECK-SAME: %[[W:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<5xf32>, %[[XS:.*]]: tensor<4x5xf32>, %[[I:.*]]: tensor<i32>) -> (tensor<2xf32>, tensor<4xf32>)
// CHECK-NEXT: %[[G:.*]] = call @loss_grad(%[[W]], %[[X]]) : (tensor<2xf32>, tensor<5xf32>) -> tensor<2xf32>
// CHECK-NEXT: %[[V:.*]] = call @loss_vmap(%[[W]], %[[XS]]) : (tensor<2xf32>, tensor<4x5xf32>) -> tensor<4xf32>
// CHECK-NEXT: %[[S:.*]] = call @switch(%[[I]], %[[G]]) : (tensor<i32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[S]], %[[V]] : tensor<2xf32>, tensor<4xf32>
func.func @train(%w: tensor<2xf32>, %x: tensor<5xf32>, %xs: tensor<4x5xf32>, %i: tensor<i32>) -> (tensor<2xf32>, tensor<4xf32>) {
  %g = call @loss_grad(%w, %x) : (tensor<2xf32>, tensor<5xf32>) -> tensor<2xf32>
  %v = call @loss_vmap(%w, %xs) : (tensor<2xf32>, tensor<4x5xf32>) -> tensor<4xf32>
  %s = call @switch(%i, %g) : (tensor<i32>, tensor<2xf32>) -> tensor<2xf32>
  return %s, %v : tensor<2xf32>, tensor<4xf32>
}
