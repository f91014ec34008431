import Testing
@testable import Store

@Suite struct SHA256Tests {
    // FIPS 180-2 test vectors.
    @Test func knownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingInUnevenChunksMatchesOneShot() {
        let bytes = tensorBytes(3, count: 10_007)
        let hasher = SHA256()
        var offset = 0
        for size in [0, 1, 63, 64, 65, 4096] + Array(repeating: 977, count: 20) where offset < bytes.count {
            let end = min(bytes.count, offset + size)
            hasher.update(Array(bytes[offset..<end]))
            offset = end
        }
        hasher.update(Array(bytes[offset...]))
        #expect(hasher.finishHex() == SHA256.hex(bytes))
        #expect(SHA256.hash(bytes).count == 32)
    }

    @Test func hexValidationIsStrict() {
        let digest = SHA256.hex("abc")
        #expect(Hex.isLowercase(digest, byteCount: 32))
        #expect(!Hex.isLowercase(digest.uppercased(), byteCount: 32))
        #expect(!Hex.isLowercase(String(digest.dropLast()), byteCount: 32))
        #expect(!Hex.isLowercase(digest + "0", byteCount: 32))
        #expect(!Hex.isLowercase("../" + digest.dropFirst(3), byteCount: 32))
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }
}
