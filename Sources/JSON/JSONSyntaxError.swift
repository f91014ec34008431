/// Why bytes are not a JSON document the package accepts: the problem and where it is.
///
/// Callers that know more about the document (a safetensors header, a tensor upload) wrap it
/// in their own error naming that document; the offset is relative to the bytes scanned.
public struct JSONSyntaxError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, e.g. "expected ',' or ']' in array, found '}'".
    public let problem: String
    /// The byte offset at which the problem was found.
    public let offset: Int

    public init(_ problem: String, at offset: Int) {
        self.problem = problem
        self.offset = offset
    }

    public var description: String { "\(problem) at byte \(offset)" }
}
