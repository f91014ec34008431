import CLibCrypto

/// SHA-256 through OpenSSL's EVP interface, one-shot (`SHA256.hash`, `SHA256.hex`) or streaming
/// (`update` as data arrives, then `finish`).
public final class SHA256 {
    /// Length of a digest in bytes.
    public static let byteCount = 32
    private let context: OpaquePointer
    private var isFinished = false

    /// Starts a new streaming digest.
    public init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL could not allocate a digest context") }
        self.context = context
        SHA256.check(EVP_DigestInit_ex(context, SHA256.algorithm.pointer, nil), "EVP_DigestInit_ex")
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds more bytes into the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!isFinished, "SHA256.update after finish")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        SHA256.check(EVP_DigestUpdate(context, base, bytes.count), "EVP_DigestUpdate")
    }

    /// Feeds more bytes into the digest.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Ends the digest and returns its 32 bytes; the hasher cannot be used afterwards.
    public func finish() -> [UInt8] {
        precondition(!isFinished, "SHA256.finish called twice")
        isFinished = true
        var length: UInt32 = 0
        let digest = [UInt8](unsafeUninitializedCapacity: SHA256.byteCount) { buffer, count in
            SHA256.check(EVP_DigestFinal_ex(context, buffer.baseAddress, &length), "EVP_DigestFinal_ex")
            count = Int(length)
        }
        precondition(digest.count == SHA256.byteCount, "SHA-256 produced \(digest.count) bytes")
        return digest
    }

    /// Ends the digest and returns it as 64 lowercase hex characters.
    public func finishHex() -> String { Hex.encode(finish()) }

    /// The digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var length: UInt32 = 0
        return [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, count in
            // EVP_Digest wants a non-null pointer even for empty input.
            let empty: UInt8 = 0
            withUnsafePointer(to: empty) { emptyPointer in
                let base = bytes.baseAddress ?? UnsafeRawPointer(emptyPointer)
                check(EVP_Digest(base, bytes.count, buffer.baseAddress, &length, algorithm.pointer, nil), "EVP_Digest")
            }
            count = Int(length)
        }
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The digest of `bytes` as 64 lowercase hex characters.
    public static func hex(_ bytes: [UInt8]) -> String { Hex.encode(hash(bytes)) }

    /// The digest of the UTF-8 bytes of `text` as 64 lowercase hex characters.
    public static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { Hex.encode(hash(UnsafeRawBufferPointer($0))) }
    }

    /// The SHA-256 implementation, fetched from the default provider once instead of at every init.
    private struct Algorithm: @unchecked Sendable { let pointer: OpaquePointer }
    private static let algorithm: Algorithm = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("OpenSSL has no SHA256 in its default provider")
        }
        return Algorithm(pointer: md)
    }()

    /// EVP functions return 1 on success; anything else means libcrypto itself is broken.
    private static func check(_ result: Int32, _ function: String) {
        precondition(result == 1, "OpenSSL \(function) failed")
    }
}
