/// Everything about the server that an operator may tune.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests use this); `HTTPServer.port` tells which.
    public var port = 8080
    /// Event loops, one thread each; default: one per core.
    public var eventLoops = max(1, System.coreCount)
    /// Threads for handlers that may block.
    public var blockingThreads = 4
    public var parserLimits = ParserLimits()
    /// Largest request content accepted; beyond it the answer is 413.
    public var maxBodyBytes = 64 * 1024 * 1024
    /// From a request's first byte until its head is complete (slow-header defence).
    public var headerTimeout: Double = 10
    /// Longest pause while content is arriving.
    public var bodyIdleTimeout: Double = 30
    /// How long an idle keep-alive connection stays open.
    public var keepAliveTimeout: Double = 15
    /// Longest pause while the client is not reading what we send.
    public var writeTimeout: Double = 30
    /// How long a graceful shutdown waits for in-flight requests.
    public var shutdownGracePeriod: Double = 10
    public var maxConnections = 16_384

    public init() {}
}

public enum System {
    public static var coreCount: Int {
        #if os(Linux)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 2
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
