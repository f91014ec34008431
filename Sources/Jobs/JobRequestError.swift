/// A job or evaluation request the hub refuses, with what to change (HTTP 400, or 404/409 by `kind`).
public struct JobRequestError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable { case invalid, notFound, conflict }
    public let kind: Kind
    public let message: String

    public init(_ message: String, kind: Kind = .invalid) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
