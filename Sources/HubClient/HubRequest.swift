/// A request to the hub: method, path below the hub's address, query pairs (encoded by the
/// client), extra headers and an optional body.
public struct HubRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]?

    public init(method: String, path: String, query: [(String, String)] = [],
                headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// "GET /jobs/42", for error messages.
    public var summary: String { "\(method) \(path)" }
}
