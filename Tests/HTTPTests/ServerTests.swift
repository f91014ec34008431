import Foundation
import Testing
import TestSupport
@testable import HTTP

/// The server through real loopback sockets.
@Suite(.serialized) struct ServerTests {
    static func makeRouter() -> Router {
        let router = Router()
        router.get("/hello") { _ in .text("hello") }
        router.get("/echo-query") { request in .text(request.query["q"] ?? "-") }
        router.post("/echo", blocking: false) { request in
            Response(contentType: "application/octet-stream", bytes: request.body)
        }
        router.post("/slow") { request in
            Thread.sleep(forTimeInterval: 0.5)
            return .text("slow done \(request.body.count)")
        }
        router.get("/items/:id") { request in .text("item \(request.parameters["id"]!)") }
        router.delete("/items/:id") { request in Response(status: .noContent) }
        router.get("/stream") { _ in
            Response(headers: HTTPHeaders([("Content-Type", "text/event-stream")]), body: .stream { stream in
                for i in 0..<3 {
                    stream.write("data: \(i)\n\n")
                    Thread.sleep(forTimeInterval: 0.05)
                }
            })
        }
        router.get("/fail") { _ in throw HTTPError.badRequest("you asked for it") }
        return router
    }

    @Test func answersWithDateLengthAndConnection() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        let response = try client.request("GET", "/hello")
        #expect(response.status == 200)
        #expect(response.text == "hello")
        #expect(response.header("Content-Length") == "5")
        #expect(response.header("Connection") == "keep-alive")
        #expect(response.header("Date")?.hasSuffix("GMT") == true)
    }

    @Test func keepsTheConnectionAliveAcrossRequests() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        for i in 0..<20 {
            #expect(try client.request("GET", "/echo-query?q=\(i)").text == "\(i)")
        }
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        var burst = ""
        for i in 0..<10 { burst += "GET /echo-query?q=\(i) HTTP/1.1\r\nHost: a\r\n\r\n" }
        burst += "POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        burst += "GET /items/after-slow HTTP/1.1\r\nHost: a\r\n\r\n"
        try client.send(burst)
        for i in 0..<10 { #expect(try client.readResponse().text == "\(i)") }
        #expect(try client.readResponse().text == "slow done 3")
        #expect(try client.readResponse().text == "item after-slow")
    }

    @Test func headHasLengthButNoBody() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        let response = try client.request("HEAD", "/hello")
        #expect(response.status == 200)
        #expect(response.header("Content-Length") == "5")
        #expect(response.body.isEmpty)
        #expect(try client.request("GET", "/hello").text == "hello")  // nothing stray was left on the wire
    }

    @Test func decodesChunkedUploads() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
        for piece in ["5\r\nhello\r\n", "1;ext=1\r\n \r\n", "5\r\nworld\r\n", "0\r\nTrailer: x\r\n\r\n"] {
            try client.send(piece)
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(try client.readResponse().text == "hello world")
    }

    @Test func unknownRoute404WrongMethod405WithAllow() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        let missing = try client.request("GET", "/nothing-here")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/problem+json")
        let wrong = try client.request("PUT", "/items/7")
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow") == "GET, HEAD, DELETE, OPTIONS")
        let options = try client.request("OPTIONS", "/items/7")
        #expect(options.status == 204)
        #expect(options.header("Allow") == "GET, HEAD, DELETE, OPTIONS")
        let failed = try client.request("GET", "/fail")
        #expect(failed.status == 400)
        #expect((failed.json as? [String: Any])?["detail"] as? String == "you asked for it")
    }

    @Test func decodesPercentEscapesInParameters() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        #expect(try client.request("GET", "/items/a%20b%2Fc").text == "item a b/c")
        #expect(try client.request("GET", "/items/%zz").status == 404)
        #expect(try client.request("GET", "/echo-query?q=%zz").status == 400)
    }

    @Test func protocolErrorsGetTheirStatusAndClose() throws {
        let server = try RunningServer(Self.makeRouter()) { $0.maxBodyBytes = 1000 }
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let cases: [(String, Int)] = [
            ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
            ("GET /\(String(repeating: "x", count: 9000)) HTTP/1.1\r\nHost: a\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: a\r\nBig: \(String(repeating: "y", count: 17 * 1024))\r\n\r\n", 431),
            ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n", 413),
            ("GARBAGE\r\n\r\n", 400),
        ]
        for (text, expected) in cases {
            let client = try server.client()
            try client.send(text)
            let response = try client.readResponse()
            #expect(response.status == expected, "\(text.prefix(40))")
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func survivesRandomGarbageOnTheWire() throws {
        let server = try RunningServer(Self.makeRouter()) { $0.headerTimeout = 1 }
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        var generator = SystemRandomNumberGenerator()
        let fragments = ["GET / HTTP/1.1\r\n", "Host: a\r\n", "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n",
                         "\r\n", "5\r\nhello\r\n", "0\r\n\r\n", "Expect: 100-continue\r\n", "POST /echo HTTP/1.1\r\n", "\u{0}\u{ff}"]
        for _ in 0..<300 {
            let client = try server.client(timeout: 2)
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                if Bool.random(using: &generator) {
                    bytes += Array(fragments.randomElement(using: &generator)!.utf8)
                } else {
                    bytes += (0..<Int.random(in: 1...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                }
            }
            try? client.send(bytes)
        }
        // Still answering, correctly, on a fresh connection.
        #expect(try server.client().request("GET", "/hello").text == "hello")
    }

    @Test func chunkedUploadOverTheLimitIs413() throws {
        let server = try RunningServer(Self.makeRouter()) { $0.maxBodyBytes = 10 }
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n")
        #expect(try client.readResponse().status == 413)
    }

    @Test func refusesLargeUploadBeforeContinue() throws {
        let server = try RunningServer(Self.makeRouter()) { $0.maxBodyBytes = 100 }
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
        #expect(try client.readResponse().status == 413)
    }

    @Test func sendsContinueThenTheAnswer() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        try client.send("ping")
        #expect(try client.readResponse().text == "ping")
    }

    @Test func curlUploadWithExpectContinue() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let directory = TemporaryDirectory()
        let payload = (0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(FileManager.default.createFile(atPath: directory.file("in.bin"), contents: Data(payload)))
        // curl sends Expect: 100-continue for large uploads by itself; -v shows the interim response.
        let result = try runProcess("curl", ["-sS", "-v", "--data-binary", "@\(directory.file("in.bin"))",
                                             "-o", directory.file("out.bin"), "http://127.0.0.1:\(server.port)/echo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Expect: 100-continue"))
        #expect(result.stderr.contains("HTTP/1.1 100 Continue"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.file("out.bin"))) == Data(payload))
    }

    @Test func streamsChunkedResponses() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        let response = try client.request("GET", "/stream")
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.header("Content-Length") == nil)
        #expect(response.text == "data: 0\n\ndata: 1\n\ndata: 2\n\n")
        #expect(try client.request("GET", "/hello").text == "hello")
    }

    @Test func http10ClosesAfterTheResponse() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        try client.send("GET /hello HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.text == "hello")
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func slowHeaderClientTimesOutWithoutStallingOthers() throws {
        let server = try RunningServer(Self.makeRouter()) { $0.headerTimeout = 1 }
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let slow = try server.client()
        try slow.send("GET /hello HTTP/1.1\r\nHo")
        let start = Date()
        let fast = try server.client()
        for _ in 0..<50 { #expect(try fast.request("GET", "/hello").status == 200) }
        #expect(Date().timeIntervalSince(start) < 1)  // served while the slow client was still pending
        Thread.sleep(forTimeInterval: 0.3)
        try slow.send("st: a\r\n")  // trickling does not extend the deadline
        let response = try slow.readResponse()
        #expect(response.status == 408)
        #expect(slow.isClosedByServer())
    }

    @Test func idleKeepAliveConnectionsAreClosed() throws {
        let server = try RunningServer(Self.makeRouter()) { $0.keepAliveTimeout = 0.5 }
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let client = try server.client()
        #expect(try client.request("GET", "/hello").status == 200)
        client.setTimeout(3)
        let start = Date()
        #expect(client.isClosedByServer())
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func holdsAThousandConnectionsAtOnce() throws {
        let server = try RunningServer(Self.makeRouter())
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        var clients: [RawHTTPClient] = []
        for _ in 0..<1000 { clients.append(try server.client()) }
        for client in clients { try client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n") }
        var ok = 0
        for client in clients where try client.readResponse().status == 200 { ok += 1 }
        #expect(ok == 1000)
        #expect(server.server.connectionCount == 1000)
        // All still usable afterwards.
        for client in clients.prefix(10) { #expect(try client.request("GET", "/hello").text == "hello") }
    }

    @Test func blockingHandlersDoNotBlockTheLoops() throws {
        let server = try RunningServer(Self.makeRouter()) { $0.eventLoops = 1 }
        defer { withExtendedLifetime(server) {} }  // keep it serving until the test ends
        let busy = try server.client()
        try busy.send("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.05)
        let start = Date()
        #expect(try server.client().request("GET", "/hello").status == 200)
        #expect(Date().timeIntervalSince(start) < 0.4)
        #expect(try busy.readResponse().text == "slow done 0")
    }

    @Test func gracefulShutdownFinishesInFlightRequests() throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, responder: Self.makeRouter())
        try server.start()
        let busy = try RawHTTPClient(port: server.port)
        let idle = try RawHTTPClient(port: server.port)
        try busy.send("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.1)
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { server.shutdown(); stopped.signal() }
        let response = try busy.readResponse()
        #expect(response.text == "slow done 0")
        #expect(response.header("Connection") == "close")
        #expect(idle.isClosedByServer())
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(throws: (any Error).self) { try RawHTTPClient(port: server.port) }
    }
}
