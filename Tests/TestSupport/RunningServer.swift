import HTTP

/// An HTTPServer started on a free loopback port for one test, shut down when released.
public final class RunningServer {
    public let server: HTTPServer
    public var port: Int { server.port }

    public init(_ responder: HTTPResponder, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        server = HTTPServer(configuration: configuration, responder: responder)
        try server.start()
    }

    deinit { server.shutdown() }

    public func client(timeout: Double = 10) throws -> RawHTTPClient {
        try RawHTTPClient(port: port, timeout: timeout)
    }
}
