import Foundation

/// A command-line value in the wrong shape; the message names the accepted forms.
public struct ArgumentFormatError: Error, CustomStringConvertible, LocalizedError, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
