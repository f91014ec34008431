#if canImport(Glibc)
import Glibc
#endif

/// One client connection, owned by exactly one event loop thread.
///
/// It turns buffered bytes into requests (head, then content), answers them strictly in
/// order, and tracks the single deadline that applies to its current state.
final class Connection {
    enum State {
        /// Waiting for (the rest of) a request head; resume scanning at `scanned`.
        case head(scanned: Int)
        case lengthBody(RequestHead, length: Int)
        case chunkedBody(RequestHead, ChunkedDecoder, [UInt8])
        /// A blocking handler is running on the pool.
        case waiting
        /// A streaming response is being produced.
        case streaming(RequestHead, ResponseStream)
        /// The response is out and the write side shut; draining until the client closes.
        case lingering
    }

    let fd: Int32
    unowned let loop: EventLoop
    let input = ByteBuffer()
    var output = OutboundQueue()
    var state = State.head(scanned: 0)
    var deadline: Double
    /// Bytes of the current request have arrived (distinguishes a slow request from an idle connection).
    var requestInProgress = false
    var closeAfterFlush = false
    var peerClosed = false
    var writeInterest = false
    var registered = true
    var lastWriteProgress: Double = 0
    var isClosed = false

    init(fd: Int32, loop: EventLoop, now: Double) {
        self.fd = fd
        self.loop = loop
        deadline = now + loop.configuration.headerTimeout
    }

    var config: ServerConfiguration { loop.configuration }

    /// Whether the connection can be closed right away without cutting a request short.
    var isIdle: Bool {
        if case .head = state, !requestInProgress, output.isEmpty { return true }
        return false
    }

    // MARK: - Input

    /// Parses and answers every complete request in the input buffer.
    func processInput(now: Double) {
        while !isClosed && !closeAfterFlush {
            switch state {
            case .head(let scanned):
                if input.isEmpty { return }
                if !requestInProgress {
                    requestInProgress = true
                    deadline = now + config.headerTimeout
                }
                switch RequestHeadParser.parse(input.readable, limits: config.parserLimits, scanFrom: scanned) {
                case .needMore(let position):
                    state = .head(scanned: position)
                    return
                case .invalid(let status, let message):
                    fail(status, message)
                    return
                case .complete(let head, let consumed):
                    input.consume(consumed)
                    beginBody(of: head, now: now)
                }
            case .lengthBody(let head, let length):
                guard input.readableCount >= length else {
                    input.reserveWritable(length - input.readableCount)
                    return
                }
                dispatch(head, body: input.takeBytes(length), now: now)
            case .chunkedBody(let head, var decoder, var body):
                if input.isEmpty { return }
                state = .waiting  // release the body array so appending does not copy it
                let step = decoder.decode(input.readable, into: &body)
                switch step {
                case .needMore:
                    input.consume(input.readableCount)
                    state = .chunkedBody(head, decoder, body)
                    return
                case .done(let consumed):
                    input.consume(consumed)
                    dispatch(head, body: body, now: now)
                case .invalid(let status, let message):
                    fail(status, message)
                    return
                }
            case .waiting, .streaming, .lingering:
                return
            }
        }
    }

    private func beginBody(of head: RequestHead, now: Double) {
        switch head.framing {
        case .none:
            dispatch(head, body: [], now: now)
        case .length(let length):
            guard length <= config.maxBodyBytes else {
                return fail(.contentTooLarge, "The request content is \(length) bytes; the limit is \(config.maxBodyBytes).")
            }
            if head.expectsContinue && input.readableCount < length { output.append(ResponseSerializer.continueResponse) }
            state = .lengthBody(head, length: length)
            deadline = now + config.bodyIdleTimeout
        case .chunked:
            if head.expectsContinue && input.isEmpty { output.append(ResponseSerializer.continueResponse) }
            state = .chunkedBody(head, ChunkedDecoder(maxBody: config.maxBodyBytes), [])
            deadline = now + config.bodyIdleTimeout
        }
    }

    private func dispatch(_ head: RequestHead, body: [UInt8], now: Double) {
        requestInProgress = false
        input.shrinkIfIdle()
        guard let request = Request(head: head, body: body) else {
            state = .head(scanned: 0)
            send(HTTPError.badRequest("The query string has a malformed percent-escape or is not UTF-8.").response, for: head)
            return
        }
        let responder = loop.responder
        if responder.isBlocking(request) {
            state = .waiting
            deadline = .infinity
            loop.pool.submit { [self] in
                let response = responder.respond(to: request)
                loop.execute { [self] in
                    guard !isClosed else { return }
                    state = .head(scanned: 0)
                    send(response, for: head)
                    processInput(now: loop.now)
                    flush()
                }
            }
            return
        }
        state = .head(scanned: 0)
        send(responder.respond(to: request), for: head)
    }

    // MARK: - Output

