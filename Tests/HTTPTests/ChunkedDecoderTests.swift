import Testing
@testable import HTTP

@Suite struct ChunkedDecoderTests {
    func decodeAll(_ text: String, maxBody: Int = 1 << 20, pieceSize: Int = .max) -> (ChunkedDecoder.Step, [UInt8]) {
        var decoder = ChunkedDecoder(maxBody: maxBody)
        var body: [UInt8] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + pieceSize)
            let step = Array(bytes[offset..<end]).withUnsafeBytes { decoder.decode($0, into: &body) }
            switch step {
            case .needMore: offset = end
            case .done(let consumed): return (.done(consumed: offset + consumed), body)
            case .invalid: return (step, body)
            }
        }
        return (.needMore, body)
    }

    @Test func decodesChunksExtensionsAndTrailers() {
        let text = "4;name=value\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\nNEXT"
        let (step, body) = decodeAll(text)
        #expect(String(decoding: body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
        #expect(step == .done(consumed: text.utf8.count - 4))
    }

    @Test func sameResultWhenFedOneByteAtATime() {
        let text = "3\r\nabc\r\na\r\n0123456789\r\n0\r\n\r\n"
        let (step, body) = decodeAll(text, pieceSize: 1)
        #expect(step == .done(consumed: text.utf8.count))
        #expect(String(decoding: body, as: UTF8.self) == "abc0123456789")
    }

    @Test func rejectsMalformedInput() {
        for text in ["x\r\n", "3\r\nabcX\r\n", "3\nabc", "\r\n", "3\r\nabc\r\n0\r\nbad\n"] {
            guard case .invalid(let status, _) = decodeAll(text).0 else { Issue.record("accepted \(text.debugDescription)"); continue }
            #expect(status.code == 400)
        }
    }

    @Test func refusesContentOverTheLimit() {
        guard case .invalid(let status, _) = decodeAll("10\r\n0123456789abcdef\r\n0\r\n\r\n", maxBody: 8).0 else {
            Issue.record("accepted"); return
        }
        #expect(status == .contentTooLarge)
        guard case .invalid(let huge, _) = decodeAll("ffffffffffffffffff\r\n").0 else { Issue.record("accepted"); return }
        #expect(huge == .contentTooLarge)
    }
}
