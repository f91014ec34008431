/// The file formats the hub accepts for tensors, and how a request names them.
///
/// Media types: JSON has a registered type. Safetensors and .npy have none,
/// and `application/octet-stream` cannot tell them apart, so the hub uses the
/// de-facto `x-` names below and also accepts the common spellings listed in
/// `acceptedMediaTypes`.
public enum TensorFormat: String, CaseIterable, Sendable {
    case safetensors, npy, json

    /// The media type the hub sends for this format.
    public var mediaType: String {
        switch self {
        case .safetensors: return "application/x-safetensors"
        case .npy: return "application/x-npy"
        case .json: return "application/json"
        }
    }

    /// Every media type read as this format (lowercase, first is `mediaType`).
    public var acceptedMediaTypes: [String] {
        switch self {
        case .safetensors: return [mediaType, "application/safetensors", "application/vnd.safetensors"]
        case .npy: return [mediaType, "application/npy", "application/x-numpy"]
        case .json: return [mediaType, "text/json"]
        }
    }

    /// File name extension, without the dot.
    public var fileExtension: String { rawValue }

    /// How messages name the format.
    public var displayName: String {
        switch self {
        case .safetensors: return "safetensors"
        case .npy: return "npy"
        case .json: return "tensor JSON"
        }
    }

    /// A `?format=` value: "safetensors", "npy" or "json", any case.
    public init?(name: String) {
        let trimmed = name.trimmingWhitespace().lowercased()
        guard let format = TensorFormat(rawValue: trimmed) else { return nil }
        self = format
    }

    /// A Content-Type or single Accept entry such as `application/json; charset=utf-8`.
    /// Parameters are ignored and the comparison is case-insensitive.
    public init?(mediaType: String) {
        let essence = mediaType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            .first.map(String.init)?.trimmingWhitespace().lowercased() ?? ""
        guard let format = TensorFormat.allCases.first(where: { $0.acceptedMediaTypes.contains(essence) }) else {
            return nil
        }
        self = format
    }

    /// The format a full Accept header prefers: the recognised media type with
    /// the highest q (earliest on ties); nil when it names none of them (e.g.
    /// `*/*`), leaving the choice of a default to the caller.
    public static func preferred(accept header: String) -> TensorFormat? {
        var best: (format: TensorFormat, quality: Double)?
        for entry in header.split(separator: ",") {
            guard let format = TensorFormat(mediaType: String(entry)) else { continue }
            let quality = qualityValue(of: entry)
            if quality > 0, quality > (best?.quality ?? 0) { best = (format, quality) }
        }
        return best?.format
    }

    private static func qualityValue(of entry: Substring) -> Double {
        for parameter in entry.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
            if pair.count == 2, pair[0].lowercased() == "q" { return Double(pair[1]) ?? 0 }
        }
        return 1
    }

    /// Recognises a format from a file's first bytes: the npy magic, a
    /// plausible safetensors header length followed by '{', or a JSON object.
    public static func sniff(_ bytes: [UInt8]) -> TensorFormat? {
        if bytes.starts(with: Npy.magic) { return .npy }
        // Checked before JSON: a header length whose low byte is 0x7B would start
        // with '{', but a JSON text never has the NUL bytes a sane length has.
        if bytes.count >= 9, bytes[8] == UInt8(ascii: "{") {
            let headerLength = bytes.withUnsafeBytes { loadLittleEndian($0, at: 0, byteCount: 8) }
            if headerLength >= 2, headerLength <= UInt64(Safetensors.maximumHeaderLength) { return .safetensors }
        }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }  // UTF-8 byte order mark
        let firstNonSpace = bytes[start...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return firstNonSpace == UInt8(ascii: "{") ? .json : nil
    }

    /// Like `sniff`, but throws an error that lists the accepted formats.
    public static func detect(_ bytes: [UInt8]) throws -> TensorFormat {
        if let format = sniff(bytes) { return format }
        let names = allCases.map { "\($0.rawValue) (\($0.mediaType))" }.joined(separator: ", ")
        throw TensorFormatError(nil, "the file is not a recognised tensor format; accepted formats are \(names). "
            + "Pass ?format= or a Content-Type if the file is one of these.")
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
