/// One event of a `text/event-stream` (Server-Sent Events), as the W3C EventSource hands it on.
public struct ServerSentEvent: Sendable, Equatable, CustomStringConvertible {
    /// The `event` field; "message" when the event named none.
    public var event: String
    /// The `data` fields joined with "\n".
    public var data: String
    /// The last `id` field seen on the stream so far ("" before any), as EventSource's lastEventId.
    public var id: String

    public init(event: String = "message", data: String, id: String = "") {
        self.event = event
        self.data = data
        self.id = id
    }

    public var description: String { "event: \(event) id: \(id) data: \(data)" }
}
