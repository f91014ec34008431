import HTTP
import JSON
import Jobs
import Store
import Synchronization

/// Event streams open at once, across all jobs: each holds a thread while it lasts.
private let openStreams = Atomic<Int>(0)

/// `GET /jobs/{id}/events`: the job's life as Server-Sent Events. First a `status` event with the
/// job as it is, then `progress` and `evaluation` events as the worker reports them, and an `end`
/// event with the final job, after which the stream closes. A comment every 15 s keeps proxies
/// from timing the connection out and tells the hub when the client has gone.
struct JobEventStream {
    let store: HubStore
    let jobs: JobService
    static let keepAliveSeconds = 15.0
    /// Each stream holds a thread; beyond this many, clients are asked to come back (503).
    static let maximumOpenStreams = 256

    func response(for job: JobRecord) throws -> Response {
        guard openStreams.add(1, ordering: .relaxed).newValue <= Self.maximumOpenStreams else {
            openStreams.subtract(1, ordering: .relaxed)
            throw HTTPError(.serviceUnavailable, "\(Self.maximumOpenStreams) event streams are open; retry shortly, or poll GET /jobs/\(job.id).",
                            headers: HTTPHeaders([("Retry-After", "5")]))
        }
        let headers = HTTPHeaders([("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache"),
                                   ("X-Accel-Buffering", "no")])
        let (store, jobs, id) = (store, jobs, job.id)
        return Response(status: .ok, headers: headers, body: .stream { stream in
            defer { openStreams.subtract(1, ordering: .relaxed) }
            JobEventStream(store: store, jobs: jobs).run(jobID: id, stream: stream)
        })
    }

    private func run(jobID: Int, stream: ResponseStream) {
        // Subscribe before reading the state, so an end in between is not missed.
        let subscription = jobs.events.subscribe(jobID)
        defer { subscription.cancel() }
        guard let job = try? store.jobs.get(id: jobID) else { return }
        guard stream.write(Self.event("status", job: job, jobs: jobs, store: store)) else { return }
        if job.status.isFinished {
            stream.write(Self.event("end", job: job, jobs: jobs, store: store))
            return
        }
        var quiet = 0.0
        while stream.isOpen {
            // Short waits, so a server shutdown (which closes the stream) is noticed within a second.
            guard let event = subscription.next(timeout: 1) else {
                quiet += 1
                if quiet >= Self.keepAliveSeconds {
                    quiet = 0
                    guard stream.write(": keep-alive\n\n") else { return }
                }
                continue
            }
            quiet = 0
            switch event {
            case .started:
                guard let now = try? store.jobs.get(id: jobID) else { return }
                stream.write(Self.event("status", job: now, jobs: jobs, store: store))
            case .progress(let value): stream.write(Self.event("progress", data: value))
            case .evaluation(let value): stream.write(Self.event("evaluation", data: value))
            case .end:
                guard let final = try? store.jobs.get(id: jobID) else { return }
                stream.write(Self.event("end", job: final, jobs: jobs, store: store))
                return
            }
        }
    }

    static func event(_ name: String, job: JobRecord, jobs: JobService, store: HubStore) -> [UInt8] {
        let position = job.status == .queued ? (try? store.jobs.queuePosition(of: job.id)) ?? nil : nil
        let live = job.status == .running ? jobs.events.latestProgress(job.id) : nil
        return event(name, data: Representation.job(job, live: live, position: position))
    }

    /// One event: the JSON is a single line (the writer emits no newlines), so one `data:` field suffices.
    static func event(_ name: String, data: JSONValue) -> [UInt8] {
        Array("event: \(name)\ndata: ".utf8) + data.serialized() + Array("\n\n".utf8)
    }
}
