import Foundation
import HTTP
import HubClient
import JSON
import Testing
import TestSupport

/// The client against a real `HTTPServer` on a loopback socket.
@Suite(.serialized) struct HubClientTests {
    let routes = LoopbackHub()
    let server: RunningServer
    var address: String { "http://127.0.0.1:\(server.port)" }

    init() throws {
        server = try RunningServer(routes.router())
    }

    @Test func getsJSON() throws {
        let client = HubClient(baseURL: address + "/")
        #expect(try client.get("/greeting") == ["hello": "world", "n": 3])
        #expect(try client.get("greeting") == ["hello": "world", "n": 3], "the leading slash is optional")
    }

    @Test func encodesQueryValuesSoTheServerReadsThemBack() throws {
        let pairs = [("status", "running"), ("text", "a+b & c=d / é?"), ("empty", "")]
        let echoed = try HubClient(baseURL: address).get("/echo-query", query: pairs)
        #expect(echoed == .object(pairs.map { ($0.0, .string($0.1)) }))
    }

    @Test func postsJSONAndReturnsStatusBodyAndLocation() throws {
        let sent: JSONValue = ["model": "m", "seed": 1, "init": ["compose": ["tasks": "a,b", "lambda": 0.5]]]
        let (status, body, location) = try HubClient(baseURL: address).post("/things", json: sent)
        #expect(status == 201)
        #expect(body == ["received": sent])
        #expect(location == "/things/5")
    }

    @Test func deletes() throws {
        let client = HubClient(baseURL: address)
        let (status, body) = try client.delete("/things/12")
        #expect(status == 200 && body == ["deleted": "12"])
        let (emptyStatus, emptyBody) = try client.delete("/empty/1")
        #expect(emptyStatus == 204 && emptyBody == .null)
    }

    @Test func problemDocumentsBecomeErrorsWithTheServersDetail() throws {
        let error = try #require(throws: HubClientError.self) { try HubClient(baseURL: address).get("/conflict") }
        #expect(error.status == 409)
        #expect(error.description == "GET /conflict: 409 Conflict: A vector already exists for (m, sst2, 1); pick another --store-as.")
        guard case .problem(_, let problem, _) = error else { Issue.record("not a problem: \(error)"); return }
        #expect(problem.document["vector_id"] == 7, "extra members are kept")
    }

    @Test func unauthorizedSaysHowToPassAToken() throws {
        let missing = try #require(throws: HubClientError.self) { try HubClient(baseURL: address).get("/secret") }
        #expect(missing.status == 401)
        #expect(missing.description.contains("Pass a token with --token or TPV_TOKEN"))
        let refused = try #require(throws: HubClientError.self) { try HubClient(baseURL: address, token: "tpv_bad").get("/secret") }
        #expect(refused.description.contains("Unknown token."))
        #expect(refused.description.contains("token from --token / TPV_TOKEN was refused"))
        #expect(try HubClient(baseURL: address, token: LoopbackHub.token).get("/secret") == ["secret": "ok"])
    }

    @Test func nonJSONErrorBodiesStillGiveAMessage() throws {
        let error = try #require(throws: HubClientError.self) { try HubClient(baseURL: address).get("/gateway") }
        #expect(error.status == 502)
        #expect(error.description == "GET /gateway: 502 Bad Gateway: <html>bad gateway</html>")
        let notJSON = try #require(throws: HubClientError.self) { try HubClient(baseURL: address).get("/text") }
        guard case .unexpectedBody = notJSON else { Issue.record("expected unexpectedBody, got \(notJSON)"); return }
    }

    @Test func rawSendReturnsErrorStatusesWithoutThrowing() throws {
        let response = try HubClient(baseURL: address).send(HubRequest(method: "GET", path: "/conflict"))
        #expect(response.status == 409)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(ProblemDetails(response: response).detail.hasPrefix("A vector already exists"))
    }

    @Test func refusedConnectionsSayHowToStartAHub() throws {
        let error = try #require(throws: HubClientError.self) { try HubClient(baseURL: "http://127.0.0.1:1").get("/health") }
        #expect(error.description == "no hub at http://127.0.0.1:1 (connection refused); start one with `make serve` or pass --hub / TPV_HUB")
        let bad = try #require(throws: HubClientError.self) { try HubClient(baseURL: "ftp://x").get("/health") }
        guard case .invalidHubURL = bad else { Issue.record("expected invalidHubURL, got \(bad)"); return }
    }

    // MARK: Server-Sent Events

    @Test func deliversTheFirstEventWhileTheStreamIsStillOpen() throws {
        var received: [ServerSentEvent] = []
        try HubClient(baseURL: address).events("/events/held") { event in
            received.append(event)
            // The server writes nothing more until this: a client that buffered the whole
            // response would never get here before the server's 10 s fallback.
            if received.count == 1 { routes.release.signal() }
            return true
        }
        #expect(routes.releasedByClient.withLock { $0 } == true)
        #expect(received == [ServerSentEvent(event: "status", data: "{\"step\":1}"), ServerSentEvent(event: "end", data: "done")])
    }

    @Test func stopsWhenTheCallbackReturnsFalse() throws {
        var received: [String] = []
        let started = Date()
        try HubClient(baseURL: address).events("/events/endless") { event in
            received.append(event.data)
            return received.count < 3
        }
        #expect(received == ["0", "1", "2"])
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(routes.endlessStopped.wait(timeout: .now() + 5) == .success, "the server saw the client leave")
    }

    @Test func idleTimeoutCountsSilenceNotTheWholeStream() throws {
        let client = HubClient(baseURL: address, streamIdleTimeout: 1)
        var trickled: [String] = []
        try client.events("/events/trickle") { trickled.append($0.data); return true }
        #expect(trickled == ["0", "1", "2", "3", "4"])

        var beforeSilence: [String] = []
        let started = Date()
        let error = try #require(throws: HubClientError.self) {
            try client.events("/events/silent") { beforeSilence.append($0.data); return true }
        }
        #expect(beforeSilence == ["first"])
        #expect(Date().timeIntervalSince(started) < 2.5, "gave up after about 1 s of silence, not at the 3 s event")
        guard case .timedOut = error else { Issue.record("expected timedOut, got \(error)"); return }
    }

    @Test func errorStatusOnAStreamThrowsTheProblem() throws {
        let error = try #require(throws: HubClientError.self) {
            try HubClient(baseURL: address).events("/events/missing") { _ in Issue.record("no event expected"); return true }
        }
        #expect(error.status == 404)
        #expect(error.description.contains("No job 99"))
        let notAStream = try #require(throws: HubClientError.self) {
            try HubClient(baseURL: address).events("/greeting") { _ in true }
        }
        #expect(notAStream.description.contains("expected text/event-stream, got application/json"))
    }
}
