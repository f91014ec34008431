/// Why bytes are not a dataset the hub accepts: the problem and, when it is about one line,
/// the 1-based line number (so a client can open the file at that line).
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The 1-based line the problem is on; nil when it concerns the whole file (an empty body).
    public let line: Int?
    /// What is wrong and, where it helps, what to do, e.g. `"label" is missing`.
    public let problem: String

    public init(line: Int?, _ problem: String) {
        self.line = line
        self.problem = problem
    }

    public var description: String { line.map { "line \($0): \(problem)" } ?? problem }
}
