/// Fortran (column-major) to C (row-major) reordering.
///
/// The bytes of a Fortran-order array of shape (d0, ..., dk) are the bytes of
/// a C-order array of shape (dk, ..., d0); reversing its axes gives the C
/// order the Tensor type uses.
enum AxisReversal {
    static func fortranToC(_ scalars: [Float], shape: [Int]) -> [Float] {
        guard shape.count > 1, !scalars.isEmpty else { return scalars }
        // Column-major strides of the source, walked with an odometer over the
        // destination's row-major indices, so each element costs an add.
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        let last = shape.count - 1
        return [Float](unsafeUninitializedCapacity: scalars.count) { out, initialized in
            scalars.withUnsafeBufferPointer { source in
                var index = [Int](repeating: 0, count: shape.count)
                var offset = 0
                var written = 0
                while written < scalars.count {
                    // Innermost axis as a tight strided loop.
                    for i in 0..<shape[last] { out[written + i] = source[offset + i * strides[last]] }
                    written += shape[last]
                    var axis = last - 1
                    while axis >= 0 {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < shape[axis] { break }
                        offset -= strides[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
            initialized = scalars.count
        }
    }
}