    func send(_ response: Response, for head: RequestHead) {
        let keepAlive = head.keepAlive && !peerClosed && !loop.isShuttingDown
        let omitBody = head.method == .head || !response.status.allowsBody
        let date = loop.dateCache.current()
        var bytes: [UInt8] = []
        switch response.body {
        case .bytes(let body):
            let framing: ResponseSerializer.Framing = response.status.allowsBody ? .length(body.count) : .noContent
            bytes.reserveCapacity(256 + (body.count < OutboundQueue.coalesceLimit ? body.count : 0))
            ResponseSerializer.writeHead(status: response.status, headers: response.headers, framing: framing,
                                         keepAlive: keepAlive, date: date, into: &bytes)
            if omitBody || body.count < OutboundQueue.coalesceLimit {
                if !omitBody { bytes.append(contentsOf: body) }
                output.append(bytes)
            } else {
                output.append(bytes)
                output.append(body)
            }
            if !keepAlive { closeAfterFlush = true }
            if keepAlive && input.isEmpty { deadline = loop.now + config.keepAliveTimeout }
        case .stream(let produce):
            let chunked = head.version == .http1_1
            ResponseSerializer.writeHead(status: response.status, headers: response.headers,
                                         framing: omitBody ? .noContent : (chunked ? .chunked : .closeDelimited),
                                         keepAlive: keepAlive && chunked, date: date, into: &bytes)
            output.append(bytes)
            if omitBody {
                if !keepAlive { closeAfterFlush = true }
                return
            }
            startStream(head: head, chunked: chunked, keepAlive: keepAlive && chunked, produce: produce)
        }
    }

    private func startStream(head: RequestHead, chunked: Bool, keepAlive: Bool,
                             produce: @escaping @Sendable (ResponseStream) -> Void) {
        let loop = self.loop
        let stream = ResponseStream { [self] bytes in
            loop.execute { [self] in
                guard !isClosed, case .streaming = state else { return }
                output.append(chunked ? ResponseSerializer.chunk(bytes) : bytes)
                flush()
            }
        }
        state = .streaming(head, stream)
        deadline = .infinity
        loop.streamsStarted(1)
        _ = NativeThread(name: "tpv-stream") { [self] in
            produce(stream)
            stream.close()
            loop.execute { [self] in
                loop.streamsStarted(-1)
                guard !isClosed, case .streaming = state else { return }
                if chunked { output.append(ResponseSerializer.lastChunk) }
                state = .head(scanned: 0)
                if !keepAlive { closeAfterFlush = true } else { deadline = loop.now + config.keepAliveTimeout }
                processInput(now: loop.now)
                flush()
            }
        }
    }

    /// Answers a protocol error with a problem document and closes the connection.
    func fail(_ status: HTTPStatus, _ message: String) {
        let head = RequestHead(method: .get, target: "/", version: .http1_1, headers: HTTPHeaders(),
                               framing: .none, keepAlive: false, expectsContinue: false)
        state = .head(scanned: 0)
        requestInProgress = false
        send(HTTPError(status, message).response, for: head)
        closeAfterFlush = true
    }

    /// Writes pending output; arranges for write readiness or closing as needed.
    func flush() {
        guard !isClosed else { return }
        if !output.isEmpty {
            switch output.write(to: fd) {
            case .drained:
                lastWriteProgress = loop.now
            case .wouldBlock:
                lastWriteProgress = loop.now
                if !writeInterest { writeInterest = true; loop.updateInterest(self) }
                return
            case .failed:
                loop.closeConnection(self)
                return
            }
        }
        if writeInterest { writeInterest = false; loop.updateInterest(self) }
        if closeAfterFlush, case .lingering = state {} else if closeAfterFlush { beginLingeringClose() }
    }

    /// Shuts the write side and drains input briefly, so a client still sending (say, an
    /// upload we refused with 413) reads our answer instead of a connection reset.
    private func beginLingeringClose() {
        if peerClosed { return loop.closeConnection(self) }
        if case .streaming(_, let stream) = state { stream.close() }
        state = .lingering
        shutdown(fd, Int32(SHUT_WR))
        deadline = loop.now + 2
    }

    // MARK: - Timeouts

    func checkDeadline(now: Double) {
        if !output.isEmpty && now - lastWriteProgress > config.writeTimeout { return loop.closeConnection(self) }
        guard now >= deadline else { return }
        switch state {
        case .head where requestInProgress:
            fail(.requestTimeout, "The request head did not arrive within \(Int(config.headerTimeout)) s.")
            flush()
        case .lengthBody, .chunkedBody:
            fail(.requestTimeout, "The request content stalled for \(Int(config.bodyIdleTimeout)) s.")
            flush()
        case .head, .lingering:
            loop.closeConnection(self)
        case .waiting, .streaming:
            break
        }
    }

    func closed() {
        isClosed = true
        if case .streaming(_, let stream) = state { stream.close() }
        state = .lingering  // drops the stream, which holds this connection
    }
}
