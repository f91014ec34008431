import Foundation
import HubClient
import JSON
import Testing
import TestSupport

/// The client against the real `tpv serve` in a child process.
@Suite(.serialized) struct RealHubTests {
    @Test func healthNotFoundAndUnauthorizedFromTheRealHub() throws {
        let directory = TemporaryDirectory()
        let hub = try HubProcess(dataDirectory: directory.file("data"))
        let client = HubClient(baseURL: "http://127.0.0.1:\(hub.port)")
        #expect(try client.get("/health")["status"] == "ok")

        let missing = try #require(throws: HubClientError.self) { try client.get("/vectors/999999") }
        #expect(missing.status == 404)
        guard case .problem(let request, let problem, _) = missing else { Issue.record("not a problem: \(missing)"); return }
        #expect(request == "GET /vectors/999999")
        #expect(problem.title == "Not Found" && !problem.detail.isEmpty)
        #expect(missing.description.hasPrefix("GET /vectors/999999: 404 Not Found: \(problem.detail)"))

        let upload = [("model", "m"), ("task", "t"), ("seed", "1")]
        let anonymous = try #require(throws: HubClientError.self) { try client.post("/vectors", json: [:], query: upload) }
        #expect(anonymous.status == 401)
        #expect(anonymous.description.contains("Pass a token with --token or TPV_TOKEN"))
        let forged = HubClient(baseURL: client.baseURL, token: "tpv_forged")
        let refused = try #require(throws: HubClientError.self) { try forged.post("/vectors", json: [:], query: upload) }
        #expect(refused.description.contains("The token is not valid"))
        #expect(refused.description.contains("was refused"))
        #expect(hub.terminate().status == 0)
    }

    @Test func theBinaryExplainsThatNoHubIsRunning() throws {
        let result = try runProcess(HubProcess.executable, ["jobs", "--hub", "http://127.0.0.1:1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no hub at http://127.0.0.1:1"))
        #expect(result.stderr.contains("start one with `make serve` or pass --hub / TPV_HUB"))
        #expect(result.output.isEmpty)

        let started = Date()
        let follow = try runProcess(HubProcess.executable, ["jobs", "follow", "5", "--hub", "http://127.0.0.1:1"])
        #expect(follow.status == 2 && follow.stderr.contains("no hub at"))
        #expect(Date().timeIntervalSince(started) < 5, "no retrying when the hub was never reached")

        let environment = try runProcess(HubProcess.executable, ["jobs", "show", "5"], environment: ["TPV_HUB": "127.0.0.1:1"])
        #expect(environment.status == 2)
        #expect(environment.stderr.contains("no hub at http://127.0.0.1:1"), "TPV_HUB is read, and a missing scheme means http")
    }

    @Test func usageErrorsExitTwo() throws {
        let result = try runProcess(HubProcess.executable, ["train", "--model", "m", "--task", "t", "--init", "vector:x"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the vector id must be a positive integer"))
    }
}
