/// Why an archive was refused. The message names the entry when there is one and says what
/// to do; the hub returns it as the detail of a 400.
public struct ArchiveError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
