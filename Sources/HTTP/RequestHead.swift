/// The protocol version of a request (RFC 9112 section 2.3).
public struct HTTPVersion: Equatable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// How the request's content is delimited (RFC 9112 section 6.3).
public enum BodyFraming: Equatable, Sendable {
    case none
    case length(Int)
    case chunked
}

/// Everything before a request's content: request line, header fields, and what they imply.
public struct RequestHead: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as sent (origin-form: path and optional query).
    public var target: String
    public var version: HTTPVersion
    /// Header fields; names are lower-cased by the parser.
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// Whether the connection stays open after this exchange (RFC 9112 section 9.3).
    public var keepAlive: Bool
    /// The client waits for `100 Continue` before sending content.
    public var expectsContinue: Bool

    public init(method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders,
                framing: BodyFraming, keepAlive: Bool, expectsContinue: Bool) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}
