// Every verification rule fires: one chunk per diagnostic of the op table
// (dialect/rules.py, top to bottom, with its helpers _dtype_in, _same, _axis, _axes,
// _scalar_int, _start_indices and _sig_match exercised at their call sites), then those of
// the verifier itself (passes/verify.py), then structural errors the IRDL definition
// catches while parsing. Each chunk is a minimal malformed example, independent of the
// others.
// RUN: %mlax-opt %s --split-input-file --verify-diagnostics

// ================================================================= elementwise ops

// _float_unary, _dtype_in(FLOATS): "a floating-point".
func.func @float_unary_dtype(%x: tensor<3xi32>) {
  // expected-error @+1 {{'mlax.exp' op operand must have a floating-point element type, got tensor<3xi32>}}
  %0 = "mlax.exp"(%x) : (tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @float_unary_dtype_bool(%x: tensor<2x2xi1>) {
  // expected-error @+1 {{'mlax.erf_inv' op operand must have a floating-point element type, got tensor<2x2xi1>}}
  %0 = "mlax.erf_inv"(%x) : (tensor<2x2xi1>) -> tensor<2x2xi1>
  return
}

// -----

// _numeric_unary, _dtype_in(NUMERIC): "a numeric".
func.func @numeric_unary_dtype(%x: tensor<3xi1>) {
  // expected-error @+1 {{'mlax.neg' op operand must have a numeric element type, got tensor<3xi1>}}
  %0 = "mlax.neg"(%x) : (tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

// _not, _dtype_in(INTEGERS | bool): "an integer or boolean".
func.func @not_dtype(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.not' op operand must have an integer or boolean element type, got tensor<3xf32>}}
  %0 = "mlax.not"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _round: floats only.
func.func @round_dtype(%x: tensor<3xi32>) {
  // expected-error @+1 {{'mlax.round' op operand must have a floating-point element type, got tensor<3xi32>}}
  %0 = "mlax.round"(%x) {rounding_method = 0 : i64} : (tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

// _round: rounding_method.
func.func @round_method(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.round' op rounding_method must be 0 or 1, got 2}}
  %0 = "mlax.round"(%x) {rounding_method = 2 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _integer_pow: numeric operand.
func.func @integer_pow_dtype(%x: tensor<3xi1>) {
  // expected-error @+1 {{'mlax.integer_pow' op operand must have a numeric element type, got tensor<3xi1>}}
  %0 = "mlax.integer_pow"(%x) {y = 2 : i64} : (tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

// _integer_pow: a negative power of an integer.
func.func @integer_pow_negative(%x: tensor<3xi32>) {
  // expected-error @+1 {{'mlax.integer_pow' op a negative power -1 needs a floating-point operand, got tensor<3xi32>}}
  %0 = "mlax.integer_pow"(%x) {y = -1 : i64} : (tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

// _is_finite: floats only.
func.func @is_finite_dtype(%x: tensor<3xi32>) {
  // expected-error @+1 {{'mlax.is_finite' op operand must have a floating-point element type, got tensor<3xi32>}}
  %0 = "mlax.is_finite"(%x) : (tensor<3xi32>) -> tensor<3xi1>
  return
}

// -----

// _arith_binary, _same: element types differ.
func.func @arith_same_dtype(%x: tensor<3xf32>, %y: tensor<3xi32>) {
  // expected-error @+1 {{'mlax.add' op operands must have the same type, got tensor<3xf32> and tensor<3xi32>}}
  %0 = "mlax.add"(%x, %y) : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
  return
}

// -----

// _arith_binary, _same: shapes differ (no implicit broadcasting).
func.func @arith_same_shape(%x: tensor<3xf32>, %y: tensor<1xf32>) {
  // expected-error @+1 {{'mlax.mul' op operands must have the same type, got tensor<3xf32> and tensor<1xf32>}}
  %0 = "mlax.mul"(%x, %y) : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
  return
}

// -----

// _arith_binary: numeric operands.
func.func @arith_dtype(%x: tensor<3xi1>) {
  // expected-error @+1 {{'mlax.sub' op operands must have a numeric element type, got tensor<3xi1>}}
  %0 = "mlax.sub"(%x, %x) : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

// _minmax, _same. (Its _dtype_in allows NUMERIC | bool, which is every element type, so it
// cannot fail.)
func.func @minmax_same(%x: tensor<3xf32>, %y: tensor<3xf16>) {
  // expected-error @+1 {{'mlax.max' op operands must have the same type, got tensor<3xf32> and tensor<3xf16>}}
  %0 = "mlax.max"(%x, %y) : (tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return
}

// -----

// _float_binary, _same.
func.func @float_binary_same(%x: tensor<3xf32>, %y: tensor<2xf32>) {
  // expected-error @+1 {{'mlax.pow' op operands must have the same type, got tensor<3xf32> and tensor<2xf32>}}
  %0 = "mlax.pow"(%x, %y) : (tensor<3xf32>, tensor<2xf32>) -> tensor<3xf32>
  return
}

// -----

// _float_binary: floats only.
func.func @float_binary_dtype(%x: tensor<3xi32>) {
  // expected-error @+1 {{'mlax.atan2' op operands must have a floating-point element type, got tensor<3xi32>}}
  %0 = "mlax.atan2"(%x, %x) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

// _bitwise, _same.
func.func @bitwise_same(%x: tensor<3xi32>, %y: tensor<3xi64>) {
  // expected-error @+1 {{'mlax.and' op operands must have the same type, got tensor<3xi32> and tensor<3xi64>}}
  %0 = "mlax.and"(%x, %y) : (tensor<3xi32>, tensor<3xi64>) -> tensor<3xi32>
  return
}

// -----

// _bitwise: integers or booleans.
func.func @bitwise_dtype(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.xor' op operands must have an integer or boolean element type, got tensor<3xf32>}}
  %0 = "mlax.xor"(%x, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _shift, _same.
func.func @shift_same(%x: tensor<3xi32>, %y: tensor<3xui32>) {
  // expected-error @+1 {{'mlax.shift_left' op operands must have the same type, got tensor<3xi32> and tensor<3xui32>}}
  %0 = "mlax.shift_left"(%x, %y) : (tensor<3xi32>, tensor<3xui32>) -> tensor<3xi32>
  return
}

// -----

// _shift, _dtype_in(INTEGERS): "an integer"; booleans do not shift.
func.func @shift_dtype(%x: tensor<3xi1>) {
  // expected-error @+1 {{'mlax.shift_right_logical' op operands must have an integer element type, got tensor<3xi1>}}
  %0 = "mlax.shift_right_logical"(%x, %x) : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @shift_dtype_float(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.shift_right_arithmetic' op operands must have an integer element type, got tensor<3xf32>}}
  %0 = "mlax.shift_right_arithmetic"(%x, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _compare, _same.
func.func @compare_same(%x: tensor<3xf32>, %y: tensor<3xf64>) {
  // expected-error @+1 {{'mlax.compare' op operands must have the same type, got tensor<3xf32> and tensor<3xf64>}}
  %0 = "mlax.compare"(%x, %y) {comparison_direction = "LT"} : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xi1>
  return
}

// -----

// _compare: the direction.
func.func @compare_direction(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.compare' op comparison_direction must be one of EQ, NE, LT, LE, GT, GE, got 'lt'}}
  %0 = "mlax.compare"(%x, %x) {comparison_direction = "lt"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return
}

// -----

// _select, _same(what="on_true and on_false").
func.func @select_same(%p: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xi32>) {
  // expected-error @+1 {{'mlax.select' op on_true and on_false must have the same type, got tensor<3xf32> and tensor<3xi32>}}
  %0 = "mlax.select"(%p, %x, %y) : (tensor<3xi1>, tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
  return
}

// -----

// _select: pred is i1.
func.func @select_pred_dtype(%p: tensor<3xi32>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.select' op pred must have i1 element type, got tensor<3xi32>}}
  %0 = "mlax.select"(%p, %x, %x) : (tensor<3xi32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _select: pred is a scalar or of the operands' shape.
func.func @select_pred_shape(%p: tensor<1xi1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.select' op pred must be a scalar or have the shape of on_true, got tensor<1xi1> and tensor<3xf32>}}
  %0 = "mlax.select"(%p, %x, %x) : (tensor<1xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// ===================================================================== conversions

// -----

// _convert has no rule of its own; its result shape must still be the operand's.
func.func @convert_shape(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.convert' op result type tensor<4xi32> does not match the inferred type tensor<3xi32>}}
  %0 = "mlax.convert"(%x) : (tensor<3xf32>) -> tensor<4xi32>
  return
}

// -----

// _bitcast_convert: no i1.
func.func @bitcast_bool(%x: tensor<3xi1>) {
  // expected-error @+1 {{'mlax.bitcast_convert' op bitcast_convert does not take i1}}
  %0 = "mlax.bitcast_convert"(%x) : (tensor<3xi1>) -> tensor<3xi32>
  return
}

// -----

// _bitcast_convert: equal widths.
func.func @bitcast_width(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.bitcast_convert' op bitcast_convert needs equal bit widths, got float32 (32 bits) and float64 (64 bits)}}
  %0 = "mlax.bitcast_convert"(%x) : (tensor<3xf32>) -> tensor<3xf64>
  return
}

// ========================================================================== shapes

// -----

// _broadcast_in_dim: one entry per operand dimension.
func.func @broadcast_count(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.broadcast_in_dim' op broadcast_dimensions [0, 1] must have one entry per operand dimension (1)}}
  %0 = "mlax.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3xf32>) -> tensor<3x3xf32>
  return
}

// -----

// _broadcast_in_dim, _axes -> _axis: in range of the result rank.
func.func @broadcast_range(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.broadcast_in_dim' op broadcast dimension 2 is out of range for rank 2}}
  %0 = "mlax.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 2>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// _broadcast_in_dim, _axes: no repeats.
func.func @broadcast_repeated(%x: tensor<3x3xf32>) {
  // expected-error @+1 {{'mlax.broadcast_in_dim' op broadcast dimension [1, 1] has repeated entries}}
  %0 = "mlax.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1, 1>} : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

// _broadcast_in_dim: increasing (use transpose to permute).
func.func @broadcast_order(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.broadcast_in_dim' op broadcast_dimensions [1, 0] must be strictly increasing}}
  %0 = "mlax.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

// _broadcast_in_dim: sizes 1 or equal.
func.func @broadcast_size(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.broadcast_in_dim' op operand dimension 0 of size 3 cannot broadcast to result dimension 0 of size 4}}
  %0 = "mlax.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<4x2xf32>
  return
}

// -----

// Dynamic dimensions are not part of the dialect (reshape's negative-size rule is only
// reachable from Python builders: tests/test_dialect.py).
func.func @reshape_dynamic(%x: tensor<6xf32>) {
  // expected-error @+1 {{'mlax.reshape' op dynamic dimensions are not supported, got tensor<?x3xf32>}}
  %0 = "mlax.reshape"(%x) : (tensor<6xf32>) -> tensor<?x3xf32>
  return
}

// -----

// _reshape: the element count.
func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.reshape' op cannot reshape tensor<2x3xf32> (6 elements) to shape [4] (4 elements)}}
  %0 = "mlax.reshape"(%x) : (tensor<2x3xf32>) -> tensor<4xf32>
  return
}

// -----

// _transpose: a permutation.
func.func @transpose_perm(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.transpose' op permutation [0, 0] is not a permutation of the 2 dimensions}}
  %0 = "mlax.transpose"(%x) {permutation = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return
}

// -----

// _rev, _axes -> _axis.
func.func @rev_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.rev' op dimension 2 is out of range for rank 2}}
  %0 = "mlax.rev"(%x) {dimensions = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// _rev, _axes: no repeats; negative dimensions are out of range too.
func.func @rev_repeated(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.rev' op dimension [1, 1] has repeated entries}}
  %0 = "mlax.rev"(%x) {dimensions = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @rev_negative(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.rev' op dimension -1 is out of range for rank 2}}
  %0 = "mlax.rev"(%x) {dimensions = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// _slice: one entry per dimension.
func.func @slice_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.slice' op start_indices, limit_indices and strides need 2 entries each}}
  %0 = "mlax.slice"(%x) {limit_indices = array<i64: 2, 3>, start_indices = array<i64: 0>, strides = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// _slice: in bounds.
func.func @slice_bounds(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.slice' op slice [1, 4) is out of bounds for dimension 0 of size 3}}
  %0 = "mlax.slice"(%x) {limit_indices = array<i64: 4>, start_indices = array<i64: 1>, strides = array<i64: 1>} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _slice: positive strides.
func.func @slice_stride(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.slice' op stride 0 of dimension 0 must be positive}}
  %0 = "mlax.slice"(%x) {limit_indices = array<i64: 3>, start_indices = array<i64: 0>, strides = array<i64: 0>} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _dynamic_slice: one start index per dimension.
func.func @dynamic_slice_count(%x: tensor<2x3xf32>, %i: tensor<i32>) {
  // expected-error @+1 {{'mlax.dynamic_slice' op dynamic_slice needs 2 start indices, got 1}}
  %0 = "mlax.dynamic_slice"(%x, %i) {slice_sizes = array<i64: 1, 1>} : (tensor<2x3xf32>, tensor<i32>) -> tensor<1x1xf32>
  return
}

// -----

// _dynamic_slice, _start_indices -> _scalar_int: integer element type.
func.func @dynamic_slice_index_dtype(%x: tensor<2x3xf32>, %f: tensor<f32>) {
  // expected-error @+1 {{'mlax.dynamic_slice' op start index #0 must be a scalar integer tensor, got tensor<f32>}}
  %0 = "mlax.dynamic_slice"(%x, %f, %f) {slice_sizes = array<i64: 1, 1>} : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<1x1xf32>
  return
}

// -----

// _dynamic_slice, _start_indices -> _scalar_int: a scalar.
func.func @dynamic_slice_index_shape(%x: tensor<3xf32>, %i: tensor<1xi32>) {
  // expected-error @+1 {{'mlax.dynamic_slice' op start index #0 must be a scalar integer tensor, got tensor<1xi32>}}
  %0 = "mlax.dynamic_slice"(%x, %i) {slice_sizes = array<i64: 1>} : (tensor<3xf32>, tensor<1xi32>) -> tensor<1xf32>
  return
}

// -----

// _dynamic_slice, _start_indices: one integer type. IRDL gives a variadic operand group the
// type of its first element, so it rejects this while parsing, before the rule's own
// "start indices must share one integer type" can.
func.func @dynamic_slice_index_types(%x: tensor<2x3xf32>, %i: tensor<i32>, %j: tensor<i64>) {
  // expected-error @+1 {{expected 'tensor<i32>' but got 'tensor<i64>'}}
  %0 = "mlax.dynamic_slice"(%x, %i, %j) {slice_sizes = array<i64: 1, 1>} : (tensor<2x3xf32>, tensor<i32>, tensor<i64>) -> tensor<1x1xf32>
  return
}

// -----

// _dynamic_slice: slice_sizes has one entry per dimension.
func.func @dynamic_slice_sizes_count(%x: tensor<2x3xf32>, %i: tensor<i32>) {
  // expected-error @+1 {{'mlax.dynamic_slice' op slice_sizes needs 2 entries, got 1}}
  %0 = "mlax.dynamic_slice"(%x, %i, %i) {slice_sizes = array<i64: 1>} : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<1xf32>
  return
}

// -----

// _dynamic_slice: slice sizes fit.
func.func @dynamic_slice_sizes_bounds(%x: tensor<2x3xf32>, %i: tensor<i32>) {
  // expected-error @+1 {{'mlax.dynamic_slice' op slice size 4 is out of bounds for dimension 1 of size 3}}
  %0 = "mlax.dynamic_slice"(%x, %i, %i) {slice_sizes = array<i64: 1, 4>} : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<1x4xf32>
  return
}

// -----

// _dynamic_update_slice: element type.
func.func @dus_dtype(%x: tensor<3xf32>, %u: tensor<2xi32>, %i: tensor<i32>) {
  // expected-error @+1 {{'mlax.dynamic_update_slice' op update tensor<2xi32> must have the element type of tensor<3xf32>}}
  %0 = "mlax.dynamic_update_slice"(%x, %u, %i) : (tensor<3xf32>, tensor<2xi32>, tensor<i32>) -> tensor<3xf32>
  return
}

// -----

// _dynamic_update_slice: rank.
func.func @dus_rank(%x: tensor<3xf32>, %u: tensor<1x2xf32>, %i: tensor<i32>) {
  // expected-error @+1 {{'mlax.dynamic_update_slice' op update tensor<1x2xf32> must have the rank of tensor<3xf32>}}
  %0 = "mlax.dynamic_update_slice"(%x, %u, %i) : (tensor<3xf32>, tensor<1x2xf32>, tensor<i32>) -> tensor<3xf32>
  return
}

// -----

// _dynamic_update_slice: the update fits.
func.func @dus_fit(%x: tensor<3xf32>, %u: tensor<4xf32>, %i: tensor<i32>) {
  // expected-error @+1 {{'mlax.dynamic_update_slice' op update tensor<4xf32> does not fit in tensor<3xf32>}}
  %0 = "mlax.dynamic_update_slice"(%x, %u, %i) : (tensor<3xf32>, tensor<4xf32>, tensor<i32>) -> tensor<3xf32>
  return
}

// -----

// _dynamic_update_slice: one start index per dimension.
func.func @dus_count(%x: tensor<3xf32>, %u: tensor<2xf32>, %i: tensor<i32>) {
  // expected-error @+1 {{'mlax.dynamic_update_slice' op dynamic_update_slice needs 1 start indices, got 2}}
  %0 = "mlax.dynamic_update_slice"(%x, %u, %i, %i) : (tensor<3xf32>, tensor<2xf32>, tensor<i32>, tensor<i32>) -> tensor<3xf32>
  return
}

// -----

// _dynamic_update_slice, _start_indices.
func.func @dus_index(%x: tensor<3xf32>, %u: tensor<2xf32>, %i: tensor<ui32>, %f: tensor<2xi32>) {
  // expected-error @+1 {{'mlax.dynamic_update_slice' op start index #0 must be a scalar integer tensor, got tensor<2xi32>}}
  %0 = "mlax.dynamic_update_slice"(%x, %u, %f) : (tensor<3xf32>, tensor<2xf32>, tensor<2xi32>) -> tensor<3xf32>
  return
}

// -----

// _concatenate, _axis.
func.func @concatenate_range(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.concatenate' op dimension 1 is out of range for rank 1}}
  %0 = "mlax.concatenate"(%x, %x) {dimension = 1 : i64} : (tensor<3xf32>, tensor<3xf32>) -> tensor<6xf32>
  return
}

// -----

// _concatenate: the other dimensions agree.
func.func @concatenate_shapes(%x: tensor<2x3xf32>, %y: tensor<2x4xf32>) {
  // expected-error @+1 {{'mlax.concatenate' op cannot concatenate tensor<2x3xf32> and tensor<2x4xf32> along dimension 0}}
  %0 = "mlax.concatenate"(%x, %y) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

// _concatenate: element types agree too.
func.func @concatenate_dtypes(%x: tensor<2xf32>, %y: tensor<2xi32>) {
  // expected-error @+1 {{'mlax.concatenate' op cannot concatenate tensor<2xf32> and tensor<2xi32> along dimension 0}}
  %0 = "mlax.concatenate"(%x, %y) {dimension = 0 : i64} : (tensor<2xf32>, tensor<2xi32>) -> tensor<4xf32>
  return
}

// -----

// _pad: a scalar padding value of the operand's type.
func.func @pad_value(%x: tensor<3xf32>, %v: tensor<i32>) {
  // expected-error @+1 {{'mlax.pad' op padding_value must be a scalar of the operand's element type, got tensor<i32>}}
  %0 = "mlax.pad"(%x, %v) {edge_padding_high = array<i64: 0>, edge_padding_low = array<i64: 0>, interior_padding = array<i64: 0>} : (tensor<3xf32>, tensor<i32>) -> tensor<3xf32>
  return
}

// -----

// _pad: one entry per dimension.
func.func @pad_count(%x: tensor<3xf32>, %v: tensor<f32>) {
  // expected-error @+1 {{'mlax.pad' op edge_padding_low, edge_padding_high and interior_padding need 1 entries each}}
  %0 = "mlax.pad"(%x, %v) {edge_padding_high = array<i64: 0>, edge_padding_low = array<i64: 0, 0>, interior_padding = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return
}

// -----

// _pad: interior padding is not negative.
func.func @pad_interior(%x: tensor<3xf32>, %v: tensor<f32>) {
  // expected-error @+1 {{'mlax.pad' op interior padding -1 of dimension 0 must not be negative}}
  %0 = "mlax.pad"(%x, %v) {edge_padding_high = array<i64: 0>, edge_padding_low = array<i64: 0>, interior_padding = array<i64: -1>} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return
}

// -----

// _pad: negative edge padding cannot remove more than there is.
func.func @pad_negative(%x: tensor<3xf32>, %v: tensor<f32>) {
  // expected-error @+1 {{'mlax.pad' op padding makes dimension 0 negative (-1)}}
  %0 = "mlax.pad"(%x, %v) {edge_padding_high = array<i64: -2>, edge_padding_low = array<i64: -2>, interior_padding = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<0xf32>
  return
}

// ========================================================================== gather
// The valid form: rows of a 5x3 matrix, `collapsed_slice_dims = [0]`, `offset_dims = [1]`,
// `slice_sizes = [1, 3]`, `start_index_map = [0]`, `index_vector_dim = 1`.

// -----

func.func @gather_indices_dtype(%x: tensor<5x3xf32>, %idx: tensor<2x1xf32>) {
  // expected-error @+1 {{'mlax.gather' op start_indices must be integers, got tensor<2x1xf32>}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_slice_sizes_count(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op slice_sizes needs 2 entries, got 1}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_slice_size_bounds(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op slice size 4 is out of bounds for dimension 1 of size 3}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gather_index_vector_dim(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op index_vector_dim 3 is out of range for tensor<2x1xi32>}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 3 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_collapsed_range(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op collapsed_slice_dims entry 2 is out of range for rank 2}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 2>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_collapsed_repeated(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op collapsed_slice_dims entry [0, 0] has repeated entries}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0, 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_batching_range(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op operand_batching_dims entry 2 is out of range for rank 2}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64: 2>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64: 0>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_collapsed_batching_overlap(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op collapsed_slice_dims and operand_batching_dims overlap}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64: 0>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64: 0>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_collapsed_size(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op collapsed or batching dimension 0 needs slice size <= 1}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 2, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_start_index_map_count(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op start_index_map needs 1 entries (the index vector length), got 2}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0, 1>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_start_index_map_range(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op start_index_map entry 2 is out of range for rank 2}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 2>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

// Batched: operand 2x5, one index per batch row; start_index_map may not name the
// batching dimension.
func.func @gather_start_index_map_batching_overlap(%x: tensor<2x5xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op start_index_map and operand_batching_dims overlap}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 1>, index_vector_dim = 1 : i64, offset_dims = array<i64>, operand_batching_dims = array<i64: 0>, slice_sizes = array<i64: 1, 1>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64: 0>} : (tensor<2x5xf32>, tensor<2x1xi32>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_batching_length(%x: tensor<2x5xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op operand_batching_dims and start_indices_batching_dims differ in length}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 1>, index_vector_dim = 1 : i64, offset_dims = array<i64>, operand_batching_dims = array<i64: 0>, slice_sizes = array<i64: 1, 1>, start_index_map = array<i64: 1>, start_indices_batching_dims = array<i64>} : (tensor<2x5xf32>, tensor<2x1xi32>) -> tensor<2xf32>
  return
}

// -----

// start_indices_batching_dims may not be index_vector_dim.
func.func @gather_indices_batching_range(%x: tensor<2x5xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op start_indices_batching_dims entry 1 is out of range}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 1>, index_vector_dim = 1 : i64, offset_dims = array<i64>, operand_batching_dims = array<i64: 0>, slice_sizes = array<i64: 1, 1>, start_index_map = array<i64: 1>, start_indices_batching_dims = array<i64: 1>} : (tensor<2x5xf32>, tensor<2x1xi32>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_batching_size(%x: tensor<3x5xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op batching dimensions 0 of the operand and 0 of start_indices differ in size}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 1>, index_vector_dim = 1 : i64, offset_dims = array<i64>, operand_batching_dims = array<i64: 0>, slice_sizes = array<i64: 1, 1>, start_index_map = array<i64: 1>, start_indices_batching_dims = array<i64: 0>} : (tensor<3x5xf32>, tensor<2x1xi32>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_offset_dims_count(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op offset_dims needs 1 entries, got 0}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_offset_dims_sorted(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op offset_dims must be sorted and unique}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64>, index_vector_dim = 1 : i64, offset_dims = array<i64: 2, 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x1x3xf32>
  return
}

// -----

func.func @gather_offset_dims_range(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op offset_dims entry 2 is out of range for rank 2}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 2>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return
}

// -----

// The result shape comes from the rule.
func.func @gather_result(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>) {
  // expected-error @+1 {{'mlax.gather' op result type tensor<3x2xf32> does not match the inferred type tensor<2x3xf32>}}
  %0 = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<3x2xf32>
  return
}

// ========================================================================= scatter
// The valid form: rows into a 5x3 matrix, `update_window_dims = [1]`,
// `inserted_window_dims = [0]`, `scatter_dims_to_operand_dims = [0]`, `index_vector_dim = 1`.

// -----

func.func @scatter_indices_dtype(%x: tensor<5x3xf32>, %idx: tensor<2x1xf32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter' op scatter_indices must be integers, got tensor<2x1xf32>}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_updates_dtype(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xi32>) {
  // expected-error @+1 {{'mlax.scatter_add' op updates tensor<2x3xi32> must have the element type of tensor<5x3xf32>}}
  %0 = "mlax.scatter_add"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xi32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_index_vector_dim(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter_mul' op index_vector_dim -1 is out of range for tensor<2x1xi32>}}
  %0 = "mlax.scatter_mul"(%x, %idx, %u) {index_vector_dim = -1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_inserted_overlaps_batching(%x: tensor<2x5xf32>, %idx: tensor<2x1xi32>, %u: tensor<2xf32>) {
  // expected-error @+1 {{'mlax.scatter_add' op inserted_window_dims and input_batching_dims overlap}}
  %0 = "mlax.scatter_add"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64: 0>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 1>, scatter_indices_batching_dims = array<i64: 0>, update_window_dims = array<i64>} : (tensor<2x5xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @scatter_map_overlaps_batching(%x: tensor<2x5xf32>, %idx: tensor<2x1xi32>, %u: tensor<2xf32>) {
  // expected-error @+1 {{'mlax.scatter_add' op scatter_dims_to_operand_dims and input_batching_dims overlap}}
  %0 = "mlax.scatter_add"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64: 0>, inserted_window_dims = array<i64: 1>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64: 0>, update_window_dims = array<i64>} : (tensor<2x5xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @scatter_indices_batching_range(%x: tensor<2x5xf32>, %idx: tensor<2x1xi32>, %u: tensor<2xf32>) {
  // expected-error @+1 {{'mlax.scatter_add' op scatter_indices_batching_dims entry 7 is out of range}}
  %0 = "mlax.scatter_add"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64: 0>, inserted_window_dims = array<i64: 1>, scatter_dims_to_operand_dims = array<i64: 1>, scatter_indices_batching_dims = array<i64: 7>, update_window_dims = array<i64>} : (tensor<2x5xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @scatter_batching_sizes(%x: tensor<3x5xf32>, %idx: tensor<2x1xi32>, %u: tensor<2xf32>) {
  // expected-error @+1 {{'mlax.scatter_add' op batching dimensions 0 of the operand and 0 of scatter_indices differ in size}}
  %0 = "mlax.scatter_add"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64: 0>, inserted_window_dims = array<i64: 1>, scatter_dims_to_operand_dims = array<i64: 1>, scatter_indices_batching_dims = array<i64: 0>, update_window_dims = array<i64>} : (tensor<3x5xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<3x5xf32>
  return
}

// -----

// A declaration whose own signature is not one of static tensors.
// expected-error @+1 {{'mlax.jvp' declaration @gj: expected a ranked tensor type, got i32}}
func.func private @gj(i32, i32) -> (i32, i32) attributes {mlax.jvp = {callee = @g}}
func.func private @g(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}

// -----

// An i64 attribute of another width.
func.func @i64_width(%x: tensor<3xf32>) {
  // expected-error @+1 {{attribute 'y' must be an i64 integer, got 2 : i32}}
  %0 = "mlax.integer_pow"(%x) {y = 2 : i32} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @scatter_inserted_range(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter_min' op inserted_window_dims entry 2 is out of range for rank 2}}
  %0 = "mlax.scatter_min"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 2>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_inserted_repeated(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter_max' op inserted_window_dims entry [0, 0] has repeated entries}}
  %0 = "mlax.scatter_max"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0, 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_input_batching_range(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter' op input_batching_dims entry 2 is out of range for rank 2}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64: 2>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64: 0>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_update_window_sorted(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter' op update_window_dims must be sorted and unique}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1, 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_cover(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter' op update_window_dims, inserted_window_dims and input_batching_dims must together cover the operand's 2 dimensions}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_dims_to_operand_count(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter' op scatter_dims_to_operand_dims needs 1 entries}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0, 1>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_dims_to_operand_range(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter' op scatter_dims_to_operand_dims entry 2 is out of range for rank 2}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 2>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_batching_length(%x: tensor<2x5xf32>, %idx: tensor<2x1xi32>, %u: tensor<2xf32>) {
  // expected-error @+1 {{'mlax.scatter' op input_batching_dims and scatter_indices_batching_dims differ in length}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64: 0>, inserted_window_dims = array<i64: 1>, scatter_dims_to_operand_dims = array<i64: 1>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64>} : (tensor<2x5xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @scatter_updates_rank(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<6xf32>) {
  // expected-error @+1 {{'mlax.scatter' op updates tensor<6xf32> must have rank 2}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<6xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_update_window_range(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.scatter' op update_window_dims entry 2 is out of range for rank 2}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 2>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_scatter_dims(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<4x3xf32>) {
  // expected-error @+1 {{'mlax.scatter' op updates tensor<4x3xf32> scatter dimensions [4] must match the indices' [2]}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<4x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_window_size(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %u: tensor<2x4xf32>) {
  // expected-error @+1 {{'mlax.scatter' op update window dimension 1 of size 4 exceeds operand dimension 1 of size 3}}
  %0 = "mlax.scatter"(%x, %idx, %u) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x4xf32>) -> tensor<5x3xf32>
  return
}

// ====================================================================== reductions

// -----

// _reduce_arith -> _reduce, _dtype_in(NUMERIC).
func.func @reduce_sum_dtype(%x: tensor<2x3xi1>) {
  // expected-error @+1 {{'mlax.reduce_sum' op operand must have a numeric element type, got tensor<2x3xi1>}}
  %0 = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<2x3xi1>) -> tensor<3xi1>
  return
}

// -----

// _reduce_logic -> _reduce, _dtype_in(INTEGERS | bool).
func.func @reduce_and_dtype(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.reduce_and' op operand must have an integer or boolean element type, got tensor<2x3xf32>}}
  %0 = "mlax.reduce_and"(%x) {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  return
}

// -----

// _reduce, _axes -> _axis.
func.func @reduce_axes_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.reduce_max' op axes 2 is out of range for rank 2}}
  %0 = "mlax.reduce_max"(%x) {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// _reduce, _axes: no repeats.
func.func @reduce_axes_repeated(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.reduce_prod' op axes [1, 1] has repeated entries}}
  %0 = "mlax.reduce_prod"(%x) {axes = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

// _argminmax, _axis.
func.func @argmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.argmax' op axis 2 is out of range for rank 2}}
  %0 = "mlax.argmax"(%x) {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi32>
  return
}

// -----

// _argminmax: the index type.
func.func @argmin_index_dtype(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'mlax.argmin' op index type must be i32 or i64, got uint32}}
  %0 = "mlax.argmin"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xui32>
  return
}

// -----

// _cumulative: numeric.
func.func @cumsum_dtype(%x: tensor<3xi1>) {
  // expected-error @+1 {{'mlax.cumsum' op operand must have a numeric element type, got tensor<3xi1>}}
  %0 = "mlax.cumsum"(%x) {axis = 0 : i64, reverse = false} : (tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

// _cumulative, _axis.
func.func @cummax_axis(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.cummax' op axis 1 is out of range for rank 1}}
  %0 = "mlax.cummax"(%x) {axis = 1 : i64, reverse = false} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _dot_general: one element type.
func.func @dot_dtypes(%a: tensor<2x3xf32>, %b: tensor<3x4xf64>) {
  // expected-error @+1 {{'mlax.dot_general' op operands must have one element type, got tensor<2x3xf32> and tensor<3x4xf64>}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf64>) -> tensor<2x4xf32>
  return
}

// -----

// _dot_general: numeric.
func.func @dot_bool(%a: tensor<2x3xi1>, %b: tensor<3x4xi1>) {
  // expected-error @+1 {{'mlax.dot_general' op operands must have a numeric element type, got tensor<2x3xi1>}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xi1>, tensor<3x4xi1>) -> tensor<2x4xi1>
  return
}

// -----

func.func @dot_batching_count(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>) {
  // expected-error @+1 {{'mlax.dot_general' op lhs and rhs batching dimensions differ in number}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x5x4xf32>
  return
}

// -----

func.func @dot_contracting_count(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'mlax.dot_general' op lhs and rhs contracting dimensions differ in number}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @dot_lhs_range(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'mlax.dot_general' op lhs dimension 2 is out of range for rank 2}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 2>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @dot_rhs_range(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'mlax.dot_general' op rhs dimension 2 is out of range for rank 2}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 2>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// A dimension may not be both batching and contracting.
func.func @dot_repeated(%a: tensor<3x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+1 {{'mlax.dot_general' op lhs dimension [0, 0] has repeated entries}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 0>, rhs_batching_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<3x3xf32>, tensor<3x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @dot_batching_size(%a: tensor<5x2x3xf32>, %b: tensor<6x3x4xf32>) {
  // expected-error @+1 {{'mlax.dot_general' op batching dimensions differ in size: lhs dimension 0 is 5, rhs dimension 0 is 6}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batching_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<6x3x4xf32>) -> tensor<5x2x4xf32>
  return
}

// -----

func.func @dot_contracting_size(%a: tensor<2x3xf32>, %b: tensor<4x4xf32>) {
  // expected-error @+1 {{'mlax.dot_general' op contracting dimensions differ in size: lhs dimension 1 is 3, rhs dimension 0 is 4}}
  %0 = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// _sort, _axis.
func.func @sort_dimension(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.sort' op dimension 1 is out of range for rank 1}}
  %0 = "mlax.sort"(%x) {dimension = 1 : i64, is_stable = true} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// _argsort, _axis.
func.func @argsort_dimension(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.argsort' op dimension -1 is out of range for rank 1}}
  %0 = "mlax.argsort"(%x) {dimension = -1 : i64, is_stable = true} : (tensor<3xf32>) -> tensor<3xi32>
  return
}

// -----

// _argsort: the index type.
func.func @argsort_index_dtype(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.argsort' op index type must be i32 or i64, got float32}}
  %0 = "mlax.argsort"(%x) {dimension = 0 : i64, is_stable = true} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// ======================================================================= constants

// -----

// _constant: the result is the value's type. (Its own "unsupported constant element type"
// cannot fire from IR: a value of another element type fails reading the attribute, below.)
func.func @constant_type() {
  // expected-error @+1 {{'mlax.constant' op result type tensor<3xf32> does not match the inferred type tensor<2xf32>}}
  %0 = "mlax.constant"() {value = dense<1.000000e+00> : tensor<2xf32>} : () -> tensor<3xf32>
  return
}

// -----

func.func @constant_element_type() {
  // expected-error @+1 {{'mlax.constant' op unsupported element type i8 in tensor<2xi8>}}
  %0 = "mlax.constant"() {value = dense<1> : tensor<2xi8>} : () -> tensor<2xi32>
  return
}

// -----

// _iota: numeric.
func.func @iota_dtype() {
  // expected-error @+1 {{'mlax.iota' op iota needs a numeric element type, got bool}}
  %0 = "mlax.iota"() {iota_dimension = 0 : i64} : () -> tensor<3xi1>
  return
}

// -----

// _iota, _axis.
func.func @iota_dimension() {
  // expected-error @+1 {{'mlax.iota' op iota_dimension 1 is out of range for rank 1}}
  %0 = "mlax.iota"() {iota_dimension = 1 : i64} : () -> tensor<3xi32>
  return
}

// ================================================================ higher-order ops
// Errors of a declaration are reported at the func.func, prefixed with the op and the
// declaration's name.

// -----

// _grad, _sig_match: argument count.
func.func @loss(%w: tensor<2xf32>, %x: tensor<5xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%w) {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: arguments of @loss: expected 2 values, got 1}}
func.func private @g(tensor<2xf32>) -> tensor<2xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = false}}

// -----

// _grad, _sig_match: argument types.
func.func @loss(%w: tensor<2xf32>, %x: tensor<5xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%w) {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: arguments of @loss: value #1 has type tensor<4xf32>, expected tensor<5xf32>}}
func.func private @g(tensor<2xf32>, tensor<4xf32>) -> tensor<2xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = false}}

// -----

// _grad: something to differentiate (has_aux needs a second result).
func.func @f(%w: tensor<f32>) -> tensor<f32> {
  return %w : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: @f must return a value to differentiate}}
func.func private @g(tensor<f32>) -> tensor<f32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @f, has_aux = true}}

// -----

// _grad: a scalar float output.
func.func @f(%w: tensor<3xf32>) -> tensor<3xf32> {
  return %w : tensor<3xf32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: grad requires @f to return a scalar float, got tensor<3xf32>}}
func.func private @g(tensor<3xf32>) -> tensor<3xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @f, has_aux = false}}

// -----

// _grad, _argnums -> _axes -> _axis.
func.func @f(%w: tensor<f32>, %x: tensor<f32>) -> tensor<f32> {
  return %w : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: argnum 2 is out of range for rank 2}}
func.func private @g(tensor<f32>, tensor<f32>) -> tensor<f32> attributes {mlax.grad = {argnums = array<i64: 2>, callee = @f, has_aux = false}}

// -----

// _grad, _argnums -> _axes: no repeats.
func.func @f(%w: tensor<f32>, %x: tensor<f32>) -> tensor<f32> {
  return %w : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: argnum [0, 0] has repeated entries}}
func.func private @g(tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>) attributes {mlax.grad = {argnums = array<i64: 0, 0>, callee = @f, has_aux = false}}

// -----

// _grad: differentiated arguments are floats.
func.func @f(%w: tensor<f32>, %n: tensor<i32>) -> tensor<f32> {
  return %w : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: grad requires float inputs, but argument 1 of @f is tensor<i32>}}
func.func private @g(tensor<f32>, tensor<i32>) -> tensor<i32> attributes {mlax.grad = {argnums = array<i64: 1>, callee = @f, has_aux = false}}

// -----

// _jvp: primals and tangents.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.jvp' declaration @fj: jvp of @f needs 2 operands (primals and tangents)}}
func.func private @fj(tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @f}}

// -----

// _jvp, _sig_match: primals.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.jvp' declaration @fj: primals of @f: value #0 has type tensor<3xf64>, expected tensor<3xf32>}}
func.func private @fj(tensor<3xf64>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @f}}

// -----

// _jvp, _sig_match: tangents.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.jvp' declaration @fj: tangents of @f: value #0 has type tensor<2xf32>, expected tensor<3xf32>}}
func.func private @fj(tensor<3xf32>, tensor<2xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @f}}

// -----

// _vjp: primals and output cotangents.
func.func @f(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{'mlax.vjp' declaration @fv: vjp of @f needs 2 operands (primals and output cotangents)}}
func.func private @fv(tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) attributes {mlax.vjp = {callee = @f}}

// -----

// _vjp, _sig_match: primals.
func.func @f(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{'mlax.vjp' declaration @fv: primals of @f: value #0 has type tensor<4xf32>, expected tensor<3xf32>}}
func.func private @fv(tensor<4xf32>, tensor<f32>) -> (tensor<f32>, tensor<3xf32>) attributes {mlax.vjp = {callee = @f}}

// -----

// _vjp, _sig_match: cotangents have the outputs' types.
func.func @f(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{'mlax.vjp' declaration @fv: cotangents of @f: value #0 has type tensor<3xf32>, expected tensor<f32>}}
func.func private @fv(tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) attributes {mlax.vjp = {callee = @f}}

// -----

// _vmap: one in_axes entry per argument.
func.func @f(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.vmap' declaration @fm: in_axes needs 2 entries, got 1}}
func.func private @fm(tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @f, in_axes = [0], out_axes = [0]}}

// -----

// _vmap: one out_axes entry per result of the callee.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.vmap' declaration @fm: out_axes needs 1 entries, got 2}}
func.func private @fm(tensor<4x3xf32>) -> tensor<4x3xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @f, in_axes = [0], out_axes = [0, 0]}}

// -----

// _vmap: axis_size.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.vmap' declaration @fm: axis_size -1 must not be negative}}
func.func private @fm(tensor<3xf32>) -> tensor<3xf32> attributes {mlax.vmap = {axis_size = -1 : i64, callee = @f, in_axes = [unit], out_axes = [unit]}}

// -----

// _vmap, _axis: in_axes entries in range of their argument.
func.func @f(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
// expected-error @+1 {{'mlax.vmap' declaration @fm: in_axes entry 0: 1 is out of range for rank 1}}
func.func private @fm(tensor<4xf32>) -> tensor<4xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @f, in_axes = [1], out_axes = [0]}}

// -----

// _vmap: the mapped axis has axis_size elements.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.vmap' declaration @fm: argument 0 has size 5 on mapped axis 0, expected 4}}
func.func private @fm(tensor<5x3xf32>) -> tensor<4x3xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @f, in_axes = [0], out_axes = [0]}}

// -----

// _vmap, _sig_match: unbatched arguments match the callee.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.vmap' declaration @fm: unbatched arguments of @f: value #0 has type tensor<2xf32>, expected tensor<3xf32>}}
func.func private @fm(tensor<4x2xf32>) -> tensor<4x3xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @f, in_axes = [0], out_axes = [0]}}

// -----

// _vmap, _axis: out_axes entries in range of the batched result.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.vmap' declaration @fm: out_axes entry 0: 2 is out of range for rank 2}}
func.func private @fm(tensor<4x3xf32>) -> tensor<4x3xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @f, in_axes = [0], out_axes = [2]}}

// -----

// _scan: num_consts and num_carry fit the operands.
func.func @step(%c: tensor<f32>, %x: tensor<f32>) -> tensor<f32> {
  return %c : tensor<f32>
}
// expected-error @+1 {{'mlax.scan' declaration @s: num_consts 2 and num_carry 1 do not fit 2 operands}}
func.func private @s(tensor<f32>, tensor<5xf32>) -> tensor<f32> attributes {mlax.scan = {body = @step, length = 5 : i64, num_carry = 1 : i64, num_consts = 2 : i64, reverse = false}}

// -----

// _scan: length.
func.func @step(%c: tensor<f32>) -> tensor<f32> {
  return %c : tensor<f32>
}
// expected-error @+1 {{'mlax.scan' declaration @s: length -1 must not be negative}}
func.func private @s(tensor<f32>) -> tensor<f32> attributes {mlax.scan = {body = @step, length = -1 : i64, num_carry = 1 : i64, num_consts = 0 : i64, reverse = false}}

// -----

// _scan: scanned operands have `length` rows.
func.func @step(%c: tensor<f32>, %x: tensor<2xf32>) -> tensor<f32> {
  return %c : tensor<f32>
}
// expected-error @+1 {{'mlax.scan' declaration @s: scanned operand #0 tensor<4x2xf32> must have leading dimension 5}}
func.func private @s(tensor<f32>, tensor<4x2xf32>) -> tensor<f32> attributes {mlax.scan = {body = @step, length = 5 : i64, num_carry = 1 : i64, num_consts = 0 : i64, reverse = true}}

// -----

// _scan, _sig_match: the body takes consts, carry and one row of each xs.
func.func @step(%c: tensor<f32>, %x: tensor<3xf32>) -> tensor<f32> {
  return %c : tensor<f32>
}
// expected-error @+1 {{'mlax.scan' declaration @s: arguments of body @step: value #1 has type tensor<2xf32>, expected tensor<3xf32>}}
func.func private @s(tensor<f32>, tensor<5x2xf32>) -> tensor<f32> attributes {mlax.scan = {body = @step, length = 5 : i64, num_carry = 1 : i64, num_consts = 0 : i64, reverse = false}}

// -----

// _scan: the body returns the carries.
func.func @step(%c: tensor<f32>, %d: tensor<f32>) -> tensor<f32> {
  return %c : tensor<f32>
}
// expected-error @+1 {{'mlax.scan' declaration @s: body @step must return the 2 carries}}
func.func private @s(tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>) attributes {mlax.scan = {body = @step, length = 5 : i64, num_carry = 2 : i64, num_consts = 0 : i64, reverse = false}}

// -----

// _scan, _sig_match: with the carries' types.
func.func @step(%c: tensor<f32>) -> tensor<f64> {
  %0 = "mlax.convert"(%c) : (tensor<f32>) -> tensor<f64>
  return %0 : tensor<f64>
}
// expected-error @+1 {{'mlax.scan' declaration @s: carry returned by body @step: value #0 has type tensor<f64>, expected tensor<f32>}}
func.func private @s(tensor<f32>) -> tensor<f32> attributes {mlax.scan = {body = @step, length = 5 : i64, num_carry = 1 : i64, num_consts = 0 : i64, reverse = false}}

// -----

// _while: cond_nconsts and body_nconsts fit the operands.
func.func @c(%i: tensor<i32>) -> tensor<i1> {
  %0 = "mlax.compare"(%i, %i) {comparison_direction = "LT"} : (tensor<i32>, tensor<i32>) -> tensor<i1>
  return %0 : tensor<i1>
}
func.func @b(%i: tensor<i32>) -> tensor<i32> {
  return %i : tensor<i32>
}
// expected-error @+1 {{'mlax.while' declaration @w: cond_nconsts 1 and body_nconsts 1 do not fit 1 operands}}
func.func private @w(tensor<i32>) -> tensor<i32> attributes {mlax.while = {body = @b, body_nconsts = 1 : i64, cond = @c, cond_nconsts = 1 : i64}}

// -----

// _while, _sig_match: cond takes cond consts and the carry.
func.func @c(%i: tensor<i64>) -> tensor<i1> {
  %0 = "mlax.compare"(%i, %i) {comparison_direction = "LT"} : (tensor<i64>, tensor<i64>) -> tensor<i1>
  return %0 : tensor<i1>
}
func.func @b(%i: tensor<i32>) -> tensor<i32> {
  return %i : tensor<i32>
}
// expected-error @+1 {{'mlax.while' declaration @w: arguments of cond @c: value #0 has type tensor<i32>, expected tensor<i64>}}
func.func private @w(tensor<i32>) -> tensor<i32> attributes {mlax.while = {body = @b, body_nconsts = 0 : i64, cond = @c, cond_nconsts = 0 : i64}}

// -----

// _while: cond returns one scalar i1.
func.func @c(%i: tensor<i32>) -> tensor<i32> {
  return %i : tensor<i32>
}
func.func @b(%i: tensor<i32>) -> tensor<i32> {
  return %i : tensor<i32>
}
// expected-error @+1 {{'mlax.while' declaration @w: cond @c must return one scalar i1}}
func.func private @w(tensor<i32>) -> tensor<i32> attributes {mlax.while = {body = @b, body_nconsts = 0 : i64, cond = @c, cond_nconsts = 0 : i64}}

// -----

// _while, _sig_match: body takes body consts and the carry.
func.func @c(%i: tensor<i32>) -> tensor<i1> {
  %0 = "mlax.compare"(%i, %i) {comparison_direction = "LT"} : (tensor<i32>, tensor<i32>) -> tensor<i1>
  return %0 : tensor<i1>
}
func.func @b(%i: tensor<i32>) -> tensor<i32> {
  return %i : tensor<i32>
}
// expected-error @+1 {{'mlax.while' declaration @w: arguments of body @b: expected 1 values, got 2}}
func.func private @w(tensor<f32>, tensor<i32>) -> tensor<i32> attributes {mlax.while = {body = @b, body_nconsts = 1 : i64, cond = @c, cond_nconsts = 0 : i64}}

// -----

// _while, _sig_match: body returns the carry.
func.func @c(%i: tensor<i32>) -> tensor<i1> {
  %0 = "mlax.compare"(%i, %i) {comparison_direction = "LT"} : (tensor<i32>, tensor<i32>) -> tensor<i1>
  return %0 : tensor<i1>
}
func.func @b(%i: tensor<i32>) -> (tensor<i32>, tensor<i32>) {
  return %i, %i : tensor<i32>, tensor<i32>
}
// expected-error @+1 {{'mlax.while' declaration @w: carry returned by body @b: expected 1 values, got 2}}
func.func private @w(tensor<i32>) -> tensor<i32> attributes {mlax.while = {body = @b, body_nconsts = 0 : i64, cond = @c, cond_nconsts = 0 : i64}}

// -----

// _cond: a scalar i32 index.
func.func @b0(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
// expected-error @+1 {{'mlax.cond' declaration @sw: index must be a scalar i32, got tensor<i64>}}
func.func private @sw(tensor<i64>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = [@b0]}}

// -----

// _cond: at least one branch.
// expected-error @+1 {{'mlax.cond' declaration @sw: cond needs at least one branch}}
func.func private @sw(tensor<i32>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = []}}

// -----

// _cond, _sig_match: every branch takes the operands.
func.func @b0(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func @b1(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
// expected-error @+1 {{'mlax.cond' declaration @sw: arguments of branch @b1: expected 2 values, got 1}}
func.func private @sw(tensor<i32>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = [@b0, @b1]}}

// -----

// _cond, _sig_match: every branch returns what the first does.
func.func @b0(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func @b1(%x: tensor<2xf32>) -> tensor<2xf64> {
  %0 = "mlax.convert"(%x) : (tensor<2xf32>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}
// expected-error @+1 {{'mlax.cond' declaration @sw: results of branch @b1 versus @b0: value #0 has type tensor<2xf64>, expected tensor<2xf32>}}
func.func private @sw(tensor<i32>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = [@b0, @b1]}}

// ================================================================ passes/verify.py

// -----

// check: an op's result type is the inferred one.
func.func @result_type(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.exp' op result type tensor<3xf64> does not match the inferred type tensor<3xf32>}}
  %0 = "mlax.exp"(%x) : (tensor<3xf32>) -> tensor<3xf64>
  return
}

// -----

// check: a declaration's results, by number.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.jvp' declaration @fj: result #1 type tensor<3xf64> does not match the inferred type tensor<3xf32>}}
func.func private @fj(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf64>) attributes {mlax.jvp = {callee = @f}}

// -----

// check: a declaration's result count.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.jvp' declaration @fj: has 1 results, its operands give 2}}
func.func private @fj(tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> attributes {mlax.jvp = {callee = @f}}

// -----

// resolver: a symbol names a func.func of the module.
// expected-error @+1 {{'@nope' does not name a func.func in this module}}
func.func private @fj(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @nope}}

// -----

// signature: a referenced function takes and returns ranked tensors of mlax element types.
func.func @f(%x: i32) -> i32 {
  return %x : i32
}
// expected-error @+1 {{@f cannot be referenced by an mlax op: expected a ranked tensor type, got i32}}
func.func private @fj(tensor<i32>, tensor<i32>) -> (tensor<i32>, tensor<i32>) attributes {mlax.jvp = {callee = @f}}

// -----

func.func @f(%x: tensor<3xi8>) -> tensor<3xi8> {
  return %x : tensor<3xi8>
}
// expected-error @+1 {{@f cannot be referenced by an mlax op: unsupported element type i8 in tensor<3xi8>}}
func.func private @fj(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @f}}

// -----

// The declaration's own signature too.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{unsupported element type i8 in tensor<3xi8>}}
func.func private @fj(tensor<3xi8>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @f}}

// -----

// aval_of_type: an op's operands have an mlax element type.
func.func @element_type(%x: tensor<3xi8>) {
  // expected-error @+1 {{'mlax.neg' op unsupported element type i8 in tensor<3xi8>}}
  %0 = "mlax.neg"(%x) : (tensor<3xi8>) -> tensor<3xi8>
  return
}

// -----

// check_declaration: a declaration has no body (the op's pass generates it).
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{a function carrying 'mlax.jvp' must be a declaration (its body is what the op's pass generates)}}
func.func private @fj(%x: tensor<3xf32>, %t: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @f}} {
  return %x, %t : tensor<3xf32>, tensor<3xf32>
}

// -----

// declared_op: an unknown `mlax.` attribute on a func.func.
// expected-error @+1 {{'mlax.xyz' is not a higher-order mlax op}}
func.func private @d(tensor<3xf32>) -> tensor<3xf32> attributes {mlax.xyz = {callee = @d}}

// -----

// declared_op: an op that is not higher-order cannot be declared.
// expected-error @+1 {{'mlax.add' is not a higher-order mlax op}}
func.func private @d(tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> attributes {mlax.add = {}}

// -----

// declared_op: the attribute is a dictionary.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.jvp' must be a dictionary of the op's attributes}}
func.func private @fj(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = @f}

// -----

// read_params: a declaration's dictionary has every attribute, defaults included.
func.func @loss(%w: tensor<2xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%w) {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: needs attribute 'argnums'}}
func.func private @g(tensor<2xf32>) -> tensor<2xf32> attributes {mlax.grad = {callee = @loss, has_aux = false}}

// -----

func.func @step(%c: tensor<f32>) -> tensor<f32> {
  return %c : tensor<f32>
}
// expected-error @+1 {{'mlax.scan' declaration @s: needs attribute 'num_consts'}}
func.func private @s(tensor<f32>) -> tensor<f32> attributes {mlax.scan = {body = @step, length = 5 : i64, num_carry = 1 : i64, reverse = false}}

// -----

// from_attr: an attribute of the wrong kind. IRDL checks an op's attributes against the
// builtin attribute class, which is coarser: a Bool must be `true`/`false`, not any integer.
func.func @bool_kind(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.sort' op attribute 'is_stable' must be a boolean, got 1 : i64}}
  %0 = "mlax.sort"(%x) {dimension = 0 : i64, is_stable = 1 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// ... and an I64 is not a boolean.
func.func @i64_kind(%x: tensor<3xf32>) {
  // expected-error @+1 {{'mlax.integer_pow' op attribute 'y' must be an i64 integer, got true}}
  %0 = "mlax.integer_pow"(%x) {y = true} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// In a declaration's dictionary nothing else checks kinds: I64s.
func.func @loss(%w: tensor<2xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%w) {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: attribute 'argnums' must be array<i64: ...>, got [0]}}
func.func private @g(tensor<2xf32>) -> tensor<2xf32> attributes {mlax.grad = {argnums = [0], callee = @loss, has_aux = false}}

// -----

// Bool.
func.func @loss(%w: tensor<2xf32>) -> tensor<f32> {
  %0 = "mlax.reduce_sum"(%w) {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{'mlax.grad' declaration @g: attribute 'has_aux' must be a boolean, got "no"}}
func.func private @g(tensor<2xf32>) -> tensor<2xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = "no"}}

// -----

// Symbol.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.jvp' declaration @fj: attribute 'callee' must be a symbol reference, got "f"}}
func.func private @fj(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = "f"}}

// -----

// Symbols.
func.func @b0(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
// expected-error @+1 {{'mlax.cond' declaration @sw: attribute 'branches' must be an array of symbol references, got @b0}}
func.func private @sw(tensor<i32>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = @b0}}

// -----

// Axes: integers or unit.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// expected-error @+1 {{'mlax.vmap' declaration @fm: attribute 'in_axes' must be an array of i64 or unit, got [0.000000e+00]}}
func.func private @fm(tensor<4x3xf32>) -> tensor<4x3xf32> attributes {mlax.vmap = {axis_size = 4 : i64, callee = @f, in_axes = [0.0], out_axes = [0]}}

// -----

// I64.
func.func @step(%c: tensor<f32>) -> tensor<f32> {
  return %c : tensor<f32>
}
// expected-error @+1 {{'mlax.scan' declaration @s: attribute 'length' must be an i64 integer, got "5"}}
func.func private @s(tensor<f32>) -> tensor<f32> attributes {mlax.scan = {body = @step, length = "5", num_carry = 1 : i64, num_consts = 0 : i64, reverse = false}}

// ======================================================= IRDL (structure, at parse time)

// -----

// Operand count.
func.func @operand_count(%x: tensor<3xf32>) {
  // expected-error @+1 {{op expects exactly 2 operands, but got 1}}
  %0 = "mlax.add"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// Result count. (So the verifier's own "expects exactly one result", for ops whose result
// type carries a parameter, cannot fire.)
func.func @result_count(%x: tensor<3xf32>) {
  // expected-error @+1 {{op expects exactly 1 results, but got 2}}
  %0:2 = "mlax.exp"(%x) : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

// A missing attribute.
func.func @missing_attribute(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{attribute "permutation" is expected but not provided}}
  %0 = "mlax.transpose"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

// An attribute of the wrong builtin class.
func.func @attribute_class(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expected base attribute 'builtin.dense_array' but got 'builtin.array'}}
  %0 = "mlax.transpose"(%x) {permutation = [1, 0]} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

// A non-tensor operand.
func.func @non_tensor(%x: f32) {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.f32'}}
  %0 = "mlax.exp"(%x) : (f32) -> f32
  return
}

// -----

// An unranked tensor.
func.func @unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.unranked_tensor'}}
  %0 = "mlax.exp"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

// An op the dialect does not have.
func.func @unknown_op(%x: tensor<3xf32>) {
  // expected-error @+1 {{unregistered operation 'mlax.nosuchop' found in dialect ('mlax') that does not allow unknown operations}}
  %0 = "mlax.nosuchop"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return
}
