/// What the server calls for every request. The router implements it.
public protocol HTTPResponder: AnyObject, Sendable {
    /// Whether answering may block (disk syncs, heavy work): such requests run on the
    /// blocking pool instead of the event loop, so other connections keep moving.
    func isBlocking(_ request: Request) -> Bool
    func respond(to request: Request) -> Response
}
