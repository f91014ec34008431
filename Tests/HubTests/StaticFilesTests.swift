import Foundation
import Testing
import TestSupport

/// The web page's files as a browser needs them: each with its content type (ES modules are
/// refused under any other than JavaScript's), revalidation, and every file the page refers to present.
@Suite struct StaticFilesTests {
    static let publicDirectory = repositoryRoot + "/Public"

    /// What browsers expect per extension, written out here independently of the server's table.
    static let expectedTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
    ]

    static func publicFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: publicDirectory)!
        return enumerator.compactMap { $0 as? String }.filter { relative in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: publicDirectory + "/" + relative, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    @Test func everyFileIsServedWithItsTypeAndRevalidation() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        let files = Self.publicFiles()
        #expect(files.contains("index.html") && files.contains("js/main.js") && files.contains("favicon.svg"))
        for relative in files {
            let ext = String(relative.split(separator: ".").last!)
            let expected = try #require(Self.expectedTypes[ext], "Public/\(relative): add its type to StaticFiles and here")
            let response = try hub.request("GET", "/" + relative)
            #expect(response.status == 200, "\(relative)")
            #expect(response.header("Content-Type") == expected, "\(relative)")
            #expect(response.header("Cache-Control") == "no-cache", "\(relative)")
            #expect(response.header("X-Content-Type-Options") == "nosniff", "\(relative)")
            #expect(response.body == [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.publicDirectory + "/" + relative))))
            let etag = try #require(response.header("ETag"))
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""), "a strong ETag: \(etag)")
            let revalidated = try hub.request("GET", "/" + relative, headers: [("If-None-Match", etag)])
            #expect(revalidated.status == 304 && revalidated.body.isEmpty, "\(relative)")
            #expect(try hub.request("GET", "/" + relative, headers: [("If-None-Match", "\"stale\"")]).status == 200)
        }
    }

    @Test func pageHasAContentSecurityPolicyAndAnswersHead() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        let page = try hub.request("GET", "/")
        let policy = try #require(page.header("Content-Security-Policy"))
        #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"))
        #expect(try hub.request("GET", "/js/main.js").header("Content-Security-Policy") == nil)
        let head = try hub.request("HEAD", "/")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.header("Content-Length") == String(page.body.count))
        #expect(try hub.request("GET", "/js/absent.js").status == 404)
    }

    /// Every `src`/`href` of index.html and every module import resolves to a served file: a
    /// renamed module would otherwise only show up in a browser's console.
    @Test func everyReferencedFileIsServed() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        var references: [String] = []
        let html = try String(contentsOfFile: Self.publicDirectory + "/index.html", encoding: .utf8)
        references += matches(of: ##"(?:src|href)="(/[^"#?]*)""##, in: html)
        for module in Self.publicFiles() where module.hasSuffix(".js") {
            let source = try String(contentsOfFile: Self.publicDirectory + "/" + module, encoding: .utf8)
            let folder = "/" + module.split(separator: "/").dropLast().joined(separator: "/")
            for imported in matches(of: #"from "\./([^"]+)""#, in: source) {
                references.append((folder == "/" ? "" : folder) + "/" + imported)
            }
        }
        #expect(references.contains("/js/main.js") && references.contains("/js/api.js"))
        for path in Set(references) where path != "/" && !path.hasPrefix("/health") {
            #expect(try hub.request("GET", path).status == 200, "\(path) is referenced but not served")
        }
    }

    private func matches(of pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }
}
