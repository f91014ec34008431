import Foundation

/// A fixed set of connections, each lent to one thread at a time; borrowers wait when all are out.
final class ConnectionPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var idle: [Connection]
    private let total: Int
    private var isClosed = false
    /// Threads holding a connection: a second borrow by one of them would wait on itself forever.
    private var holders: Set<pthread_t> = []

    init(_ connections: [Connection]) {
        precondition(!connections.isEmpty, "a connection pool needs at least one connection")
        idle = connections
        total = connections.count
    }

    /// Runs `body` with a connection that no other thread uses meanwhile.
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let thread = pthread_self()
        condition.lock()
        guard !holders.contains(thread) else {
            condition.unlock()
            throw SQLiteError(code: SQLiteCode.misuse,
                              message: "nested database call on a thread that already holds a connection; use the Connection passed to the outer closure")
        }
        while idle.isEmpty && !isClosed { condition.wait() }
        guard !isClosed else {
            condition.unlock()
            throw SQLiteError(code: SQLiteCode.misuse, message: "the store is closed; open it again to use it")
        }
        let connection = idle.removeLast()
        holders.insert(thread)
        condition.unlock()
        defer {
            condition.lock()
            holders.remove(thread)
            idle.append(connection)
            condition.signal()
            condition.unlock()
        }
        return try body(connection)
    }

    /// Waits until every connection is returned, closes them all, and fails later borrowers.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { return }
        while idle.count < total { condition.wait() }
        isClosed = true
        idle.forEach { $0.close() }
        condition.broadcast()
    }
}
