/// `vector:ID`: a stored vector by its id, shared by `--init` and `--prompt`.
enum VectorArgument {
    static let prefix = "vector:"

    static func id(in text: String) throws -> Int {
        guard let id = Int(text.dropFirst(prefix.count)), id > 0 else {
            throw ArgumentFormatError("'\(text)': the vector id must be a positive integer, e.g. vector:12")
        }
        return id
    }
}
