/// Why an adapter was refused: the file and field at fault, what was found and what was expected.
/// The hub answers it as a 400 whose problem document carries `field`.
public struct PeftAdapterError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The adapter_config.json member at fault (`token_dim`), or a file name when the fault is a file.
    public let field: String?
    public let message: String

    public init(field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
