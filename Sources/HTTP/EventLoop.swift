#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import CLinux

/// One epoll loop on one thread. It accepts connections from the shared listening socket
/// (EPOLLEXCLUSIVE wakes one loop per connection), reads, parses, answers and writes
/// without ever blocking; work from other threads arrives through `execute`.
final class EventLoop: @unchecked Sendable {
    let configuration: ServerConfiguration
    let responder: HTTPResponder
    let pool: BlockingPool
    let dateCache = HTTPDateCache()
    private let epoll: Int32
    private let wakeup: Int32
    private let listener: Int32
    private var connections: [Connection?] = []
    private var liveCount = 0
    private let mailbox = Mutex<[() -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private(set) var isShuttingDown = false
    private var shutdownDeadline = Double.infinity
    private var activeStreams = 0
    private var lastTimeoutScan: Double = 0
    private(set) var now: Double = 0
    let liveConnections = Atomic<Int>(0)

    private static let listenerTag: UInt64 = UInt64.max
    private static let wakeupTag: UInt64 = UInt64.max - 1

    init(configuration: ServerConfiguration, responder: HTTPResponder, pool: BlockingPool, listener: Int32) throws {
        self.configuration = configuration
        self.responder = responder
        self.pool = pool
        self.listener = listener
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw Socket.SystemError(call: "epoll_create1", code: errno) }
        wakeup = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeup >= 0 else { throw Socket.SystemError(call: "eventfd", code: errno) }
        add(fd: listener, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue, tag: Self.listenerTag)
        add(fd: wakeup, events: EPOLLIN.rawValue, tag: Self.wakeupTag)
    }

    deinit {
        close(epoll)
        close(wakeup)
    }

    // MARK: - Cross-thread entry points

    /// Runs `task` on this loop's thread.
    func execute(_ task: @escaping () -> Void) {
        let wasEmpty = mailbox.withLock { box in
            box.append(task)
            return box.count == 1
        }
        if wasEmpty {
            var one: UInt64 = 1
            _ = write(wakeup, &one, 8)
        }
    }

    /// Asks the loop to stop accepting, finish what is in flight, and return from `run`.
    func requestShutdown() {
        stopRequested.store(true, ordering: .releasing)
        execute {}
    }

