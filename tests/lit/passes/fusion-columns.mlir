// RUN: %mlax-opt %s --mlax-fuse | FileCheck %s

// A column sum over 4096 rows of 64 columns would be 2 programs of 32 columns: its rows are
// split in 16 parts of 256 first (a kernel of 32 programs), then summed (another).
// CHECK-LABEL: func.func @columns
// CHECK-NEXT: %[[P:.*]] = call @columns_rows0(%arg0) : (tensor<4096x64xf32>) -> tensor<16x64xf32>
// CHECK-NEXT: %[[S:.*]] = call @columns_rows1(%[[P]]) : (tensor<16x64xf32>) -> tensor<64xf32>
// CHECK: func.func private @columns_rows0
// CHECK: "mlax.reshape"({{.*}}) : (tensor<4096x64xf32>) -> tensor<16x256x64xf32>
// CHECK: "mlax.reduce_sum"({{.*}}) {axes = array<i64: 1>} : (tensor<16x256x64xf32>) -> tensor<16x64xf32>
func.func @columns(%x: tensor<4096x64xf32>) -> tensor<64xf32> {
  %0 = "mlax.tanh"(%x) : (tensor<4096x64xf32>) -> tensor<4096x64xf32>
  %1 = "mlax.reduce_sum"(%0) {axes = array<i64: 0>} : (tensor<4096x64xf32>) -> tensor<64xf32>
  return %1 : tensor<64xf32>
}
