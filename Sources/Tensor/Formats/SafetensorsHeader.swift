/// The parsed and validated JSON header of a safetensors file.
///
/// Validation follows the reference implementation: every tensor's byte
/// span must match its dtype and shape, and the spans must tile the data
/// buffer exactly (no overlap, no gap, no trailing bytes), so there is one
/// and only one way to read a file that passes.
struct SafetensorsHeader {
    struct Entry {
        let name: String
        let dtype: String
        let layout: ScalarLayout
        let shape: [Int]
        let byteRange: Range<Int>
    }

    var entries: [Entry] = []
    var metadata: [String: String] = [:]

    static let metadataKey = "__metadata__"

    /// dtypes the reader converts to float32. Integer and BOOL tensors occur in
    /// model files (BERT's I64 `position_ids`); they are read when float32 holds
    /// every value exactly.
    static let readableDTypes: [String: ScalarLayout.Kind] = [
        "F32": .float32, "F16": .float16, "BF16": .bfloat16, "F64": .float64,
        "BOOL": .bool, "U8": .unsignedInteger(byteCount: 1), "I8": .signedInteger(byteCount: 1),
        "U16": .unsignedInteger(byteCount: 2), "I16": .signedInteger(byteCount: 2),
        "U32": .unsignedInteger(byteCount: 4), "I32": .signedInteger(byteCount: 4),
        "U64": .unsignedInteger(byteCount: 8), "I64": .signedInteger(byteCount: 8),
    ]

    /// dtypes the safetensors spec defines that have no exact float32 reading here.
    static let otherSpecDTypes: Set<String> = [
        "F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64",
    ]

    private static let acceptedList = "F32, F16, BF16, F64, and integer or BOOL tensors whose values float32 holds exactly"

    /// Parses `json` and checks it against a data buffer of `dataLength` bytes.
    init(json: UnsafeRawBufferPointer, dataLength: Int) throws {
        var scanner = JSONScanner(json, format: .safetensors, context: "the header")
        guard case let .object(members) = try scanner.parseValue() else {
            throw Self.error("the header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}")
        }
        try scanner.expectEnd()
        for (key, value) in members {
            if key == Self.metadataKey {
                metadata = try Self.parseMetadata(value)
            } else {
                entries.append(try Self.parseEntry(name: key, value, dataLength: dataLength))
            }
        }
        try checkTiling(dataLength: dataLength)
    }

    private static func error(_ message: String) -> TensorFormatError {
        TensorFormatError(.safetensors, message)
    }

    private static func parseMetadata(_ value: JSONValue) throws -> [String: String] {
        guard case let .object(members) = value else {
            throw error("\"__metadata__\" must be an object of string values, found \(value.kindName)")
        }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case let .string(text) = value else {
                throw error("\"__metadata__\" value for \"\(key)\" must be a string, found \(value.kindName)")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(name: String, _ value: JSONValue, dataLength: Int) throws -> Entry {
        guard case let .object(fields) = value else {
            throw error("tensor \"\(name)\" must be described by an object {dtype, shape, data_offsets}, found \(value.kindName)")
        }
        // Unknown fields are ignored, as the reference reader does.
        func field(_ key: String) throws -> JSONValue {
            guard let found = fields.first(where: { $0.key == key }) else {
                throw error("tensor \"\(name)\" has no \"\(key)\"; every tensor needs dtype, shape and data_offsets")
            }
            return found.value
        }
        guard case let .string(dtype) = try field("dtype") else {
            throw error("tensor \"\(name)\": \"dtype\" must be a string such as \"F32\"")
        }
        guard let kind = readableDTypes[dtype] else {
            let what = otherSpecDTypes.contains(dtype) ? "dtype \(dtype), which the hub does not read"
                                                       : "unknown dtype \"\(dtype)\""
            throw error("tensor \"\(name)\" has \(what); accepted dtypes are \(acceptedList) (convert the tensor to float32 before saving)")
        }
        let layout = ScalarLayout(kind)
        let shape = try nonNegativeIntegers(try field("shape"), what: "\"shape\"", of: name)
        let offsets = try nonNegativeIntegers(try field("data_offsets"), what: "\"data_offsets\"", of: name)
        guard offsets.count == 2 else {
            throw error("tensor \"\(name)\": \"data_offsets\" must be [begin, end], found \(offsets.count) numbers")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else {
            throw error("tensor \"\(name)\": data_offsets [\(begin), \(end)] end before they begin")
        }
        guard end <= dataLength else {
            throw error("tensor \"\(name)\": data_offsets [\(begin), \(end)] run past the end of the \(dataLength)-byte data buffer; the file is truncated or its header is wrong")
        }
        let count = checkedElementCount(shape)
        let (byteCount, overflow) = (count ?? Int.max).multipliedReportingOverflow(by: layout.byteCount)
        guard count != nil, !overflow, byteCount == end - begin else {
            throw error("tensor \"\(name)\": shape \(shape) of \(dtype) needs \(count.map { "\($0 * layout.byteCount)" } ?? "more than Int.max") bytes but data_offsets [\(begin), \(end)] span \(end - begin)")
        }
        return Entry(name: name, dtype: dtype, layout: layout, shape: shape, byteRange: begin..<end)
    }

    /// Shapes and offsets: arrays of JSON integers, none negative or fractional.
    private static func nonNegativeIntegers(_ value: JSONValue, what: String, of name: String) throws -> [Int] {
        guard case let .array(elements) = value else {
            throw error("tensor \"\(name)\": \(what) must be an array of integers, found \(value.kindName)")
        }
        return try elements.map { element in
            guard case let .number(text) = element else {
                throw error("tensor \"\(name)\": \(what) must contain only integers, found \(element.kindName)")
            }
            guard let integer = element.integer else {
                throw error("tensor \"\(name)\": \(what) contains \(text), which is not a whole number that fits in 64 bits")
            }
            guard integer >= 0 else {
                throw error("tensor \"\(name)\": \(what) contains the negative value \(integer)")
            }
            return integer
        }
    }

    /// The spans sorted by position must follow each other exactly from 0 to `dataLength`.
    private func checkTiling(dataLength: Int) throws {
        // Sorting by (begin, end) puts empty tensors before the tensor that shares their offset.
        let ordered = entries.sorted {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound)
        }
        var covered = 0
        var previous: Entry?
        for entry in ordered {
            let range = entry.byteRange
            if range.lowerBound < covered, let previous {
                throw Self.error("tensors \"\(previous.name)\" [\(previous.byteRange.lowerBound), \(previous.byteRange.upperBound)] and \"\(entry.name)\" [\(range.lowerBound), \(range.upperBound)] overlap; each byte of the data buffer must belong to exactly one tensor")
            }
            if range.lowerBound > covered {
                throw Self.error("bytes [\(covered), \(range.lowerBound)) of the data buffer belong to no tensor (a gap before \"\(entry.name)\"); the spec requires the tensors to cover the buffer exactly")
            }
            covered = range.upperBound
            previous = entry
        }
        if covered < dataLength {
            throw Self.error("the last \(dataLength - covered) bytes of the data buffer belong to no tensor (trailing data); the spec requires the tensors to cover the buffer exactly")
        }
    }
}
