/// A job or evaluation request the hub refuses, with what to change (HTTP 400, or 404/409/503 by `kind`).
public struct JobRequestError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `busy`: fine, but not now (too many at once); retrying later succeeds.
    public enum Kind: Sendable { case invalid, notFound, conflict, busy }
    public let kind: Kind
    public let message: String

    public init(_ message: String, kind: Kind = .invalid) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
