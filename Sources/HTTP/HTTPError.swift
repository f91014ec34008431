import JSON

/// An error a handler throws to answer with a problem document (RFC 9457,
/// `application/problem+json`): the status, a detail saying what to fix, and extra members.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    public var detail: String
    public var extra: [(String, JSONValue)]
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, _ detail: String, extra: [(String, JSONValue)] = [],
                headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.detail = detail
        self.extra = extra
        self.headers = headers
    }

    public var description: String { "\(status): \(detail)" }

    public var response: Response {
        var members: [(String, JSONValue)] = [
            ("type", "about:blank"),
            ("title", .string(status.reasonPhrase)),
            ("status", .int(status.code)),
            ("detail", .string(detail)),
        ]
        members.append(contentsOf: extra)
        var headers = headers
        headers.set("Content-Type", "application/problem+json")
        return Response(status: status, headers: headers, body: .bytes(JSONValue.object(members).serialized()))
    }

    public static func badRequest(_ detail: String, extra: [(String, JSONValue)] = []) -> HTTPError {
        HTTPError(.badRequest, detail, extra: extra)
    }

    public static func notFound(_ detail: String) -> HTTPError { HTTPError(.notFound, detail) }
}
