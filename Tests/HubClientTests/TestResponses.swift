import HTTP
import JSON

/// The two kinds of answer the hub gives that the test servers here imitate.
extension Response {
    static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> Response {
        Response(status: status, contentType: "application/json", bytes: value.serialized())
    }

    static func eventStream(_ produce: @escaping @Sendable (ResponseStream) -> Void) -> Response {
        Response(headers: HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]),
                 body: .stream(produce))
    }
}
