import Foundation
@testable import HTTP
import Testing

/// multipart/form-data bodies as browsers, curl and Python's requests write them, and broken ones.
@Suite struct MultipartFormDataTests {
    static func body(_ text: String) -> [UInt8] { Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    @Test func readsPartsWithNamesFileNamesAndTypes() throws {
        let body = Self.body("""
            preamble to ignore
            --XyZ
            Content-Disposition: form-data; name="adapter_config"; filename="adapter_config.json"
            Content-Type: application/json

            {"a": 1}
            --XyZ \t
            content-disposition: FORM-DATA; name=init
            X-Ignored: yes

            \u{0}\u{1}binary--XyZ-not-a-boundary
            --XyZ--
            epilogue to ignore
            """)
        let parts = try MultipartFormData.parse(body, boundary: "XyZ")
        #expect(parts.count == 2)
        #expect(parts[0] == MultipartPart(name: "adapter_config", filename: "adapter_config.json", contentType: "application/json",
                                          body: Array("{\"a\": 1}".utf8)))
        #expect(parts[1].name == "init" && parts[1].filename == nil)
        #expect(parts[1].body == [0, 1] + Array("binary--XyZ-not-a-boundary".utf8))
    }

    @Test func boundaryComesFromTheContentType() throws {
        #expect(try MultipartFormData.boundary(contentType: "multipart/form-data; boundary=----WebKit123") == "----WebKit123")
        #expect(try MultipartFormData.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        #expect(try MultipartFormData.boundary(contentType: "application/zip") == nil)
        #expect(throws: MultipartError.self) { try MultipartFormData.boundary(contentType: "multipart/form-data") }
        #expect(throws: MultipartError.self) {
            try MultipartFormData.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "b", count: 71))
        }
    }

    @Test func quotedNamesKeepEscapedCharacters() throws {
        let body = Self.body("--b\nContent-Disposition: form-data; name=\"we\\\"ird;name\"; filename=\"dir/file.npy\"\n\nx\n--b--")
        let part = try #require(try MultipartFormData.parse(body, boundary: "b").first)
        #expect(part.name == "we\"ird;name")
        #expect(part.filename == "dir/file.npy")
    }

    @Test(arguments: [
        ("", "never contains its boundary"),
        ("--b\nContent-Disposition: form-data; name=\"a\"\n\nabc", "closing boundary '--b--' is missing"),
        ("--b\nContent-Disposition: form-data; name=\"a\"\n\nx\n--b\nContent-Disposition: form-data; name=\"a\"\n\ny\n--b--", "two parts named 'a'"),
        ("--b\nContent-Type: text/plain\n\nx\n--b--", "no 'Content-Disposition: form-data"),
        ("--b\n\nx\n--b--", "no 'Content-Disposition: form-data"),
        ("--b\nContent-Disposition: attachment; name=\"a\"\n\nx\n--b--", "no 'Content-Disposition: form-data"),
        ("--b\nContent-Disposition: form-data; name=\"a\"", "no end to its headers"),
        ("--bX\nContent-Disposition: form-data; name=\"a\"\n\nx\n--b--", "not followed by a line break"),
        ("--b--", "no parts"),
        ("--b\nContent-Disposition: form-data; name=\"a\"\nContent-Transfer-Encoding: base64\n\neA==\n--b--", "Content-Transfer-Encoding 'base64'"),
        ("--b\nbroken header\n\nx\n--b--", "without ':'"),
    ])
    func malformedBodiesAreRefused(text: String, reason: String) {
        do {
            _ = try MultipartFormData.parse(Self.body(text), boundary: "b")
            Issue.record("accepted: \(text)")
        } catch let error as MultipartError {
            #expect(error.description.contains(reason), "\(error.description)")
        } catch {
            Issue.record("threw \(error)")
        }
    }

    @Test func partCountAndHeaderSizeAreCapped() {
        let many = (0...MultipartFormData.maximumParts).map { "--b\nContent-Disposition: form-data; name=\"p\($0)\"\n\nx\n" }.joined()
        #expect(throws: MultipartError("The multipart body has more than 16 parts.")) {
            try MultipartFormData.parse(Self.body(many + "--b--"), boundary: "b")
        }
        let longHeader = Self.body("--b\nContent-Disposition: form-data; name=\"a\"\nX-Long: \(String(repeating: "h", count: 9000))\n\nx\n--b--")
        #expect(throws: MultipartError("Part 1 has more than 8192 bytes of headers.")) { try MultipartFormData.parse(longHeader, boundary: "b") }
    }

    @Test func searchingNearMatchesStaysLinear() throws {
        // 8 MiB of almost-boundaries: a quadratic search would take minutes.
        let boundary = String(repeating: "a", count: 70)
        let nearMiss = Array("\r\n--\(String(repeating: "a", count: 69))b".utf8)
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n".utf8)
        for _ in 0..<(8 << 20) / nearMiss.count { body.append(contentsOf: nearMiss) }
        body.append(contentsOf: Array("\r\n--\(boundary)--\r\n".utf8))
        let started = ContinuousClock.now
        let parts = try MultipartFormData.parse(body, boundary: boundary)
        #expect(parts.count == 1)
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
