/// Lowercase hexadecimal text for digests and tokens.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `bytes` as lowercase hex, two characters per byte.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            for (offset, byte) in bytes.enumerated() {
                output[2 * offset] = digits[Int(byte >> 4)]
                output[2 * offset + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    /// True when `text` is exactly `byteCount` bytes written as lowercase hex (no prefix, no spaces).
    public static func isLowercase(_ text: String, byteCount: Int) -> Bool {
        var count = 0
        for unit in text.utf8 {
            guard (unit >= 0x30 && unit <= 0x39) || (unit >= 0x61 && unit <= 0x66) else { return false }
            count += 1
        }
        return count == byteCount * 2
    }
}
