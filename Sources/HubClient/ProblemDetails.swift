import Foundation
import JSON

/// An error answer of the hub: an RFC 9457 problem document
/// (`{"type","title","status","detail",...}`), or what could be made of a body that is not one.
public struct ProblemDetails: Sendable, Equatable {
    public var status: Int
    public var title: String
    public var detail: String
    public var type: String
    /// The whole document, extra members included (`.null` when the body was not JSON).
    public var document: JSONValue

    public init(status: Int, title: String, detail: String, type: String = "about:blank", document: JSONValue = .null) {
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.document = document
    }

    /// Reads a problem from an error response, falling back to the body's text (proxies and
    /// other servers answer in HTML or plain text).
    public init(response: HubResponse) {
        let fallbackTitle = ProblemDetails.reasonPhrase(response.status)
        if let document = try? response.json(), case .object = document {
            self.init(status: document["status"]?.intValue ?? response.status,
                      title: document["title"]?.stringValue ?? fallbackTitle,
                      detail: document["detail"]?.stringValue ?? document["error"]?.stringValue ?? "",
                      type: document["type"]?.stringValue ?? "about:blank",
                      document: document)
        } else {
            let text = String(decoding: response.body.prefix(300), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            self.init(status: response.status, title: fallbackTitle, detail: text)
        }
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(status)"
        }
    }
}
