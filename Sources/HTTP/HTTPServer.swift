#if canImport(Glibc)
import Glibc
#endif

/// The HTTP/1.1 server: a listening socket, one event loop per core, and a pool for
/// blocking handlers. `start` returns once it accepts connections.
public final class HTTPServer: @unchecked Sendable {
    public let configuration: ServerConfiguration
    public private(set) var port = 0
    private let responder: HTTPResponder
    private var listener: Int32 = -1
    private var loops: [EventLoop] = []
    private var threads: [NativeThread] = []
    private var pool: BlockingPool?

    public init(configuration: ServerConfiguration, responder: HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    public func start() throws {
        signal(SIGPIPE, SIG_IGN)  // a client that vanishes mid-write must not kill the process
        Socket.raiseFileLimit()
        let (fd, boundPort) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: 4096)
        listener = fd
        port = boundPort
        let pool = BlockingPool(threads: configuration.blockingThreads)
        self.pool = pool
        for _ in 0..<configuration.eventLoops {
            let loop = try EventLoop(configuration: configuration, responder: responder, pool: pool, listener: fd)
            loops.append(loop)
        }
        for (i, loop) in loops.enumerated() {
            loop.siblings = loops
            threads.append(NativeThread(name: "tpv-loop-\(i)") { loop.run() })
        }
    }

    /// Open connections across all loops.
    public var connectionCount: Int {
        loops.reduce(0) { $0 + $1.liveConnections.load(ordering: .relaxed) }
    }

    /// Stops accepting, lets in-flight requests finish (up to the grace period), then returns.
    /// Calling it again does nothing.
    public func shutdown() {
        guard !loops.isEmpty else { return }
        loops.forEach { $0.requestShutdown() }
        threads.forEach { $0.join() }
        loops.forEach { $0.siblings = [] }
        pool?.stop()
        pool = nil
        if listener >= 0 { close(listener); listener = -1 }
        threads = []
        loops = []
    }
}
