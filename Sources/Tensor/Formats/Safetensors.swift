/// The tensors and string metadata of one safetensors file.
public struct SafetensorsFile: Sendable, Equatable {
    public var tensors: [String: Tensor]
    public var metadata: [String: String]

    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}

/// Reads and writes the Hugging Face safetensors format:
/// an 8-byte little-endian header length N, N bytes of JSON header, then the
/// data buffer that the header's `data_offsets` index into.
///
/// Reading accepts F32, F16, BF16 and F64 tensors (converted exactly, or for
/// F64 rounded, to float32), integer and BOOL tensors whose values float32
/// holds exactly, and rejects any file that the spec does not allow, as well
/// as non-finite values. Writing produces F32 tensors laid out
/// as the reference implementation does.
public enum Safetensors {
    /// Headers above this are treated as corrupt, as the reference reader does.
    public static let maximumHeaderLength = 100_000_000

    public static func decode(_ bytes: [UInt8]) throws -> SafetensorsFile {
        try bytes.withUnsafeBytes { try decode(buffer: $0) }
    }

    public static func decode(contentsOfFile path: String) throws -> SafetensorsFile {
        try MappedFile.withBytes(ofFile: path, format: .safetensors) { try decode(buffer: $0) }
    }

    static func decode(buffer file: UnsafeRawBufferPointer) throws -> SafetensorsFile {
        guard file.count >= 8 else {
            throw TensorFormatError(.safetensors, "the file is \(file.count) bytes, too short for the 8-byte header length every safetensors file starts with")
        }
        let declaredLength = loadLittleEndian(file, at: 0, byteCount: 8)
        guard declaredLength <= UInt64(maximumHeaderLength) else {
            throw TensorFormatError(.safetensors, "the header length field says \(declaredLength) bytes, more than the \(maximumHeaderLength)-byte limit; the file is corrupt or not safetensors")
        }
        let headerLength = Int(declaredLength)
        guard headerLength <= file.count - 8 else {
            throw TensorFormatError(.safetensors, "the header length field says \(headerLength) bytes but only \(file.count - 8) bytes follow it; the file is truncated or not safetensors")
        }
        let dataStart = 8 + headerLength
        let header = try SafetensorsHeader(json: UnsafeRawBufferPointer(rebasing: file[8..<dataStart]),
                                           dataLength: file.count - dataStart)
        var tensors: [String: Tensor] = [:]
        tensors.reserveCapacity(header.entries.count)
        for entry in header.entries {
            let range = (dataStart + entry.byteRange.lowerBound)..<(dataStart + entry.byteRange.upperBound)
            let count = entry.byteRange.count / entry.layout.byteCount
            let stored = UnsafeRawBufferPointer(rebasing: file[range])
            if let index = entry.layout.firstInexactValue(in: stored, count: count) {
                throw TensorFormatError(.safetensors, "tensor \"\(entry.name)\" (\(entry.dtype)) holds a value at flat index \(index) that float32 cannot represent exactly (an integer beyond ±16777216, or a BOOL byte other than 0 or 1); convert the tensor to float32 before saving")
            }
            let scalars = try entry.layout.finiteFloats(from: stored, count: count) { bad in
                TensorFormatError(.safetensors, "tensor \"\(entry.name)\" holds \(bad.description); only finite values are accepted (an F64 value beyond the float32 range also counts as infinite)")
            }
            tensors[entry.name] = Tensor(shape: entry.shape, scalars: scalars)
        }
        return SafetensorsFile(tensors: tensors, metadata: header.metadata)
    }

    /// Writes F32 tensors in name order with contiguous offsets, and the
    /// header padded with spaces to a multiple of 8 bytes so the data buffer
    /// stays aligned, matching the reference writer byte for byte.
    /// `__metadata__` is written only when `metadata` is non-empty.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> [UInt8] {
        precondition(tensors[SafetensorsHeader.metadataKey] == nil,
                     "\"\(SafetensorsHeader.metadataKey)\" is reserved and cannot name a tensor")
        let names = tensors.keys.sorted()
        var header: [UInt8] = [UInt8(ascii: "{")]
        var needsComma = false
        if !metadata.isEmpty {
            appendJSONString(SafetensorsHeader.metadataKey, to: &header)
            header.append(contentsOf: ":{".utf8)
            for (index, key) in metadata.keys.sorted().enumerated() {
                if index > 0 { header.append(UInt8(ascii: ",")) }
                appendJSONString(key, to: &header)
                header.append(UInt8(ascii: ":"))
                appendJSONString(metadata[key]!, to: &header)
            }
            header.append(UInt8(ascii: "}"))
            needsComma = true
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            if needsComma { header.append(UInt8(ascii: ",")) }
            needsComma = true
            appendJSONString(name, to: &header)
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            let end = offset + tensor.count * 4
            header.append(contentsOf: ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}".utf8)
            offset = end
        }
        header.append(UInt8(ascii: "}"))
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        let total = 8 + header.count + offset
        return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            let raw = UnsafeMutableRawBufferPointer(out)
            raw.storeBytes(of: UInt64(header.count).littleEndian, toByteOffset: 0, as: UInt64.self)
            header.withUnsafeBytes { raw.baseAddress!.advanced(by: 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            var position = 8 + header.count
            for name in names {
                tensors[name]!.scalars.withUnsafeBytes { scalars in
                    if scalars.count > 0 { raw.baseAddress!.advanced(by: position).copyMemory(from: scalars.baseAddress!, byteCount: scalars.count) }
                    position += scalars.count
                }
            }
            initialized = total
        }
    }
}

/// Appends `text` as a JSON string literal, escaping as serde_json does
/// (quotes, backslashes and control characters; everything else raw UTF-8).
func appendJSONString(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case ..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                    hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        default: out.append(byte)
        }
    }
    out.append(UInt8(ascii: "\""))
}
