// The `mlax` dialect, generated from dialect/rules.py by `python -m mlax.dialect.irdl`.
irdl.dialect @mlax {
  irdl.operation @abs {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @add {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @and {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @argmax {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"axis" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @argmin {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"axis" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @argsort {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "#builtin.integer"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"dimension" = %1, "is_stable" = %2}
    irdl.operands(operand: %0)
    irdl.results(result: %3)
  }
  irdl.operation @atan2 {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @bitcast_convert {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @broadcast_in_dim {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"broadcast_dimensions" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @cbrt {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @ceil {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @compare {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "#builtin.string"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"comparison_direction" = %2}
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %3)
  }
  irdl.operation @concatenate {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "#builtin.integer"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"dimension" = %2}
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %3)
  }
  irdl.operation @constant {
    %0 = irdl.base "#builtin.dense_int_or_fp_elements"
    %1 = irdl.base "!builtin.tensor"
    irdl.attributes {"value" = %0}
    irdl.results(result: %1)
  }
  irdl.operation @convert {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @cos {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @cummax {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "#builtin.integer"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"axis" = %1, "reverse" = %2}
    irdl.operands(operand: %0)
    irdl.results(result: %3)
  }
  irdl.operation @cummin {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "#builtin.integer"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"axis" = %1, "reverse" = %2}
    irdl.operands(operand: %0)
    irdl.results(result: %3)
  }
  irdl.operation @cumprod {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "#builtin.integer"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"axis" = %1, "reverse" = %2}
    irdl.operands(operand: %0)
    irdl.results(result: %3)
  }
  irdl.operation @cumsum {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "#builtin.integer"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"axis" = %1, "reverse" = %2}
    irdl.operands(operand: %0)
    irdl.results(result: %3)
  }
  irdl.operation @div {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @dot_general {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "#builtin.dense_array"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "#builtin.dense_array"
    %5 = irdl.base "#builtin.dense_array"
    %6 = irdl.base "!builtin.tensor"
    irdl.attributes {"lhs_batching_dimensions" = %2, "rhs_batching_dimensions" = %3, "lhs_contracting_dimensions" = %4, "rhs_contracting_dimensions" = %5}
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %6)
  }
  irdl.operation @dynamic_slice {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "#builtin.dense_array"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"slice_sizes" = %2}
    irdl.operands(operand: %0, start_indices: variadic %1)
    irdl.results(result: %3)
  }
  irdl.operation @dynamic_update_slice {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    %3 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0, update: %1, start_indices: variadic %2)
    irdl.results(result: %3)
  }
  irdl.operation @erf {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @erf_inv {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @exp {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @exp2 {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @expm1 {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @floor {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @gather {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "#builtin.dense_array"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "#builtin.dense_array"
    %5 = irdl.base "#builtin.dense_array"
    %6 = irdl.base "#builtin.dense_array"
    %7 = irdl.base "#builtin.integer"
    %8 = irdl.base "#builtin.dense_array"
    %9 = irdl.base "!builtin.tensor"
    irdl.attributes {"offset_dims" = %2, "collapsed_slice_dims" = %3, "operand_batching_dims" = %4, "start_indices_batching_dims" = %5, "start_index_map" = %6, "index_vector_dim" = %7, "slice_sizes" = %8}
    irdl.operands(operand: %0, start_indices: %1)
    irdl.results(result: %9)
  }
  irdl.operation @integer_pow {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"y" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @iota {
    %0 = irdl.base "#builtin.integer"
    %1 = irdl.base "!builtin.tensor"
    irdl.attributes {"iota_dimension" = %0}
    irdl.results(result: %1)
  }
  irdl.operation @is_finite {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @log {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @log1p {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @logistic {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @max {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @min {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @mul {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @neg {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @not {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @or {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @pad {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "#builtin.dense_array"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "#builtin.dense_array"
    %5 = irdl.base "!builtin.tensor"
    irdl.attributes {"edge_padding_low" = %2, "edge_padding_high" = %3, "interior_padding" = %4}
    irdl.operands(operand: %0, padding_value: %1)
    irdl.results(result: %5)
  }
  irdl.operation @pow {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @reduce_and {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"axes" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @reduce_max {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"axes" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @reduce_min {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"axes" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @reduce_or {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"axes" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @reduce_prod {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"axes" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @reduce_sum {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"axes" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @rem {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @reshape {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @rev {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"dimensions" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @round {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"rounding_method" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @rsqrt {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @scatter {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "#builtin.dense_array"
    %5 = irdl.base "#builtin.dense_array"
    %6 = irdl.base "#builtin.dense_array"
    %7 = irdl.base "#builtin.dense_array"
    %8 = irdl.base "#builtin.integer"
    %9 = irdl.base "!builtin.tensor"
    irdl.attributes {"update_window_dims" = %3, "inserted_window_dims" = %4, "input_batching_dims" = %5, "scatter_indices_batching_dims" = %6, "scatter_dims_to_operand_dims" = %7, "index_vector_dim" = %8}
    irdl.operands(operand: %0, scatter_indices: %1, updates: %2)
    irdl.results(result: %9)
  }
  irdl.operation @scatter_add {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "#builtin.dense_array"
    %5 = irdl.base "#builtin.dense_array"
    %6 = irdl.base "#builtin.dense_array"
    %7 = irdl.base "#builtin.dense_array"
    %8 = irdl.base "#builtin.integer"
    %9 = irdl.base "!builtin.tensor"
    irdl.attributes {"update_window_dims" = %3, "inserted_window_dims" = %4, "input_batching_dims" = %5, "scatter_indices_batching_dims" = %6, "scatter_dims_to_operand_dims" = %7, "index_vector_dim" = %8}
    irdl.operands(operand: %0, scatter_indices: %1, updates: %2)
    irdl.results(result: %9)
  }
  irdl.operation @scatter_max {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "#builtin.dense_array"
    %5 = irdl.base "#builtin.dense_array"
    %6 = irdl.base "#builtin.dense_array"
    %7 = irdl.base "#builtin.dense_array"
    %8 = irdl.base "#builtin.integer"
    %9 = irdl.base "!builtin.tensor"
    irdl.attributes {"update_window_dims" = %3, "inserted_window_dims" = %4, "input_batching_dims" = %5, "scatter_indices_batching_dims" = %6, "scatter_dims_to_operand_dims" = %7, "index_vector_dim" = %8}
    irdl.operands(operand: %0, scatter_indices: %1, updates: %2)
    irdl.results(result: %9)
  }
  irdl.operation @scatter_min {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "#builtin.dense_array"
    %5 = irdl.base "#builtin.dense_array"
    %6 = irdl.base "#builtin.dense_array"
    %7 = irdl.base "#builtin.dense_array"
    %8 = irdl.base "#builtin.integer"
    %9 = irdl.base "!builtin.tensor"
    irdl.attributes {"update_window_dims" = %3, "inserted_window_dims" = %4, "input_batching_dims" = %5, "scatter_indices_batching_dims" = %6, "scatter_dims_to_operand_dims" = %7, "index_vector_dim" = %8}
    irdl.operands(operand: %0, scatter_indices: %1, updates: %2)
    irdl.results(result: %9)
  }
  irdl.operation @scatter_mul {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "#builtin.dense_array"
    %5 = irdl.base "#builtin.dense_array"
    %6 = irdl.base "#builtin.dense_array"
    %7 = irdl.base "#builtin.dense_array"
    %8 = irdl.base "#builtin.integer"
    %9 = irdl.base "!builtin.tensor"
    irdl.attributes {"update_window_dims" = %3, "inserted_window_dims" = %4, "input_batching_dims" = %5, "scatter_indices_batching_dims" = %6, "scatter_dims_to_operand_dims" = %7, "index_vector_dim" = %8}
    irdl.operands(operand: %0, scatter_indices: %1, updates: %2)
    irdl.results(result: %9)
  }
  irdl.operation @select {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    %3 = irdl.base "!builtin.tensor"
    irdl.operands(pred: %0, on_true: %1, on_false: %2)
    irdl.results(result: %3)
  }
  irdl.operation @shift_left {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @shift_right_arithmetic {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @shift_right_logical {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @sign {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @sin {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @slice {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "#builtin.dense_array"
    %3 = irdl.base "#builtin.dense_array"
    %4 = irdl.base "!builtin.tensor"
    irdl.attributes {"start_indices" = %1, "limit_indices" = %2, "strides" = %3}
    irdl.operands(operand: %0)
    irdl.results(result: %4)
  }
  irdl.operation @sort {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.integer"
    %2 = irdl.base "#builtin.integer"
    %3 = irdl.base "!builtin.tensor"
    irdl.attributes {"dimension" = %1, "is_stable" = %2}
    irdl.operands(operand: %0)
    irdl.results(result: %3)
  }
  irdl.operation @sqrt {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @stop_gradient {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @sub {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
  irdl.operation @tan {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @tanh {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    irdl.operands(operand: %0)
    irdl.results(result: %1)
  }
  irdl.operation @transpose {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "#builtin.dense_array"
    %2 = irdl.base "!builtin.tensor"
    irdl.attributes {"permutation" = %1}
    irdl.operands(operand: %0)
    irdl.results(result: %2)
  }
  irdl.operation @xor {
    %0 = irdl.base "!builtin.tensor"
    %1 = irdl.base "!builtin.tensor"
    %2 = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %0, rhs: %1)
    irdl.results(result: %2)
  }
}
