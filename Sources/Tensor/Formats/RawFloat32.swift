/// Raw little-endian float32 bytes, how the hub stores tensor blobs; the
/// shape lives in the blob's metadata, so it is passed in on decode.
public enum RawFloat32 {
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        tensor.scalars.withUnsafeBytes { [UInt8]($0) }
    }

    public static func decode(_ bytes: [UInt8], shape: [Int]) throws -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }), let count = checkedElementCount(shape),
              case let (needed, overflow) = count.multipliedReportingOverflow(by: 4), !overflow else {
            throw TensorFormatError(nil, "raw float32 blob: shape \(shape) is not a valid tensor shape (dimensions must be non-negative and the element count addressable)")
        }
        guard bytes.count == needed else {
            throw TensorFormatError(nil, "raw float32 blob: shape \(shape) needs \(needed) bytes but the blob has \(bytes.count); the blob or its recorded shape is wrong")
        }
        let scalars = try bytes.withUnsafeBytes { raw in
            try ScalarLayout(.float32).finiteFloats(from: raw, count: count) { bad in
                TensorFormatError(nil, "raw float32 blob: holds \(bad.description); stored tensors must be finite")
            }
        }
        return Tensor(shape: shape, scalars: scalars)
    }
}
