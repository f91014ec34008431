/// Shapes are stored as compact JSON arrays of integers: [100,768].
enum ShapeText {
    /// "[d0,d1,...]"
    static func encode(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ",") + "]"
    }

    /// The dimensions of a stored shape; nil when the text is not a JSON array of non-negative integers.
    static func decode(_ text: String) -> [Int]? {
        let trimmed = text.filter { !$0.isWhitespace }
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        let body = trimmed.dropFirst().dropLast()
        if body.isEmpty { return [] }
        var shape: [Int] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let dimension = Int(part), dimension >= 0 else { return nil }
            shape.append(dimension)
        }
        return shape
    }

    /// Refuses negative dimensions before anything is written.
    static func validate(_ shape: [Int]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw StoreError.invalidArgument(field: "shape", reason: "\(shape) has a negative dimension")
        }
    }

    /// Decodes the shape column of a row, naming the row when it is malformed.
    static func decode(_ text: String, table: String, id: Int) throws -> [Int] {
        guard let shape = decode(text) else {
            throw StoreError.corruptRow(table: table, id: id, reason: "shape '\(text)' is not a JSON array of integers")
        }
        return shape
    }
}
