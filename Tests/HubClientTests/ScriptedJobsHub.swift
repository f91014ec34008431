import Foundation
import HTTP
import JSON
import Synchronization
import TestSupport

/// Speaks the jobs API of notes/jobs-api.md over a real socket with scripted jobs, so the
/// `tpv train / jobs / evaluate` binaries are exercised end to end (arguments, HTTP, event
/// stream, output, exit status) independently of the hub's training workers:
/// job 42 succeeds, 43 fails, 44's first stream breaks before the end, 45 stops slowly.
final class ScriptedJobsHub {
    static let token = "tpv_scripted"

    /// What the routes were sent, and how often each job's event stream was opened.
    final class Log: Sendable {
        let bodies = Mutex<[(String, JSONValue)]>([])
        let eventStreamsOpened = Mutex<[Int: Int]>([:])
    }

    let log: Log
    let server: RunningServer

    var address: String { "http://127.0.0.1:\(server.port)" }

    init() throws {
        let log = Log()
        self.log = log
        server = try RunningServer(Self.router(log))
    }

    func bodies(_ route: String) -> [JSONValue] { log.bodies.withLock { $0.filter { $0.0 == route }.map(\.1) } }

    /// A job as the contract shapes it; `extra` members replace or add to the common ones.
    static func job(_ id: Int, _ status: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        let common: [(String, JSONValue)] = [
            ("id", .int(id)), ("kind", "train"), ("status", .string(status)), ("model", "all-minilm-l6-v2"),
            ("task", "sst2"), ("seed", 1), ("owner", "alice"), ("attempts", 1), ("cancel_requested", false),
            ("created_at", "2026-11-29T08:00:00.000Z"),
        ]
        return .object(common.filter { member in !extra.contains { $0.0 == member.0 } } + extra)
    }

    static let succeeded = job(42, "succeeded", [
        ("progress", ["step": 10, "total": 10, "epoch": 2, "loss": 0.41]),
        ("metrics", ["validation": ["macro_f1": 0.8, "accuracy": 0.81, "n": 500],
                     "test": ["macro_f1": 0.79, "accuracy": 0.8, "n": 1000]]),
        ("vector_id", 7), ("started_at", "2026-11-29T08:00:01.000Z"), ("finished_at", "2026-11-29T08:00:13.000Z"),
    ])

    private static func router(_ log: Log) -> Router {
        let router = Router()
        router.post("/jobs") { request in
            try Self.requireToken(request)
            let body = try JSONValue.parse(request.body)
            log.bodies.withLock { $0.append(("POST /jobs", body)) }
            let id: Int
            switch body["task"]?.stringValue {
            case "taken": throw HTTPError(.conflict, "A vector already exists under (all-minilm-l6-v2, taken, 1); pass --store-as or another --seed.")
            case "broken": id = 43
            default: id = 42
            }
            var response = Response.json(Self.job(id, "queued", [("position", 0)]), status: .created)
            response.headers.set("Location", "/jobs/\(id)")
            return response
        }
        router.get("/jobs") { request in
            var items = [Self.succeeded, Self.job(43, "running", [("progress", ["step": 3, "total": 10])])]
            if let status = request.query["status"] { items = items.filter { $0["status"]?.stringValue == status } }
            return Response.json(["items": .array(items), "total": .int(items.count)])
        }
        router.get("/jobs/:id") { request in
            guard request.parameters["id"] == "42" else { throw HTTPError.notFound("No job \(request.parameters["id"]!).") }
            return Response.json(Self.succeeded)
        }
        router.delete("/jobs/:id") { request in
            try Self.requireToken(request)
            switch request.parameters["id"] {
            case "42": return Response.json(Self.job(42, "cancelled", [("error", "cancelled by alice")]))
            case "45": return Response.json(Self.job(45, "running", [("cancel_requested", true)]), status: .accepted)
            default: throw HTTPError(.conflict, "Job \(request.parameters["id"]!) already finished.")
            }
        }
        router.get("/jobs/:id/events") { request in
            let id = Int(request.parameters["id"]!) ?? 0
            let opened = log.eventStreamsOpened.withLock { counts in
                counts[id, default: 0] += 1
                return counts[id]!
            }
            return Response.eventStream { stream in Self.script(id: id, opened: opened, stream) }
        }
        router.post("/evaluate") { request in
            let body = try JSONValue.parse(request.body)
            log.bodies.withLock { $0.append(("POST /evaluate", body)) }
            return Response.json(["metrics": ["macro_f1": 0.75, "accuracy": 0.76, "n": 20], "model": body["model"] ?? .null,
                              "task": body["task"] ?? .null, "split": body["split"] ?? "test",
                              "prompt": body["prompt"] ?? .null, "seconds": 1.25])
        }
        return router
    }

    private static func script(id: Int, opened: Int, _ stream: ResponseStream) {
        func send(_ event: String, _ data: JSONValue) {
            stream.write("event: \(event)\ndata: \(String(decoding: data.serialized(), as: UTF8.self))\n\n")
        }
        switch (id, opened) {
        case (42, _):
            send("status", job(42, "queued", [("position", 0)]))
            send("status", job(42, "running"))
            for step in 1...10 {
                send("progress", ["step": .int(step), "total": 10, "epoch": .int(step > 5 ? 2 : 1), "loss": 0.5,
                                  "examples_per_second": 20.0, "eta_seconds": .double(Double(10 - step))])
                if step == 5 {
                    stream.write(": keep-alive\n\n")
                    send("evaluation", ["step": 5, "epoch": 1, "training_loss": 0.52,
                                        "validation": ["macro_f1": 0.7, "accuracy": 0.71, "n": 500]])
                }
            }
            send("end", succeeded)
        case (43, _):
            send("status", job(43, "running", [("progress", ["step": 1, "total": 10])]))
            send("end", job(43, "failed", [("error", "task 'broken' has no validation split; upload one with PUT /datasets/broken/validation")]))
        case (44, 1):
            send("status", job(44, "running", [("progress", ["step": 2, "total": 10])]))  // then the stream breaks
        case (44, _):
            send("status", job(44, "succeeded", [("vector_id", 8)]))
            send("end", job(44, "succeeded", [("vector_id", 8)]))
        default:
            break
        }
    }

    private static func requireToken(_ request: Request) throws {
        guard request.headers["Authorization"] == "Bearer \(token)" else {
            throw HTTPError(.unauthorized, "This write needs 'Authorization: Bearer <token>'; create a token with `tpv token create --name NAME`.")
        }
    }
}
