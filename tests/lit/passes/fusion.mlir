// RUN: %mlax-opt %s --mlax-fuse | FileCheck %s

// A softmax then a matmul with a tanh epilogue: the softmax is one row kernel (its two
// reductions and the broadcasts back stay inside), the matmul reads the softmax's result
// and applies the tanh to each tile before storing it. The transposed weight is read in
// place.
// CHECK-LABEL: func.func @main
// CHECK-NEXT: %[[S:.*]] = call @main_rows0(%arg0)
// CHECK-NEXT: %[[M:.*]] = call @main_matmul1(%arg1, %[[S]])
// CHECK-NEXT: return %[[S]], %[[M]]

// A sort is a kernel of its own, the exp feeding it recomputed inside; the neg after it
// is another kernel.
// CHECK-LABEL: func.func @sorted
// CHECK-NEXT: call @sorted_sort0
// CHECK-NEXT: call @sorted_elementwise1

// A scatter_add is a kernel of its own; scatter_mul (no atomic multiply) stays between
// kernels. Their index arithmetic is stored once, by a kernel, and read by both.
// CHECK-LABEL: func.func @scattered
// CHECK-NEXT: %[[I:.*]] = call @scattered_elementwise0(%arg1)
// CHECK-NEXT: call @scattered_scatter1(%arg0, %[[I]], %arg2)
// CHECK-NEXT: "mlax.scatter_mul"(%arg0, %[[I]], %arg2)

// A layer norm's mean is a result too: the row kernel that reads it stores it as well,
// one launch with two results (the mean, and the normalized rows by a last pass).
// CHECK-LABEL: func.func @normalized
// CHECK-NEXT: %[[N:.*]]:2 = call @normalized_rows0(%arg0) : (tensor<4x8xf32>) -> (tensor<4x1xf32>, tensor<4x8xf32>)
// CHECK-NEXT: return %[[N]]#1, %[[N]]#0

// Row kernels sharing a reduction are one: a row sum doubled and the rows minus it.
// CHECK-LABEL: func.func @siblings
// CHECK-NEXT: %[[R:.*]]:2 = call @siblings_rows0(%arg0) : (tensor<4x8xf32>) -> (tensor<4xf32>, tensor<4x8xf32>)
// CHECK-NEXT: return %[[R]]#0, %[[R]]#1

// A statistic read by several kernels is stored by the first of them; those after it read it.
// CHECK-LABEL: func.func @shared
// CHECK-NEXT: %[[S:.*]]:2 = call @shared_rows0(%arg0) : (tensor<4x8xf32>) -> (tensor<4xf32>, tensor<4x8xf32>)
// CHECK-NEXT: %[[T:.*]] = call @shared_elementwise1(%[[S]]#0, %arg0)
// CHECK-NEXT: return %[[S]]#1, %[[T]], %[[S]]#0

// CHECK-LABEL: func.func private @main_rows0({{.*}}) -> tensor<4x8xf32> attributes {mlax.kernel = "rows"}
// CHECK: "mlax.reduce_max"
// CHECK: "mlax.exp"
// CHECK: "mlax.reduce_sum"
// CHECK: "mlax.div"
// CHECK-LABEL: func.func private @main_matmul1({{.*}}: tensor<3x8xf32>, {{.*}}: tensor<4x8xf32>) -> tensor<4x3xf32> attributes {mlax.kernel = "matmul"}
// CHECK-NEXT: "mlax.transpose"
// CHECK-NEXT: "mlax.dot_general"
// CHECK-NEXT: "mlax.tanh"
// CHECK-LABEL: func.func private @sorted_sort0({{.*}}) -> tensor<16xf32> attributes {mlax.kernel = "sort"}
// CHECK-NEXT: "mlax.exp"
// CHECK-NEXT: "mlax.sort"
// CHECK-LABEL: func.func private @scattered_scatter1({{.*}}) -> tensor<8xf32> attributes {mlax.kernel = "scatter"}
// CHECK-NEXT: "mlax.scatter_add"
// CHECK-LABEL: func.func private @normalized_rows0({{.*}}) -> (tensor<4x1xf32>, tensor<4x8xf32>) attributes {mlax.kernel = "rows"}
// CHECK-COUNT-2: "mlax.reduce_sum"
// CHECK: return %{{.*}}, %{{.*}} : tensor<4x1xf32>, tensor<4x8xf32>

