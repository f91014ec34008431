/// Incremental decoder for `Transfer-Encoding: chunked` request content (RFC 9112 section 7.1).
///
/// It consumes whatever bytes have arrived, appends chunk data to the body, and remembers
/// where it stopped, so a body that trickles in one byte at a time costs no re-scanning.
public struct ChunkedDecoder: Sendable {
    public enum Step: Equatable {
        /// All input was consumed; more is needed.
        case needMore
        /// The last chunk and trailer section ended after `consumed` bytes of this input.
        case done(consumed: Int)
        case invalid(HTTPStatus, String)
    }

    enum State: Equatable {
        case size(digits: Int)
        case extensionBytes
        case sizeLF
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerLine
        case trailerLF
        case finalLF
    }

    var state = State.size(digits: 0)
    var chunkSize = 0
    var extensionLength = 0
    var trailerBytes = 0
    public let maxBody: Int

    static let maxExtensionLength = 4096
    static let maxTrailerBytes = 16 * 1024

    public init(maxBody: Int) { self.maxBody = maxBody }

    public mutating func decode(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) -> Step {
        let bytes = input.bindMemory(to: UInt8.self)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            switch state {
            case .size(let digits):
                if let v = hexValue(c) {
                    guard digits < 15 else { return .invalid(.contentTooLarge, "Chunk size is too large.") }
                    chunkSize = chunkSize << 4 | v
                    state = .size(digits: digits + 1)
                } else if digits > 0 && (c == 0x3B || c == SP || c == HTAB) {
                    extensionLength = 0
                    state = .extensionBytes
                } else if digits > 0 && c == CR {
                    state = .sizeLF
                } else {
                    return .invalid(.badRequest, "Malformed chunk size line.")
                }
                i += 1
            case .extensionBytes:
                if c == CR { state = .sizeLF } else if c == LF || c == 0 {
                    return .invalid(.badRequest, "Malformed chunk extension.")
                } else {
                    extensionLength += 1
                    if extensionLength > Self.maxExtensionLength {
                        return .invalid(.badRequest, "Chunk extension is too long.")
                    }
                }
                i += 1
            case .sizeLF:
                guard c == LF else { return .invalid(.badRequest, "Chunk size line must end in CRLF.") }
                i += 1
                if chunkSize == 0 {
                    state = .trailerLineStart
                } else {
                    guard body.count + chunkSize <= maxBody else {
                        return .invalid(.contentTooLarge, "The request content is larger than \(maxBody) bytes.")
                    }
                    state = .data(remaining: chunkSize)
                }
            case .data(let remaining):
                let n = min(remaining, bytes.count - i)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + n)]))
                i += n
                state = remaining == n ? .dataCR : .data(remaining: remaining - n)
            case .dataCR:
                guard c == CR else { return .invalid(.badRequest, "Chunk data must be followed by CRLF.") }
                state = .dataLF
                i += 1
            case .dataLF:
                guard c == LF else { return .invalid(.badRequest, "Chunk data must be followed by CRLF.") }
                chunkSize = 0
                state = .size(digits: 0)
                i += 1
            case .trailerLineStart:
                if c == CR { state = .finalLF } else { state = .trailerLine; continue }
                i += 1
            case .trailerLine:
                trailerBytes += 1
                guard trailerBytes <= Self.maxTrailerBytes else {
                    return .invalid(.requestHeaderFieldsTooLarge, "The trailer section is too large.")
                }
                if c == CR { state = .trailerLF } else if c == LF || c == 0 {
                    return .invalid(.badRequest, "Malformed trailer field.")
                }
                i += 1
            case .trailerLF:
                guard c == LF else { return .invalid(.badRequest, "Trailer fields must end in CRLF.") }
                state = .trailerLineStart
                i += 1
            case .finalLF:
                guard c == LF else { return .invalid(.badRequest, "Chunked content must end in CRLF.") }
                return .done(consumed: i + 1)
            }
        }
        return .needMore
    }
}

@inline(__always)
private func hexValue(_ c: UInt8) -> Int? {
    switch c {
    case 0x30...0x39: return Int(c - 0x30)
    case 0x41...0x46: return Int(c - 0x41 + 10)
    case 0x61...0x66: return Int(c - 0x61 + 10)
    default: return nil
    }
}
