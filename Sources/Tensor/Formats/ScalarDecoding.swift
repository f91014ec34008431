#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if _endian(big)
#error("The tensor file readers copy little-endian float32 bytes directly; add byte swapping for big-endian hosts.")
#endif

/// How the scalars of a tensor are stored in a file: which encoding and
/// which byte order. Every reader converts to Float through here.
struct ScalarLayout: Equatable {
    enum Kind: Equatable {
        case float16, bfloat16, float32, float64
        /// Integers are read when float32 holds them exactly (model files carry
        /// small index tensors such as BERT's I64 `position_ids`).
        case signedInteger(byteCount: Int), unsignedInteger(byteCount: Int)
        /// One byte, 0 or 1.
        case bool
    }

    let kind: Kind
    let bigEndian: Bool

    init(_ kind: Kind, bigEndian: Bool = false) {
        self.kind = kind
        self.bigEndian = bigEndian
    }

    var byteCount: Int {
        switch kind {
        case .float16, .bfloat16: return 2
        case .float32: return 4
        case .float64: return 8
        case .signedInteger(let byteCount), .unsignedInteger(let byteCount): return byteCount
        case .bool: return 1
        }
    }

    /// Flat index of the first stored value that the Float conversion changed:
    /// an integer beyond float32's exact range (2^24), or a BOOL byte other than 0/1.
    /// Floats are never "inexact" here; their rounding is the conversion's purpose.
    func firstInexactValue(in bytes: UnsafeRawBufferPointer, count: Int) -> Int? {
        switch kind {
        case .float16, .bfloat16, .float32, .float64:
            return nil
        case .bool:
            return (0..<count).first { bytes[$0] > 1 }
        case .signedInteger, .unsignedInteger:
            return (0..<count).first { index in
                let value = integer(in: bytes, at: index)
                return value.magnitude > 1 << 24 && Float(exactly: value) == nil
            }
        }
    }

    /// The integer at `index`, as Int64 or, for U64 values above Int64.max, a sentinel
    /// that is never exactly representable.
    private func integer(in bytes: UnsafeRawBufferPointer, at index: Int) -> Int64 {
        let raw = loadLittleEndian(bytes, at: index * byteCount, byteCount: byteCount)
        let unusedBits = UInt64(64 - 8 * byteCount)
        let ordered = bigEndian ? raw.byteSwapped >> unusedBits : raw
        switch kind {
        case .signedInteger:
            // Sign-extend from the stored width.
            return Int64(bitPattern: ordered << unusedBits) >> Int64(unusedBits)
        default:
            return ordered > UInt64(Int64.max) ? Int64.max : Int64(ordered)
        }
    }

    /// Converts `bytes` (exactly `count * byteCount` of them, any alignment) to
    /// floats; throws `makeError`'s error if any result is NaN or infinite.
    func finiteFloats(from bytes: UnsafeRawBufferPointer, count: Int,
                      orThrow makeError: (NonFiniteValue) -> TensorFormatError) throws -> [Float] {
        precondition(bytes.count == count * byteCount)
        var allFinite = true
        let scalars = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            defer { initialized = count }
            guard count > 0, let source = bytes.baseAddress, let target = out.baseAddress else { return }
            if kind == .float32 {
                // The hot path (model weights, prompts): a copy fused with the finiteness
                // check, one pass over memory. NaN/Inf are the magnitudes >= 0x7F800000.
                let words = UnsafeMutableRawPointer(target).assumingMemoryBound(to: UInt32.self)
                var largestMagnitude: UInt32 = 0
                for i in 0..<count {
                    let raw = source.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                    let word = bigEndian ? raw.byteSwapped : raw
                    words[i] = word
                    largestMagnitude = max(largestMagnitude, word & 0x7FFF_FFFF)
                }
                allFinite = largestMagnitude < 0x7F80_0000
            } else {
                convert(source, count: count, into: target)
                allFinite = !UnsafeBufferPointer(start: target, count: count).contains { !$0.isFinite }
            }
        }
        if !allFinite, let index = scalars.firstIndex(where: { !$0.isFinite }) {
            throw makeError(NonFiniteValue(index: index, value: scalars[index]))
        }
        return scalars
    }

    private func convert(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutablePointer<Float>) {
        switch kind {
        case .float32:
            preconditionFailure("float32 is copied by the caller")
        case .float64:
            for i in 0..<count {
                let raw = source.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                target[i] = Float(Double(bitPattern: bigEndian ? raw.byteSwapped : raw))
            }
        case .float16:
            for i in 0..<count {
                let raw = source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                target[i] = HalfPrecision.float(fromHalfBits: bigEndian ? raw.byteSwapped : raw)
            }
        case .bfloat16:
            for i in 0..<count {
                let raw = source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                target[i] = HalfPrecision.float(fromBFloat16Bits: bigEndian ? raw.byteSwapped : raw)
            }
        case .signedInteger, .unsignedInteger, .bool:
            let bytes = UnsafeRawBufferPointer(start: source, count: count * byteCount)
            for i in 0..<count { target[i] = Float(integer(in: bytes, at: i)) }
        }
    }
}

/// The first NaN or infinity found while reading a tensor, for error messages.
struct NonFiniteValue {
    let index: Int
    let value: Float

    /// E.g. "NaN at flat index 5".
    var description: String {
        let name = value.isNaN ? "NaN" : (value > 0 ? "+Infinity" : "-Infinity")
        return "\(name) at flat index \(index)"
    }
}

/// Element count of `shape`, or nil if it overflows Int (a corrupt or hostile header).
func checkedElementCount(_ shape: [Int]) -> Int? {
    var product = 1
    for dim in shape {
        guard dim >= 0 else { return nil }
        let (result, overflow) = product.multipliedReportingOverflow(by: dim)
        if overflow { return nil }
        product = result
    }
    return product
}

/// Reads a little-endian unsigned integer of `byteCount` bytes (at most 8).
func loadLittleEndian(_ bytes: UnsafeRawBufferPointer, at offset: Int, byteCount: Int) -> UInt64 {
    var value: UInt64 = 0
    for i in (0..<byteCount).reversed() { value = value << 8 | UInt64(bytes[offset + i]) }
    return value
}
