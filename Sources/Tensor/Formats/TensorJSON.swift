/// Tensors as JSON: `{"shape": [P, d], "data": [...]}`.
///
/// `data` is either flat in row-major order or nested lists matching
/// `shape` exactly (a rank-0 tensor may also give a bare number). Only
/// finite numbers that fit in float32 are accepted; no other keys are
/// allowed, so a misspelt key is reported instead of ignored. Numbers are
/// parsed straight from the bytes into the tensor's storage, without
/// building an intermediate value per element.
public enum TensorJSON {
    public static func decode(_ bytes: [UInt8]) throws -> Tensor {
        try bytes.withUnsafeBytes { buffer in
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a UTF-8 byte order mark
            return try decode(document: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    private static func decode(document: UnsafeRawBufferPointer) throws -> Tensor {
        var scanner = JSONScanner(document, format: .json, context: "the document")
        var shape: [Int]?
        var data: NestedFloats?
        scanner.skipWhitespace()
        guard scanner.current == UInt8(ascii: "{") else {
            throw error("the document must be an object {\"shape\": [...], \"data\": [...]}")
        }
        try scanner.forEachMember(depth: 1) { scanner, key in
            switch key {
            case "shape": shape = try parseShape(&scanner)
            case "data": data = try NestedFloats.parse(&scanner)
            default: throw error("unknown key \"\(key)\"; a tensor document has only \"shape\" and \"data\"")
            }
        }
        try scanner.expectEnd()
        guard let shape else { throw error("missing \"shape\", e.g. {\"shape\": [8, 384], \"data\": [...]}") }
        guard let data else { throw error("missing \"data\": the values as a flat row-major list or nested lists") }
        try data.check(against: shape)
        return Tensor(shape: shape, scalars: data.values)
    }

    static func error(_ message: String) -> TensorFormatError {
        TensorFormatError(.json, message)
    }

    private static func parseShape(_ scanner: inout JSONScanner) throws -> [Int] {
        guard case let .array(elements) = try scanner.parseValue(depth: 1) else {
            throw error("\"shape\" must be a list of non-negative integers such as [8, 384]")
        }
        let shape = try elements.map { element -> Int in
            guard let value = element.integer, value >= 0 else {
                throw error("\"shape\" must be a list of non-negative integers such as [8, 384]")
            }
            return value
        }
        guard checkedElementCount(shape) != nil else {
            throw error("\"shape\" \(shape) has more elements than can be addressed")
        }
        return shape
    }

    /// Writes `{"shape":[...],"data":[...]}` with flat data, each value in the
    /// shortest form that reads back to the same float. JSON cannot hold NaN
    /// or infinity; they are written as null (which `decode` rejects) —
    /// tensors the hub stores are always finite.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + tensor.count * 12)
        out.append(contentsOf: "{\"shape\":[".utf8)
        out.append(contentsOf: tensor.shape.map(String.init).joined(separator: ",").utf8)
        out.append(contentsOf: "],\"data\":[".utf8)
        tensor.scalars.withUnsafeBufferPointer { scalars in
            for (index, value) in scalars.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if value.isFinite {
                    out.append(contentsOf: value.description.utf8)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            }
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }
}

/// The numbers of a `data` value, flattened, plus what is needed to check
/// that its nesting is a regular grid matching the shape.
private struct NestedFloats {
    var values: [Float] = []
    /// Length of the lists at each depth (0 = the outermost list, -1 = not yet
    /// seen); all lists at one depth must agree.
    var lengths: [Int] = []
    /// Depth at which the numbers sit: 0 for a bare number, 1 for a flat list.
    var leafDepth: Int?
    /// Deepest list seen (-1 for none), to catch lists mixed with numbers.
    var deepestList = -1

    static let maximumDepth = 32

    static func parse(_ scanner: inout JSONScanner) throws -> NestedFloats {
        var nested = NestedFloats()
        scanner.skipWhitespace()
        if scanner.current == UInt8(ascii: "[") {
            try nested.parseList(&scanner, depth: 0)
        } else {
            try nested.appendNumber(&scanner)
            nested.leafDepth = 0
        }
        if let leafDepth = nested.leafDepth, nested.deepestList >= leafDepth {
            throw TensorJSON.error("\"data\" mixes numbers and lists at the same depth; give a flat list or nested lists of equal length")
        }
        return nested
    }

    private mutating func parseList(_ scanner: inout JSONScanner, depth: Int) throws {
        guard depth < Self.maximumDepth else {
            throw TensorJSON.error("\"data\" is nested deeper than \(Self.maximumDepth) levels")
        }
        deepestList = max(deepestList, depth)
        var count = 0
        try scanner.forEachElement(depth: 1) { scanner in
            scanner.skipWhitespace()
            if scanner.current == UInt8(ascii: "[") {
                try parseList(&scanner, depth: depth + 1)
            } else {
                if leafDepth == nil { leafDepth = depth + 1 }
                guard leafDepth == depth + 1 else {
                    throw TensorJSON.error("\"data\" mixes numbers and lists at the same depth; give a flat list or nested lists of equal length")
                }
                try appendNumber(&scanner)
            }
            count += 1
        }
        // Inner lists finish first, so deeper entries may be filled before shallower ones.
        while lengths.count <= depth { lengths.append(-1) }
        if lengths[depth] == -1 {
            lengths[depth] = count
        } else if lengths[depth] != count {
            throw TensorJSON.error("\"data\" is not a regular grid: a list at depth \(depth + 1) has \(count) entries where another has \(lengths[depth])")
        }
    }

    private mutating func appendNumber(_ scanner: inout JSONScanner) throws {
        guard let first = scanner.current, first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
                || first == UInt8(ascii: "N") || first == UInt8(ascii: "I") else {
            let found = try scanner.parseValue(depth: 1)
            throw TensorJSON.error("\"data\" element \(values.count) is \(found.kindName); data must hold only numbers")
        }
        let range = try scanner.scanNumber()
        let text = UnsafeRawBufferPointer(rebasing: scanner.bytes[range])
        let value = DecimalToFloat.float(fromJSONNumber: text)
        guard value.isFinite else {
            throw TensorJSON.error("\"data\" element \(values.count) (\(String(decoding: text, as: UTF8.self))) is outside the float32 range; only finite float32 values are accepted")
        }
        values.append(value)
    }

    /// Flat data must have the shape's element count; nested data must have exactly its dimensions.
    func check(against shape: [Int]) throws {
        let count = Tensor.count(of: shape)
        let shapeText = "[" + shape.map(String.init).joined(separator: ", ") + "]"
        switch leafDepth {
        case 0:
            guard shape.isEmpty else {
                throw TensorJSON.error("\"data\" is a single number but \"shape\" \(shapeText) is not [] (a scalar)")
            }
        case 1:
            guard values.count == count else {
                throw TensorJSON.error("\"data\" has \(values.count) values but \"shape\" \(shapeText) needs \(count)")
            }
        case .some:
            guard lengths == shape else {
                let nestedText = "[" + lengths.map(String.init).joined(separator: ", ") + "]"
                throw TensorJSON.error("\"data\" is nested as \(nestedText) but \"shape\" is \(shapeText)")
            }
        case nil:
            // No numbers at all: flat [] or nested empty lists, for a shape with a zero.
            let matchesNested = lengths.count <= shape.count && Array(shape.prefix(lengths.count)) == lengths
            guard count == 0, lengths == [0] || matchesNested else {
                throw TensorJSON.error("\"data\" holds no numbers but \"shape\" \(shapeText) needs \(count)")
            }
        }
    }
}
