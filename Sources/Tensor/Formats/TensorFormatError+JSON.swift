import JSON

extension TensorFormatError {
    /// Runs `read`, reporting a JSON syntax error as an error of `format` that names the broken
    /// part of the file: "safetensors: the header is not valid JSON: ... at byte N".
    static func readingJSON<T>(_ format: TensorFormat, part: String, _ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch let error as JSONSyntaxError {
            throw TensorFormatError(format, "\(part) is not valid JSON: \(error)")
        }
    }
}
