// REQUIRES: triton
// RUN: %mlax-translate %s --triton-python | FileCheck %s --check-prefix=PY
// RUN: %mlax-translate %s --ttir --target=sm_90 | FileCheck %s --check-prefix=TTIR
// RUN: %mlax-translate %s --ptx --target=sm_90 | FileCheck %s --check-prefix=PTX90
// RUN: %mlax-translate %s --ptx --target=sm_80 | FileCheck %s --check-prefix=PTX80

// A row softmax and tanh(softmax) * 2, both results: one row kernel storing both in
// its last pass.
// PY: # kernel @main_rows0 (rows), grid [4]
// PY: def main_rows0(in0, out, out1, BLOCK: tl.constexpr):
// PY: r = tl.program_id(0)
// PY: for c0 in range(0, 8, BLOCK):
// PY: tl.reduce({{.*}}, 0, _max)
// PY: tl.reduce({{.*}}, 0, _add)
// PY: tl.store(out + {{.*}}, mask=cmask)
// PY: tl.store(out1 + {{.*}}, mask=cmask)

// A scatter is two launches: the operand copied, then the updates added by atomics.
// PY: # kernel @scattered_scatter0 (scatter), launches @scattered_scatter0_init grid [1], @scattered_scatter0 grid [1]
// PY: def scattered_scatter0_init(in0, in1, in2, out, BLOCK: tl.constexpr):
// PY: tl.store(out + offs
// PY: def scattered_scatter0(in0, in1, in2, out, BLOCK: tl.constexpr):
// PY: tl.atomic_add(out + {{.*}}, mask={{.*}}, sem='relaxed')

// Triton IR without locations: pointers divisible by 16 (the runtime's buffers are whole
// allocations), the row reductions and the exp.
// TTIR: // kernel @main_rows0
// TTIR: tt.func public @main_rows0(%in0: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %out: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %out1: !tt.ptr<f32> {tt.divisibility = 16 : i32})
// TTIR-NOT: loc(
// TTIR: tt.get_program_id x
// TTIR: "tt.reduce"
// TTIR: arith.maximumf
// TTIR: math.exp
// TTIR: tt.store

// PTX for both targets, with no GPU here.
// PTX90: // kernel @main_rows0
// PTX90: .target sm_90a
// PTX90: .visible .entry main_rows0(
// PTX90: // kernel @scattered_scatter0_init
// PTX90: .visible .entry scattered_scatter0_init(
// PTX90: // kernel @scattered_scatter0
// PTX90: red.global.gpu.relaxed.add.f32
// PTX80: .target sm_80
// PTX80: .visible .entry main_rows0(

func.func @main(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %m = "mlax.reduce_max"(%x) {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  %mb = "mlax.broadcast_in_dim"(%m) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<4x8xf32>
  %d = "mlax.sub"(%x, %mb) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %e = "mlax.exp"(%d) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %s = "mlax.reduce_sum"(%e) {axes = array<i64: 1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  %sb = "mlax.broadcast_in_dim"(%s) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<4x8xf32>
  %y = "mlax.div"(%e, %sb) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %t = "mlax.tanh"(%y) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %c = "mlax.constant"() {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %cb = "mlax.broadcast_in_dim"(%c) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
  %r = "mlax.mul"(%t, %cb) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y, %r : tensor<4x8xf32>, tensor<4x8xf32>
}

func.func @scattered(%x: tensor<8xf32>, %i: tensor<3x1xi32>, %u: tensor<3xf32>) -> tensor<8xf32> {
  %r = "mlax.scatter_add"(%x, %i, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64>} : (tensor<8xf32>, tensor<3x1xi32>, tensor<3xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}
