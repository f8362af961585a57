// RUN: %mlax-opt %s --mlax-fuse | FileCheck %s

// A column sum over 4096 rows of 64 columns would be 2 programs of 32 columns: its rows are
// split in 16 parts of 256 first (a kernel of 32 programs), then summed (another).
// CHECK-LABEL: func.func @columns
// CHECK-NEXT: %[[P:.*]] = call @columns_rows0(%arg0) : (tensor<4096x64xf32>) -> tensor<16x64xf32>
// CHECK-NEXT: %[[S:.*]] = call @columns_rows1(%[[P]]) : (tensor<16x64xf32>) -> tensor<64xf32>
func.func @columns(%x: tensor<4096x64xf32>) -> tensor<64xf32> {
  %0 = "mlax.tanh"(%x) : (tensor<4096x64xf32>) -> tensor<4096x64xf32>
  %1 = "mlax.reduce_sum"(%0) {axes = array<i64: 0>} : (tensor<4096x64xf32>) -> tensor<64xf32>
  return %1 : tensor<64xf32>
}

// A product of 128x4096 by 4096x10 is 2 output tiles of 64x64: K is split in 8 batches of
// 512 that the matmul kernel reads in place (the reshapes are views of its inputs), then
// the 8 partial products are summed by a column kernel, which also adds the bias.
// CHECK-LABEL: func.func @skinny
// CHECK-NEXT: %[[P:.*]] = call @skinny_matmul0(%arg0, %arg1) : (tensor<128x4096xf32>, tensor<4096x10xf32>) -> tensor<8x128x10xf32>
// CHECK-NEXT: %[[S:.*]] = call @skinny_rows1(%[[P]], %arg2) : (tensor<8x128x10xf32>, tensor<10xf32>) -> tensor<128x10xf32>
func.func @skinny(%h: tensor<128x4096xf32>, %w: tensor<4096x10xf32>, %b: tensor<10xf32>) -> tensor<128x10xf32> {
  %0 = "mlax.dot_general"(%h, %w) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<128x4096xf32>, tensor<4096x10xf32>) -> tensor<128x10xf32>
  %1 = "mlax.broadcast_in_dim"(%b) {broadcast_dimensions = array<i64: 1>} : (tensor<10xf32>) -> tensor<128x10xf32>
  %2 = "mlax.add"(%0, %1) : (tensor<128x10xf32>, tensor<128x10xf32>) -> tensor<128x10xf32>
  return %2 : tensor<128x10xf32>
}

// The kernels follow the functions.
// CHECK-LABEL: func.func private @columns_rows0
// CHECK: "mlax.reshape"({{.*}}) : (tensor<4096x64xf32>) -> tensor<16x256x64xf32>
// CHECK: "mlax.reduce_sum"({{.*}}) {axes = array<i64: 1>} : (tensor<16x256x64xf32>) -> tensor<16x64xf32>
// CHECK-LABEL: func.func private @skinny_matmul0
// CHECK-NEXT: "mlax.reshape"(%arg0) : (tensor<128x4096xf32>) -> tensor<128x8x512xf32>
// CHECK-NEXT: "mlax.reshape"(%arg1) : (tensor<4096x10xf32>) -> tensor<8x512x10xf32>
// CHECK-NEXT: "mlax.dot_general"({{.*}}) {lhs_batching_dimensions = array<i64: 1>, lhs_contracting_dimensions = array<i64: 2>, rhs_batching_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>}
// CHECK-LABEL: func.func private @skinny_rows1
// CHECK: "mlax.reduce_sum"({{.*}}) {axes = array<i64: 0>} : (tensor<8x128x10xf32>) -> tensor<128x10xf32>
// CHECK: "mlax.add"
