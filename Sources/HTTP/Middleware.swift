/// Code that wraps every routed request (logging, headers), Hummingbird-style: it gets the
/// request and the rest of the chain, and may answer itself or pass on.
public protocol Middleware: Sendable {
    func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response
}
