import Synchronization

/// The sending side of a streaming response (Server-Sent Events, progress).
///
/// Writes may come from any thread; they are handed to the connection's event loop, which
/// frames them as chunks. Once the client has gone or the server is shutting down,
/// `isOpen` turns false and writes are dropped, so producers know to stop.
public final class ResponseStream: Sendable {
    private let open = Atomic<Bool>(true)
    private let send: @Sendable ([UInt8]) -> Void

    init(send: @escaping @Sendable ([UInt8]) -> Void) {
        self.send = send
    }

    public var isOpen: Bool { open.load(ordering: .acquiring) }

    /// Queues bytes for the client; false when the stream is closed.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        guard isOpen else { return false }
        if !bytes.isEmpty { send(bytes) }
        return true
    }

    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    func close() { open.store(false, ordering: .releasing) }
}
