/// The subset of Python literal syntax that .npy headers are written in:
/// dicts, tuples, lists, strings, integers, True/False/None.
///
/// numpy reads the header with `ast.literal_eval`; this mirrors the parts of
/// it that can appear there, including Python's rule that `(3)` is the
/// integer 3 and only `(3,)` is a one-element tuple.
indirect enum PythonLiteral: Equatable {
    case dict([(key: String, value: PythonLiteral)])
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case string(String)
    case integer(Int)
    case bool(Bool)
    case none

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case let (.dict(a), .dict(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.tuple(a), .tuple(b)), let (.list(a), .list(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.none, .none): return true
        default: return false
        }
    }

    /// Parses `text` as one literal surrounded by optional whitespace.
    /// `fail` turns a problem description into the caller's error.
    static func parse(_ text: String, fail: @escaping (String) -> TensorFormatError) throws -> PythonLiteral {
        var parser = Parser(scalars: Array(text.unicodeScalars), fail: fail)
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.scalars.count else { throw parser.error("unexpected text after the dictionary") }
        return value
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        let fail: (String) -> TensorFormatError

        init(scalars: [Unicode.Scalar], fail: @escaping (String) -> TensorFormatError) {
            self.scalars = scalars
            self.fail = fail
        }

        static let maximumDepth = 32

        var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        func error(_ problem: String) -> TensorFormatError {
            fail("\(problem) at character \(position)")
        }

        mutating func skipWhitespace() {
            while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                position += 1
            }
        }

        mutating func parseValue(depth: Int) throws -> PythonLiteral {
            guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            skipWhitespace()
            guard let scalar = current else { throw error("expected a value, found the end of the header") }
            switch scalar {
            case "{": return try parseDict(depth: depth + 1)
            case "(": return try parseTuple(depth: depth + 1)
            case "[":
                return .list(try parseSequence(closing: "]", depth: depth + 1).elements)
            case "'", "\"": return .string(try parseString())
            case "-", "0"..."9": return .integer(try parseInteger())
            default:
                for (word, value) in [("True", PythonLiteral.bool(true)), ("False", .bool(false)), ("None", .none)]
                where matches(word) {
                    position += word.unicodeScalars.count
                    return value
                }
                throw error("unexpected '\(scalar)'")
            }
        }

        func matches(_ word: String) -> Bool {
            let wordScalars = Array(word.unicodeScalars)
            guard position + wordScalars.count <= scalars.count,
                  Array(scalars[position..<(position + wordScalars.count)]) == wordScalars else { return false }
            // "Truex" is a name, not True.
            let next = position + wordScalars.count
            return next == scalars.count || !(scalars[next].properties.isAlphabetic || scalars[next] == "_")
        }

        mutating func parseDict(depth: Int) throws -> PythonLiteral {
            position += 1
            var members: [(key: String, value: PythonLiteral)] = []
            while true {
                skipWhitespace()
                if current == "}" { position += 1; return .dict(members) }
                guard current == "'" || current == "\"" else { throw error("expected a quoted key or '}'") }
                let key = try parseString()
                guard !members.contains(where: { $0.key == key }) else { throw error("duplicate key '\(key)'") }
                skipWhitespace()
                guard current == ":" else { throw error("expected ':' after '\(key)'") }
                position += 1
                members.append((key, try parseValue(depth: depth)))
                skipWhitespace()
                if current == "," { position += 1; continue }
                guard current == "}" else { throw error("expected ',' or '}'") }
            }
        }

        mutating func parseTuple(depth: Int) throws -> PythonLiteral {
            let (elements, sawComma) = try parseSequence(closing: ")", depth: depth)
            // Python: "(x)" is just x; a tuple needs a comma unless it is empty.
            if elements.count == 1 && !sawComma { return elements[0] }
            return .tuple(elements)
        }

        mutating func parseSequence(closing: Unicode.Scalar, depth: Int) throws -> (elements: [PythonLiteral], sawComma: Bool) {
            position += 1
            var elements: [PythonLiteral] = []
            var sawComma = false
            while true {
                skipWhitespace()
                if current == closing { position += 1; return (elements, sawComma) }
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                if current == "," { position += 1; sawComma = true; continue }
                guard current == closing else { throw error("expected ',' or '\(closing)'") }
            }
        }

        mutating func parseString() throws -> String {
            let quote = scalars[position]
            position += 1
            var text = String.UnicodeScalarView()
            while let scalar = current {
                position += 1
                if scalar == quote { return String(text) }
                if scalar == "\n" { break }
                if scalar == "\\" {
                    guard let escaped = current, escaped == "\\" || escaped == "'" || escaped == "\"" else {
                        throw error("unsupported escape in a string")
                    }
                    position += 1
                    text.append(escaped)
                } else {
                    text.append(scalar)
                }
            }
            throw error("unterminated string")
        }

        mutating func parseInteger() throws -> Int {
            let negative = current == "-"
            if negative { position += 1 }
            var value = 0
            var digits = 0
            while let scalar = current, ("0"..."9").contains(scalar) {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.addingReportingOverflow(Int(scalar.value - 48))
                guard !overflow1 && !overflow2 else { throw error("integer too large") }
                value = next
                digits += 1
                position += 1
            }
            guard digits > 0 else { throw error("expected digits") }
            if let scalar = current, scalar == "." || scalar == "e" || scalar == "E" || scalar == "j" {
                throw error("expected an integer, found a non-integer number")
            }
            return negative ? -value : value
        }
    }
}
