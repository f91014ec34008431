import Foundation

/// A fixed set of threads for handlers that may block (fsync, large hashing, SQLite writes),
/// so the event loops only ever wait in epoll.
final class BlockingPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [() -> Void] = []
    private var head = 0
    private var stopping = false
    private var threads: [NativeThread] = []

    init(threads count: Int) {
        for i in 0..<max(1, count) {
            threads.append(NativeThread(name: "tpv-block-\(i)") { [unowned self] in self.work() })
        }
    }

    func submit(_ task: @escaping () -> Void) {
        condition.lock()
        queue.append(task)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == queue.count && !stopping { condition.wait() }
            if head == queue.count && stopping { condition.unlock(); return }
            let task = queue[head]
            head += 1
            if head == queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
            condition.unlock()
            task()
        }
    }

    /// Runs what was submitted, then ends the threads.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        threads.forEach { $0.join() }
    }
}
