import HTTP

/// If-None-Match evaluation (RFC 9110 section 13.1.2): weak comparison, `*` matches anything.
enum ETagList {
    static func matches(_ header: String, etag: String) -> Bool {
        for item in header.split(separator: ",") {
            var candidate = item.trimmingCharacters(in: .whitespaces)
            if candidate == "*" { return true }
            if candidate.hasPrefix("W/") { candidate.removeFirst(2) }
            if candidate == etag { return true }
        }
        return false
    }

    /// A 304 carrying `headers` when the client already holds the representation tagged `etag`.
    static func notModified(_ request: Request, etag: String, headers: HTTPHeaders) -> Response? {
        guard let match = request.headers["if-none-match"], matches(match, etag: etag) else { return nil }
        return Response(status: .notModified, headers: headers)
    }
}

import Foundation
