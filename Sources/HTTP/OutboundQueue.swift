#if canImport(Glibc)
import Glibc
#endif

/// Bytes waiting to be written to a socket, in order.
///
/// Small pieces are coalesced so a pipelined burst of responses leaves in one syscall;
/// large bodies stay separate arrays (no copy) and go out with writev next to their head.
struct OutboundQueue {
    private(set) var chunks: [[UInt8]] = []
    private var offset = 0
    private(set) var byteCount = 0
    static let coalesceLimit = 16 * 1024

    var isEmpty: Bool { chunks.isEmpty }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        byteCount += bytes.count
        if let last = chunks.indices.last, chunks[last].count < Self.coalesceLimit, bytes.count < Self.coalesceLimit {
            chunks[last].append(contentsOf: bytes)
        } else {
            chunks.append(bytes)
        }
    }

    enum WriteOutcome { case drained, wouldBlock, failed(Int32) }

    /// Writes as much as the socket takes.
    mutating func write(to fd: Int32) -> WriteOutcome {
        while !chunks.isEmpty {
            let written: Int = chunks.count == 1
                ? chunks[0].withUnsafeBytes { a in Glibc.write(fd, a.baseAddress! + offset, a.count - offset) }
                : chunks[0].withUnsafeBytes { a in
                    chunks[1].withUnsafeBytes { b in
                        var vectors = [
                            iovec(iov_base: UnsafeMutableRawPointer(mutating: a.baseAddress! + offset), iov_len: a.count - offset),
                            iovec(iov_base: UnsafeMutableRawPointer(mutating: b.baseAddress!), iov_len: b.count),
                        ]
                        return writev(fd, &vectors, 2)
                    }
                }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
                return .failed(code)
            }
            advance(by: written)
        }
        return .drained
    }

    private mutating func advance(by count: Int) {
        byteCount -= count
        var remaining = count
        while remaining > 0 {
            let available = chunks[0].count - offset
            if remaining >= available {
                remaining -= available
                chunks.removeFirst()
                offset = 0
            } else {
                offset += remaining
                remaining = 0
            }
        }
    }
}
