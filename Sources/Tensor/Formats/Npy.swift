/// Reads and writes NumPy's .npy format (versions 1.0, 2.0 and 3.0).
///
/// Layout: the magic `\x93NUMPY`, a major and minor version byte, the header
/// length (u16 in 1.0, u32 in 2.0 and 3.0, little-endian), the header — a
/// Python dict literal, latin-1 in 1.0/2.0 and UTF-8 in 3.0 — then the raw
/// array data, which must be exactly the size the header announces.
/// Fortran-order arrays are transposed into C order on read.
public enum Npy {
    static let magic: [UInt8] = [0x93, UInt8(ascii: "N"), UInt8(ascii: "U"), UInt8(ascii: "M"), UInt8(ascii: "P"), UInt8(ascii: "Y")]
    /// numpy pads magic + length + header to a multiple of this.
    static let headerAlignment = 64

    public static func decode(_ bytes: [UInt8]) throws -> Tensor {
        try bytes.withUnsafeBytes { try decode(buffer: $0) }
    }

    public static func decode(contentsOfFile path: String) throws -> Tensor {
        try MappedFile.withBytes(ofFile: path, format: .npy) { try decode(buffer: $0) }
    }

    static func decode(buffer file: UnsafeRawBufferPointer) throws -> Tensor {
        guard file.count >= magic.count, magic.indices.allSatisfy({ file[$0] == magic[$0] }) else {
            throw error("the file does not start with the .npy magic \\x93NUMPY; it is not a NumPy .npy file")
        }
        guard file.count >= 8 else { throw error("the file ends before the version bytes (\(file.count) bytes)") }
        let (major, minor) = (file[6], file[7])
        let lengthFieldSize: Int
        switch (major, minor) {
        case (1, 0): lengthFieldSize = 2
        case (2, 0), (3, 0): lengthFieldSize = 4
        default: throw error("format version \(major).\(minor) is not supported; versions 1.0, 2.0 and 3.0 are")
        }
        guard file.count >= 8 + lengthFieldSize else {
            throw error("the file ends inside the header length field (\(file.count) bytes)")
        }
        let headerLength = Int(loadLittleEndian(file, at: 8, byteCount: lengthFieldSize))
        let headerStart = 8 + lengthFieldSize
        guard headerLength <= file.count - headerStart else {
            throw error("the header length field says \(headerLength) bytes but only \(file.count - headerStart) bytes follow; the file is truncated")
        }
        let dataStart = headerStart + headerLength
        let headerBytes = UnsafeRawBufferPointer(rebasing: file[headerStart..<dataStart])
        let header = try NpyHeader(text: try headerText(headerBytes, utf8: major == 3))

        let dataLength = file.count - dataStart
        guard let count = checkedElementCount(header.shape),
              case let (needed, overflow) = count.multipliedReportingOverflow(by: header.layout.byteCount), !overflow else {
            throw error("shape \(header.shape) has more elements than can be addressed; the header is corrupt")
        }
        guard dataLength >= needed else {
            throw error("shape \(header.shape) needs \(needed) bytes of data but the file has \(dataLength); the file is truncated")
        }
        guard dataLength == needed else {
            throw error("\(dataLength - needed) unexpected bytes follow the \(needed) bytes of data for shape \(header.shape); the file has trailing garbage")
        }
        var scalars = try header.layout.finiteFloats(from: UnsafeRawBufferPointer(rebasing: file[dataStart...]), count: count) { bad in
            error("the array holds \(bad.description); only finite values are accepted (a float64 beyond the float32 range also counts as infinite)")
        }
        if header.fortranOrder { scalars = AxisReversal.fortranToC(scalars, shape: header.shape) }
        return Tensor(shape: header.shape, scalars: scalars)
    }

    private static func headerText(_ bytes: UnsafeRawBufferPointer, utf8: Bool) throws -> String {
        if utf8 {
            guard let text = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) else {
                throw error("the version 3.0 header is not valid UTF-8")
            }
            return text
        }
        // Latin-1: every byte is the Unicode scalar of the same value.
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    private static func error(_ message: String) -> TensorFormatError {
        TensorFormatError(.npy, message)
    }

    /// Writes a version 1.0 little-endian float32 C-order file, byte for byte
    /// what `numpy.save` writes for the same array (version 2.0 only if the
    /// header outgrows 1.0's 16-bit length, as numpy does).
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let text = Array(NpyHeader.float32Text(shape: tensor.shape).utf8)
        var lengthFieldSize = 2
        var padded = paddedHeaderLength(text.count, lengthFieldSize: lengthFieldSize)
        if padded > Int(UInt16.max) {
            lengthFieldSize = 4
            padded = paddedHeaderLength(text.count, lengthFieldSize: lengthFieldSize)
        }
        let dataStart = 8 + lengthFieldSize + padded
        let total = dataStart + tensor.count * 4
        return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            var prefix = magic + [lengthFieldSize == 2 ? 1 : 2, 0]
            for i in 0..<lengthFieldSize { prefix.append(UInt8(truncatingIfNeeded: padded >> (8 * i))) }
            prefix += text
            prefix += repeatElement(UInt8(ascii: " "), count: padded - text.count - 1)
            prefix.append(UInt8(ascii: "\n"))
            let raw = UnsafeMutableRawBufferPointer(out)
            prefix.withUnsafeBytes { raw.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            tensor.scalars.withUnsafeBytes { data in
                if data.count > 0 { raw.baseAddress!.advanced(by: dataStart).copyMemory(from: data.baseAddress!, byteCount: data.count) }
            }
            initialized = total
        }
    }

    /// numpy's padding rule: header + '\n' padded with spaces so that
    /// magic + version + length field + header is a multiple of 64; an
    /// already aligned header still gets a full 64 bytes of padding.
    private static func paddedHeaderLength(_ textLength: Int, lengthFieldSize: Int) -> Int {
        let unpadded = textLength + 1
        let padding = headerAlignment - ((magic.count + 2 + lengthFieldSize + unpadded) % headerAlignment)
        return unpadded + padding
    }
}