func.func @main(%x: tensor<4x8xf32>, %wt: tensor<3x8xf32>) -> (tensor<4x8xf32>, tensor<4x3xf32>) {
  %m = "mlax.reduce_max"(%x) {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  %mb = "mlax.broadcast_in_dim"(%m) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<4x8xf32>
  %d = "mlax.sub"(%x, %mb) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %e = "mlax.exp"(%d) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %s = "mlax.reduce_sum"(%e) {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  %sb = "mlax.broadcast_in_dim"(%s) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<4x8xf32>
  %y = "mlax.div"(%e, %sb) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %w = "mlax.transpose"(%wt) {permutation = array<i64: 1, 0>} : (tensor<3x8xf32>) -> tensor<8x3xf32>
  %z = "mlax.dot_general"(%y, %w) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %t = "mlax.tanh"(%z) : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %y, %t : tensor<4x8xf32>, tensor<4x3xf32>
}

func.func @sorted(%x: tensor<16xf32>) -> tensor<16xf32> {
  %e = "mlax.exp"(%x) : (tensor<16xf32>) -> tensor<16xf32>
  %s = "mlax.sort"(%e) {dimension = 0 : i64, is_stable = true} : (tensor<16xf32>) -> tensor<16xf32>
  %n = "mlax.neg"(%s) : (tensor<16xf32>) -> tensor<16xf32>
  return %n : tensor<16xf32>
}

func.func @scattered(%arg0: tensor<8xf32>, %arg1: tensor<3xi32>, %arg2: tensor<3xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = "mlax.constant"() {value = dense<0> : tensor<3xi32>} : () -> tensor<3xi32>
  %1 = "mlax.compare"(%arg1, %0) {comparison_direction = "LT"} : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi1>
  %2 = "mlax.constant"() {value = dense<8> : tensor<3xi32>} : () -> tensor<3xi32>
  %3 = "mlax.add"(%arg1, %2) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %4 = "mlax.select"(%1, %3, %arg1) : (tensor<3xi1>, tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %5 = "mlax.reshape"(%4) : (tensor<3xi32>) -> tensor<3x1xi32>
  %6 = "mlax.scatter_add"(%arg0, %5, %arg2) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64>} : (tensor<8xf32>, tensor<3x1xi32>, tensor<3xf32>) -> tensor<8xf32>
  %7 = "mlax.scatter_mul"(%arg0, %5, %arg2) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64>} : (tensor<8xf32>, tensor<3x1xi32>, tensor<3xf32>) -> tensor<8xf32>
  return %6, %7 : tensor<8xf32>, tensor<8xf32>
}

func.func @normalized(%arg0: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x1xf32>) {
  %0 = "mlax.reduce_sum"(%arg0) {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  %1 = "mlax.reshape"(%0) : (tensor<4xf32>) -> tensor<4x1xf32>
  %2 = "mlax.constant"() {value = dense<8.000000e+00> : tensor<4x1xf32>} : () -> tensor<4x1xf32>
  %3 = "mlax.div"(%1, %2) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
  %4 = "mlax.broadcast_in_dim"(%3) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<4x1xf32>) -> tensor<4x8xf32>
  %5 = "mlax.sub"(%arg0, %4) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %6 = "mlax.integer_pow"(%5) {y = 2 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %7 = "mlax.reduce_sum"(%6) {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  %8 = "mlax.reshape"(%7) : (tensor<4xf32>) -> tensor<4x1xf32>
  %9 = "mlax.div"(%8, %2) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
  %10 = "mlax.broadcast_in_dim"(%9) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<4x1xf32>) -> tensor<4x8xf32>
  %11 = "mlax.mul"(%5, %10) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %11, %3 : tensor<4x8xf32>, tensor<4x1xf32>
}

func.func @siblings(%arg0: tensor<4x8xf32>) -> (tensor<4xf32>, tensor<4x8xf32>) {
  %0 = "mlax.reduce_sum"(%arg0) {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  %1 = "mlax.add"(%0, %0) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "mlax.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<4x8xf32>
  %3 = "mlax.sub"(%arg0, %2) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %1, %3 : tensor<4xf32>, tensor<4x8xf32>
}

func.func @shared(%arg0: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>) {
  %0 = "mlax.reduce_max"(%arg0) {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  %1 = "mlax.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<4x8xf32>
  %2 = "mlax.sub"(%arg0, %1) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %3 = "mlax.add"(%arg0, %arg0) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %4 = "mlax.sub"(%3, %1) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %2, %4, %0 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>
}
