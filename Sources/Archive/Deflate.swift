import CZlib

/// zlib's deflate and inflate over whole buffers, for zip entries (raw deflate) and .tar.gz
/// (gzip members). Inflating stops as soon as the output passes its limit, so the declared or
/// allowed size bounds the memory a hostile stream can take.
public enum Deflate {
    /// zlib's window-bits conventions: negative for raw deflate, +16 for a gzip wrapper.
    enum Wrapper {
        case raw, gzip
        var windowBits: Int32 { self == .raw ? -15 : 31 }
    }

    /// Raw deflate data (a zip entry); `input` must be exactly one complete stream.
    public static func inflateRaw(_ input: [UInt8], limit: Int, entry: String) throws -> [UInt8] {
        let (output, consumed) = try inflate(input, wrapper: .raw, limit: limit, what: "entry '\(entry)'")
        guard consumed == input.count else {
            throw ArchiveError("entry '\(entry)': \(input.count - consumed) bytes follow the end of its compressed data")
        }
        return output
    }

    /// A gzip file: one member or several concatenated (RFC 1952), each with its CRC-32 and size checked by zlib.
    public static func gunzip(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        var offset = 0
        repeat {
            guard input.count - offset >= 2, input[offset] == 0x1F, input[offset + 1] == 0x8B else {
                throw ArchiveError("the gzip file has \(input.count - offset) bytes after its end that are not another gzip member")
            }
            let (member, consumed) = try inflate(Array(input[offset...]), wrapper: .gzip, limit: limit - output.count,
                                                 what: "the gzip data")
            output.append(contentsOf: member)
            offset += consumed
        } while offset < input.count
        return output
    }

    public static func deflateRaw(_ input: [UInt8]) -> [UInt8] { deflate(input, wrapper: .raw) }

    /// A gzip file with no name and modification time 0, so equal input gives equal bytes.
    public static func gzip(_ input: [UInt8]) -> [UInt8] { deflate(input, wrapper: .gzip) }

    /// Inflates one stream; returns the output and the input bytes the stream used.
    static func inflate(_ input: [UInt8], wrapper: Wrapper, limit: Int, what: String) throws -> ([UInt8], Int) {
        var stream = z_stream()
        guard inflateInit2_(&stream, wrapper.windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ArchiveError("zlib could not start inflating (out of memory?)")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        return try input.withUnsafeBufferPointer { source -> ([UInt8], Int) in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, buffer.count - Int(stream.avail_out))
                }
                guard output.count + produced <= limit else {
                    throw ArchiveError("\(what) inflates to more than \(limit) bytes, more than the archive may hold")
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    return (output, source.count - Int(stream.avail_in))
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw ArchiveError("\(what) ends before its compressed stream does; the archive is truncated")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw ArchiveError("\(what) is not valid deflate data (\(reason))")
                }
            }
        }
    }

    static func deflate(_ input: [UInt8], wrapper: Wrapper) -> [UInt8] {
        var stream = z_stream()
        let started = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, wrapper.windowBits, 8, Z_DEFAULT_STRATEGY,
                                    zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(started == Z_OK, "zlib could not start deflating (out of memory)")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        let written = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                // deflateBound guarantees one call finishes.
                let status = CZlib.deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate did not finish within deflateBound")
                return target.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(written...)
        return output
    }
}

/// The CRC-32 of zip entries (zlib's).
public enum CRC32 {
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, UInt32(buffer.count)))
        }
    }
}
