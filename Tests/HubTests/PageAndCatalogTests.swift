import Testing
import TestSupport

@Suite struct PageAndCatalogTests {
    @Test func healthAndPage() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let health = try hub.request("GET", "/health")
        #expect(health.object["status"] as? String == "ok")
        let page = try hub.request("GET", "/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.text.contains("<title>"))
        let etag = try #require(page.header("ETag"))
        #expect(try hub.request("GET", "/", headers: [("If-None-Match", etag)]).status == 304)
        #expect(try hub.request("GET", "/js/main.js").header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(try hub.request("POST", "/health").status == 405)
    }
}
