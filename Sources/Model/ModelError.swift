/// Everything that can go wrong while loading or running a model. The messages
/// end up in HTTP problem bodies and CLI output, so each one says what to do.
public struct ModelError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
