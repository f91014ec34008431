/// The decoded `name=value` pairs of a request's query string, in order.
public struct QueryParameters: Sendable {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    /// Parses `a=1&b=x%20y`; nil when an escape is malformed or decodes to invalid UTF-8.
    public init?(query: Substring) {
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusAsSpace: true),
                  let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusAsSpace: true) else {
                return nil
            }
            pairs.append((name: name, value: value))
        }
    }

    /// The last value given for `name` (later values override earlier ones, as most servers do).
    public subscript(_ name: String) -> String? {
        pairs.last { $0.name == name }?.value
    }

    public func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    public var names: [String] { pairs.map(\.name) }
}
