#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if _endian(big)
#error("The tensor file readers copy little-endian float32 bytes directly; add byte swapping for big-endian hosts.")
#endif

/// How the scalars of a tensor are stored in a file: which float encoding
/// and which byte order. Every reader converts to Float through here.
struct ScalarLayout: Equatable {
    enum Kind: Equatable { case float16, bfloat16, float32, float64 }

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
        }
    }

    /// Converts `bytes` (exactly `count * byteCount` of them, any alignment) to floats.
    func floats(from bytes: UnsafeRawBufferPointer, count: Int) -> [Float] {
        precondition(bytes.count == count * byteCount)
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            defer { initialized = count }
            guard count > 0, let source = bytes.baseAddress, let target = out.baseAddress else { return }
            switch (kind, bigEndian) {
            case (.float32, false):
                // The hot path: the file bytes are already the in-memory representation.
                memcpy(target, source, count * 4)
            case (.float32, true):
                for i in 0..<count {
                    let raw = source.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                    target[i] = Float(bitPattern: raw.byteSwapped)
                }
            case (.float64, _):
                for i in 0..<count {
                    let raw = source.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                    target[i] = Float(Double(bitPattern: bigEndian ? raw.byteSwapped : raw))
                }
            case (.float16, _):
                for i in 0..<count {
                    let raw = source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                    target[i] = HalfPrecision.float(fromHalfBits: bigEndian ? raw.byteSwapped : raw)
                }
            case (.bfloat16, _):
                for i in 0..<count {
                    let raw = source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                    target[i] = HalfPrecision.float(fromBFloat16Bits: bigEndian ? raw.byteSwapped : raw)
                }
            }
        }
    }
}

enum FiniteCheck {
    /// Flat index of the first NaN or infinity in `scalars`, nil if all are finite.
    static func firstNonFinite(in scalars: [Float]) -> Int? {
        scalars.withUnsafeBufferPointer { buffer -> Int? in
            // An all-exponent-bits-set pattern marks NaN/Inf; a max-reduction over
            // the magnitudes vectorizes, so the common all-finite case is one fast pass.
            let bits = UnsafeRawBufferPointer(buffer).bindMemory(to: UInt32.self)
            var largest: UInt32 = 0
            for word in bits { largest = max(largest, word & 0x7FFF_FFFF) }
            guard largest >= 0x7F80_0000 else { return nil }
            return buffer.firstIndex { !$0.isFinite }
        }
    }

    /// Human description of the offending value, for error messages.
    static func describe(_ value: Float) -> String {
        value.isNaN ? "NaN" : (value > 0 ? "+Infinity" : "-Infinity")
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
