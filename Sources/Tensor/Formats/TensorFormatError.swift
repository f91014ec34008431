/// Why a tensor file could not be read.
///
/// The message says what is wrong and how to fix it; the hub returns it
/// verbatim as the detail of an HTTP 400 problem body, so it must make sense
/// to a user who only knows the file they uploaded.
public struct TensorFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The format being read, or nil when the format itself could not be determined.
    public let format: TensorFormat?
    public let message: String

    public init(_ format: TensorFormat?, _ message: String) {
        self.format = format
        self.message = message
    }

    public var description: String {
        guard let format else { return message }
        return "\(format.displayName): \(message)"
    }
}
