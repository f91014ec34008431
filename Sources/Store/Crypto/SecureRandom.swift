import CLibCrypto

/// Bytes from OpenSSL's CSPRNG, for tokens and temporary names.
public enum SecureRandom {
    /// `count` cryptographically strong random bytes.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            failed = count > 0 && RAND_bytes(buffer.baseAddress, Int32(count)) != 1
            initialized = count
        }
        guard !failed else { throw StoreError.randomUnavailable }
        return bytes
    }
}
