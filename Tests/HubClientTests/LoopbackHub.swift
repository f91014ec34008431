import Foundation
import HTTP
import JSON
import Synchronization

/// Routes on a real `HTTPServer` that answer the way the hub does (JSON, problem documents,
/// event streams), for the client tests.
final class LoopbackHub: Sendable {
    /// Lets `/events/held` write its second event: the test opens it once the first event arrived.
    let release = DispatchSemaphore(value: 0)
    /// Whether `/events/held` was released by the test (true) or gave up waiting (false).
    let releasedByClient = Mutex<Bool?>(nil)
    /// Set when the producer of `/events/endless` saw the client go.
    let endlessStopped = DispatchSemaphore(value: 0)

    static let token = "tpv_good"

    func router() -> Router {
        let router = Router()
        router.get("/greeting") { _ in Response.json(["hello": "world", "n": 3]) }
        router.get("/echo-query") { request in
            Response.json(.object(request.query.pairs.map { ($0.name, .string($0.value)) }))
        }
        router.post("/things") { request in
            let body = try JSONValue.parse(request.body)
            var response = Response.json(["received": body], status: .created)
            response.headers.set("Location", "/things/5")
            return response
        }
        router.delete("/things/:id") { request in Response.json(["deleted": .string(request.parameters["id"]!)]) }
        router.delete("/empty/:id") { _ in Response(status: .noContent) }
        router.get("/conflict") { _ in
            throw HTTPError(.conflict, "A vector already exists for (m, sst2, 1); pick another --store-as.",
                            extra: [("vector_id", 7)])
        }
        router.get("/secret") { request in
            guard let authorization = request.headers["Authorization"] else {
                throw HTTPError(.unauthorized, "This write needs 'Authorization: Bearer <token>'.")
            }
            guard authorization == "Bearer \(Self.token)" else { throw HTTPError(.unauthorized, "Unknown token.") }
            return Response.json(["secret": "ok"])
        }
        router.get("/gateway") { _ in .text("<html>bad gateway</html>", status: HTTPStatus(502, "Bad Gateway")) }
        router.get("/text") { _ in .text("not json") }
        router.get("/events/held") { [self] _ in
            Response.eventStream { stream in
                stream.write("event: status\ndata: {\"step\":1}\n\n")
                let released = self.release.wait(timeout: .now() + 10) == .success
                self.releasedByClient.withLock { $0 = released }
                stream.write(": keep-alive\n\nevent: end\ndata: done\n\n")
            }
        }
        router.get("/events/endless") { [self] _ in
            Response.eventStream { stream in
                var n = 0
                while stream.isOpen && n < 2000 {
                    stream.write("event: tick\ndata: \(n)\n\n")
                    n += 1
                    Thread.sleep(forTimeInterval: 0.01)
                }
                if !stream.isOpen { self.endlessStopped.signal() }
            }
        }
        router.get("/events/trickle") { _ in
            // Data every 0.3 s for 1.5 s: longer than the client's 1 s idle limit in total, never silent that long.
            Response.eventStream { stream in
                for i in 0..<5 {
                    stream.write("data: \(i)\n\n")
                    Thread.sleep(forTimeInterval: 0.3)
                }
            }
        }
        router.get("/events/silent") { _ in
            Response.eventStream { stream in
                stream.write("data: first\n\n")
                // Silent for 3 s, but leave as soon as the client has gone so the server shuts down quickly.
                for _ in 0..<30 where stream.isOpen { Thread.sleep(forTimeInterval: 0.1) }
                stream.write("data: late\n\n")
            }
        }
        router.get("/events/missing") { _ in throw HTTPError.notFound("No job 99; list jobs with GET /jobs.") }
        return router
    }
}
