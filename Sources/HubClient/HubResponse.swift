import JSON

/// An answer of the hub as it came: status, headers (names lowercased) and body bytes.
public struct HubResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as JSON; `.null` when there is none.
    public func json() throws -> JSONValue {
        if body.isEmpty { return .null }
        return try JSONValue.parse(body)
    }
}
