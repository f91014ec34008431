/// A complete request as handlers see it: head, decoded target, content and route parameters.
public struct Request: Sendable {
    public let head: RequestHead
    public let body: [UInt8]
    /// The path part of the target, still percent-encoded (routing splits it before decoding,
    /// so an encoded '/' never becomes a separator).
    public let rawPath: Substring
    public let query: QueryParameters
    /// Values of `:name` segments of the matched route, percent-decoded.
    public var parameters: [String: String] = [:]

    public var method: HTTPMethod { head.method }
    public var headers: HTTPHeaders { head.headers }

    /// Nil when the query string is not valid percent-encoded UTF-8.
    public init?(head: RequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
        let target = Substring(head.target)
        if let mark = target.firstIndex(of: "?") {
            rawPath = target[..<mark]
            guard let query = QueryParameters(query: target[target.index(after: mark)...]) else { return nil }
            self.query = query
        } else {
            rawPath = target
            query = QueryParameters()
        }
    }

    /// Path segments, percent-decoded; nil if any segment has a malformed escape.
    public var pathSegments: [String]? {
        var out: [String] = []
        for segment in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = PercentDecoding.decode(segment) else { return nil }
            out.append(decoded)
        }
        return out
    }
}
