import JSON

/// Reads the members of a JSON request object, checking types and ranges, and refuses members it
/// was never asked for, so a typo (`"learning_rat"`) is reported instead of silently ignored.
struct ObjectReader {
    private let members: [(String, JSONValue)]
    private let context: String
    private var read: Set<String> = []

    /// `context` names the object in messages ("the job", "init.compose").
    init(_ value: JSONValue, context: String) throws {
        guard let members = value.objectValue else {
            throw JobRequestError("\(context) must be a JSON object, not \(value.kindName)")
        }
        self.members = members
        self.context = context
    }

    var keys: [String] { members.map(\.0) }

    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members.last(where: { $0.0 == key })?.1, value != .null else { return nil }
        return value
    }

    mutating func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw JobRequestError("'\(key)' in \(context) must be a non-empty string, not \(value.kindName)")
        }
        return text
    }

    mutating func requiredString(_ key: String, example: String) throws -> String {
        guard let text = try string(key) else {
            throw JobRequestError("\(context) needs '\(key)', e.g. \"\(key)\": \"\(example)\"")
        }
        return text
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw JobRequestError("'\(key)' in \(context) must be an integer in \(range.lowerBound)...\(range.upperBound), not \(Self.shown(value))")
        }
        return number
    }

    /// A finite number in `range`; `open` excludes the lower bound (a learning rate of 0 trains nothing).
    mutating func number(_ key: String, in range: ClosedRange<Double>, excludingLower: Bool = false) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue, number.isFinite, range.contains(number),
              !(excludingLower && number == range.lowerBound) else {
            let lower = excludingLower ? "above \(range.lowerBound)" : "at least \(range.lowerBound)"
            throw JobRequestError("'\(key)' in \(context) must be a number \(lower) and at most \(range.upperBound), not \(Self.shown(value))")
        }
        return number
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.boolValue else {
            throw JobRequestError("'\(key)' in \(context) must be true or false, not \(Self.shown(value))")
        }
        return flag
    }

    /// Call last: throws for every member no reader asked for.
    func finish() throws {
        let unknown = members.map(\.0).filter { !read.contains($0) }
        guard unknown.isEmpty else {
            throw JobRequestError("unknown member\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in \(context); it takes \(read.sorted().joined(separator: ", "))")
        }
    }

    static func shown(_ value: JSONValue) -> String {
        let text = String(decoding: value.serialized(), as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "..." : text
    }
}
