/// Maps method + path to handlers. Paths are patterns of literal segments, `:name`
/// parameters and a final `*` that matches the rest. Unknown paths answer 404, known paths
/// with another method 405 with Allow, and OPTIONS lists the allowed methods.
public final class Router: HTTPResponder, @unchecked Sendable {
    public typealias Handler = @Sendable (Request) throws -> Response

    enum Segment: Equatable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    struct Route {
        let method: HTTPMethod
        let pattern: String
        let segments: [Segment]
        let blocking: Bool
        let handler: Handler
    }

    private var routes: [Route] = []
    private var middlewares: [Middleware] = []
    /// Methods with at least one blocking route; most requests skip the lookup in `isBlocking`.
    private var blockingMethods: [HTTPMethod] = []

    public init() {}

    /// Registers a handler. `blocking` routes run on the blocking pool (see `HTTPResponder`).
    public func on(_ method: HTTPMethod, _ path: String, blocking: Bool = false, _ handler: @escaping Handler) {
        let segments: [Segment] = path.split(separator: "/").map { part in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(String(part.dropFirst())) }
            return .literal(String(part))
        }
        routes.append(Route(method: method, pattern: path, segments: segments, blocking: blocking, handler: handler))
        if blocking && !blockingMethods.contains(method) { blockingMethods.append(method) }
    }

    public func get(_ path: String, blocking: Bool = false, _ handler: @escaping Handler) { on(.get, path, blocking: blocking, handler) }
    public func post(_ path: String, blocking: Bool = true, _ handler: @escaping Handler) { on(.post, path, blocking: blocking, handler) }
    public func put(_ path: String, blocking: Bool = true, _ handler: @escaping Handler) { on(.put, path, blocking: blocking, handler) }
    public func delete(_ path: String, blocking: Bool = true, _ handler: @escaping Handler) { on(.delete, path, blocking: blocking, handler) }

    public func add(middleware: Middleware) { middlewares.append(middleware) }

    /// Every registered route as (method, pattern as registered, e.g. `/vectors/:id`), in registration
    /// order: what an API description must cover.
    public var registeredRoutes: [(method: HTTPMethod, pattern: String)] {
        routes.map { ($0.method, $0.pattern) }
    }

    // MARK: - HTTPResponder

    public func isBlocking(_ request: Request) -> Bool {
        let method = request.method == .head ? HTTPMethod.get : request.method
        guard blockingMethods.contains(method), let parts = split(request.rawPath) else { return false }
        return match(method: request.method, parts: parts)?.route.blocking ?? false
    }

    public func respond(to request: Request) -> Response {
        do {
            return try chain(request, index: 0)
        } catch let error as HTTPError {
            return error.response
        } catch {
            return HTTPError(.internalServerError, "The server failed to answer: \(error)").response
        }
    }

    private func chain(_ request: Request, index: Int) throws -> Response {
        if index < middlewares.count {
            return try middlewares[index].handle(request) { try chain($0, index: index + 1) }
        }
        return try route(request)
    }

    private func route(_ request: Request) throws -> Response {
        guard let parts = split(request.rawPath) else {
            throw HTTPError.badRequest("The path has a malformed percent-escape.")
        }
        if let (route, parameters) = match(method: request.method, parts: parts) {
            var request = request
            request.parameters = parameters
            return try route.handler(request)
        }
        let allowed = allowedMethods(parts: parts)
        if allowed.isEmpty {
            throw HTTPError.notFound("No route for \(request.rawPath). See GET /openapi.json or the README for the API.")
        }
        let allow = allowed.joined(separator: ", ")
        if request.method == .options {
            return Response(status: .noContent, headers: HTTPHeaders([("Allow", allow)]))
        }
        throw HTTPError(.methodNotAllowed, "\(request.method) is not allowed on \(request.rawPath); use \(allow).",
                        headers: HTTPHeaders([("Allow", allow)]))
    }

    /// Raw path segments (still percent-encoded); nil for a path that cannot be split.
    private func split(_ path: Substring) -> [Substring]? {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private func match(method: HTTPMethod, parts: [Substring]) -> (route: Route, parameters: [String: String])? {
        let effective = method == .head ? HTTPMethod.get : method
        for route in routes where route.method == effective {
            if let parameters = bind(route.segments, to: parts) { return (route, parameters) }
        }
        return nil
    }

    private func allowedMethods(parts: [Substring]) -> [String] {
        var methods: [String] = []
        for route in routes where bind(route.segments, to: parts) != nil {
            let name = route.method.description
            if !methods.contains(name) { methods.append(name) }
            if route.method == .get && !methods.contains("HEAD") { methods.append("HEAD") }
        }
        if !methods.isEmpty { methods.append("OPTIONS") }
        return methods
    }

    private func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (i, segment) in segments.enumerated() {
            switch segment {
            case .rest(let name):
                let rest = parts[i...].joined(separator: "/")
                parameters[name] = rest
                return parameters
            case .literal(let literal):
                guard i < parts.count, parts[i] == literal else { return nil }
            case .parameter(let name):
                guard i < parts.count, let value = PercentDecoding.decode(parts[i]) else { return nil }
                parameters[name] = value
            }
        }
        return parts.count == segments.count ? parameters : nil
    }
}
