import Foundation
import HTTP
import Store

/// The web page: every file under Public/ served at its path (`/` is index.html), with its
/// content type, a strong ETag and revalidation, so a redeployed page is never stale.
struct StaticFiles {
    let directory: String

    /// `text/javascript` is what browsers require of ES modules (RFC 9239).
    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json", "svg": "image/svg+xml",
        "png": "image/png", "ico": "image/x-icon", "txt": "text/plain; charset=utf-8",
    ]

    /// The page loads nothing but its own files and the hub's API: a bearer token pasted into it
    /// cannot be read by script injected from elsewhere, nor the page framed by another site.
    static let contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Registers one route per file present now; files are read once, at start-up.
    func register(on router: Router) throws {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return }
        for case let relative as String in enumerator {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let ext = String(relative.split(separator: ".").last ?? "")
            let etag = "\"\(SHA256.hex(bytes).prefix(32))\""
            var fields = [
                ("Content-Type", Self.contentTypes[ext] ?? "application/octet-stream"),
                ("ETag", etag),
                // Revalidate every time (cheap with the ETag): file names carry no version.
                ("Cache-Control", "no-cache"),
                ("X-Content-Type-Options", "nosniff"),
            ]
            if ext == "html" { fields.append(("Content-Security-Policy", Self.contentSecurityPolicy)) }
            let headers = HTTPHeaders(fields)
            let handler: Router.Handler = { request in
                if let match = request.headers["if-none-match"], ETagList.matches(match, etag: etag) {
                    return Response(status: .notModified, headers: headers)
                }
                return Response(status: .ok, headers: headers, body: .bytes(bytes))
            }
            router.get("/" + relative, handler)
            if relative == "index.html" { router.get("/", handler) }
        }
    }

    /// Public/ (or $TPV_PUBLIC) where `ResourceDirectory` finds it.
    static func defaultDirectory() -> String? {
        ResourceDirectory.find("Public", environmentVariable: "TPV_PUBLIC", containing: "index.html")
    }
}