    // MARK: - The loop

    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        now = Self.monotonicNow()
        lastTimeoutScan = now
        while true {
            let ready = epoll_wait(epoll, &events, Int32(events.count), 250)
            now = Self.monotonicNow()
            if ready < 0 && errno != EINTR { fatalError("epoll_wait: \(errno)") }
            for i in 0..<max(0, Int(ready)) {
                let event = events[i]
                switch event.data.u64 {
                case Self.listenerTag: acceptConnections()
                case Self.wakeupTag: drainMailbox()
                default: handle(fd: Int32(truncatingIfNeeded: event.data.u64), events: event.events)
                }
            }
            if stopRequested.load(ordering: .acquiring) && !isShuttingDown { beginShutdown() }
            if now - lastTimeoutScan >= 0.25 {
                lastTimeoutScan = now
                scanDeadlines()
            }
            if isShuttingDown && ((liveCount == 0 && activeStreams == 0) || now > shutdownDeadline) {
                closeAll()
                return
            }
        }
    }

    /// All loops of the server, this one included; set before any loop runs.
    var siblings: [EventLoop] = []
    private var nextSibling = 0

    private func acceptConnections() {
        if isShuttingDown { return }
        for _ in 0..<64 {
            let fd = tpv_accept_nonblocking(listener)
            if fd < 0 {
                // EAGAIN: another loop took it, or the backlog is empty. EMFILE: out of descriptors;
                // the client waits in the backlog until a connection closes.
                return
            }
            // Round-robin across loops: whichever loop the kernel woke, connections spread evenly,
            // so a burst of clients cannot pile onto one core.
            let target = siblings.isEmpty ? self : siblings[nextSibling % siblings.count]
            nextSibling &+= 1
            if target === self { adopt(fd) } else { target.execute { target.adopt(fd) } }
        }
    }

    /// Takes ownership of an accepted connection.
    private func adopt(_ fd: Int32) {
        if isShuttingDown || liveConnections.load(ordering: .relaxed) >= configuration.maxConnections {
            close(fd)
            return
        }
        Socket.setNoDelay(fd)
        let connection = Connection(fd: fd, loop: self, now: now)
        let index = Int(fd)
        if index >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: index - connections.count + 1024))
        }
        connections[index] = connection
        liveCount += 1
        liveConnections.add(1, ordering: .relaxed)
        add(fd: fd, events: EPOLLIN.rawValue | EPOLLRDHUP.rawValue, tag: UInt64(fd))
    }

    private func handle(fd: Int32, events: UInt32) {
        guard Int(fd) < connections.count, let connection = connections[Int(fd)] else { return }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            readAvailable(connection)
        }
        if !connection.isClosed && events & EPOLLOUT.rawValue != 0 {
            connection.flush()
        }
    }

    private func readAvailable(_ connection: Connection) {
        var total = 0
        var sawEnd = false
        // Bounded per wake-up so one fast sender cannot starve the others on this loop.
        while total < 1 << 20 {
            connection.input.reserveWritable(64 * 1024)
            let tail = connection.input.writableTail
            let n = read(connection.fd, tail.baseAddress, tail.count)
            if n > 0 {
                total += n
                if case .lingering = connection.state { continue }
                connection.input.didWrite(n)
                if n < tail.count { break }
            } else if n == 0 {
                sawEnd = true
                break
            } else {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                closeConnection(connection)
                return
            }
        }
        if case .lingering = connection.state {
            if sawEnd { closeConnection(connection) }
            return
        }
        if total > 0 {
            if connection.input.readableCount > configuration.maxBodyBytes + (1 << 20) {
                closeConnection(connection)  // pipelining far ahead of a busy handler: refuse to buffer more
                return
            }
            switch connection.state {
            case .lengthBody, .chunkedBody: connection.deadline = now + configuration.bodyIdleTimeout
            default: break
            }
            connection.processInput(now: now)
        }
        if sawEnd {
            connection.peerClosed = true
            switch connection.state {
            case .waiting:
                break  // answer, then close
            case .streaming(_, let stream):
                stream.close()
                closeConnection(connection)
                return
            default:
                if connection.output.isEmpty { closeConnection(connection); return }
                connection.closeAfterFlush = true
            }
            updateInterest(connection)
        }
        connection.flush()
    }

    private func drainMailbox() {
        var counter: UInt64 = 0
        _ = read(wakeup, &counter, 8)
        let tasks = mailbox.withLock { box -> [() -> Void] in
            let taken = box
            box.removeAll(keepingCapacity: true)
            return taken
        }
        for task in tasks { task() }
    }

    private func scanDeadlines() {
        for case let connection? in connections {
            connection.checkDeadline(now: now)
        }
    }

    // MARK: - Shutdown

    private func beginShutdown() {
        isShuttingDown = true
        shutdownDeadline = now + configuration.shutdownGracePeriod
        epoll_ctl(epoll, EPOLL_CTL_DEL, listener, nil)
        for case let connection? in connections where connection.isIdle {
            closeConnection(connection)
        }
        for case let connection? in connections {
            if case .streaming(_, let stream) = connection.state { stream.close() }
        }
    }

    private func closeAll() {
        for case let connection? in connections { closeConnection(connection) }
    }

    func streamsStarted(_ delta: Int) { activeStreams += delta }

    // MARK: - epoll bookkeeping

    func closeConnection(_ connection: Connection) {
        guard !connection.isClosed else { return }
        connection.closed()
        if connection.registered { epoll_ctl(epoll, EPOLL_CTL_DEL, connection.fd, nil) }
        Glibc.close(connection.fd)
        connections[Int(connection.fd)] = nil
        liveCount -= 1
        liveConnections.subtract(1, ordering: .relaxed)
    }

    /// Re-registers the connection for what it now waits for. Once the peer has closed its
    /// side, input readiness would fire forever (level-triggered), so only output is watched,
    /// and with nothing to watch the descriptor leaves the epoll set until it has output.
    func updateInterest(_ connection: Connection) {
        var events: UInt32 = connection.peerClosed ? 0 : EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        if connection.writeInterest { events |= EPOLLOUT.rawValue }
        var event = epoll_event()
        event.events = events
        event.data.u64 = UInt64(connection.fd)
        if events == 0 {
            if connection.registered { epoll_ctl(epoll, EPOLL_CTL_DEL, connection.fd, nil) }
            connection.registered = false
        } else {
            epoll_ctl(epoll, connection.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, connection.fd, &event)
            connection.registered = true
        }
    }

    private func add(fd: Int32, events: UInt32, tag: UInt64) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = tag
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    static func monotonicNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
