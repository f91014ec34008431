import Foundation
import JSON

/// Something a running job reports, in the order it happens.
public enum JobEvent: Equatable, Sendable {
    /// A worker took the job: it is running now.
    case started
    /// After an optimiser step (training) or a grid point (lambda search).
    case progress(JSONValue)
    /// After a validation pass.
    case evaluation(JSONValue)
    /// The job reached a final status; read it from the store.
    case end
}

/// Fans job events out to subscribers (SSE streams) and remembers each running job's latest
/// progress for `GET /jobs/{id}`. Nothing here is durable: the store has the job's state.
public final class JobEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [Int: [JobSubscription]] = [:]
    private var latest: [Int: JSONValue] = [:]

    public init() {}

    /// Events of job `jobID` from now on. Subscribe before reading the job's state, so nothing
    /// that happens in between is missed.
    public func subscribe(_ jobID: Int) -> JobSubscription {
        let subscription = JobSubscription(jobID: jobID, events: self)
        lock.withLock { subscribers[jobID, default: []].append(subscription) }
        return subscription
    }

    func unsubscribe(_ subscription: JobSubscription) {
        lock.withLock {
            subscribers[subscription.jobID]?.removeAll { $0 === subscription }
            if subscribers[subscription.jobID]?.isEmpty == true { subscribers[subscription.jobID] = nil }
        }
    }

    func publish(_ jobID: Int, _ event: JobEvent) {
        let targets: [JobSubscription] = lock.withLock {
            switch event {
            case .progress(let value): latest[jobID] = value
            case .end: latest[jobID] = nil
            case .evaluation, .started: break
            }
            return subscribers[jobID] ?? []
        }
        for subscription in targets { subscription.deliver(event) }
    }

    /// The last progress of a running job, if it reported any.
    public func latestProgress(_ jobID: Int) -> JSONValue? {
        lock.withLock { latest[jobID] }
    }
}

/// One listener's queue of a job's events. A slow reader never holds the job up: queued
/// progress events are coalesced to the newest, evaluations and the end are kept.
public final class JobSubscription: @unchecked Sendable {
    let jobID: Int
    private weak var events: JobEvents?
    private let condition = NSCondition()
    private var queue: [JobEvent] = []

    init(jobID: Int, events: JobEvents) {
        self.jobID = jobID
        self.events = events
    }

    func deliver(_ event: JobEvent) {
        condition.lock()
        if case .progress = event, case .progress? = queue.last { queue.removeLast() }
        queue.append(event)
        condition.signal()
        condition.unlock()
    }

    /// The next event, or nil after `timeout` seconds without one.
    public func next(timeout: Double) -> JobEvent? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while queue.isEmpty {
            if !condition.wait(until: deadline) { return nil }
        }
        return queue.removeFirst()
    }

    /// Stops delivery; call when the listener goes.
    public func cancel() {
        events?.unsubscribe(self)
    }
}
