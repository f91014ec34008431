import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JSON

/// A synchronous client for the hub's HTTP API: JSON requests, raw requests, and
/// Server-Sent Event streams consumed while they arrive. URLSession (libcurl on Linux) does
/// the transport; every failure becomes a `HubClientError` that says what to do.
public final class HubClient: @unchecked Sendable {
    /// The hub's address without a trailing slash, e.g. http://127.0.0.1:8080.
    public let baseURL: String
    /// Sent as `Authorization: Bearer TOKEN` when present.
    public let token: String?
    /// Seconds a request may wait for its answer. POST /evaluate answers only when done, so
    /// callers of slow routes pass more.
    public let timeout: TimeInterval
    /// Seconds an event stream may stay silent before it counts as broken; the hub sends a
    /// keep-alive comment every 15 s.
    public let streamIdleTimeout: TimeInterval

    private let session: URLSession

    public init(baseURL: String, token: String? = nil, timeout: TimeInterval = 300, streamIdleTimeout: TimeInterval = 60) {
        self.baseURL = HubURL.normalized(baseURL)
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout
        self.streamIdleTimeout = streamIdleTimeout
        session = URLSession(configuration: HubClient.configuration(timeout: timeout))
    }

    deinit { session.finishTasksAndInvalidate() }

    // MARK: JSON

    /// GET returning the JSON body; an error status throws `.problem`.
    public func get(_ path: String, query: [(String, String)] = []) throws -> JSONValue {
        let request = HubRequest(method: "GET", path: path, query: query)
        return try json(of: checked(send(request), for: request), for: request)
    }

    /// POST of a JSON document; the status (201, 200, 202...), the JSON answer and its Location.
    public func post(_ path: String, json body: JSONValue, query: [(String, String)] = []) throws
        -> (status: Int, body: JSONValue, location: String?) {
        let request = HubRequest(method: "POST", path: path, query: query,
                                 headers: [("Content-Type", "application/json")], body: body.serialized())
        let response = try checked(send(request), for: request)
        return (response.status, try json(of: response, for: request), response.header("Location"))
    }

    /// DELETE; the status and the JSON answer (`.null` for 204).
    public func delete(_ path: String, query: [(String, String)] = []) throws -> (status: Int, body: JSONValue) {
        let request = HubRequest(method: "DELETE", path: path, query: query)
        let response = try checked(send(request), for: request)
        return (response.status, try json(of: response, for: request))
    }

    /// POST or PUT of a file body (a tensor, an archive, multipart/form-data); the status, the JSON answer and its Location.
    public func upload(_ method: String = "POST", _ path: String, query: [(String, String)] = [], contentType: String,
                       body: [UInt8]) throws -> (status: Int, body: JSONValue, location: String?) {
        let request = HubRequest(method: method, path: path, query: query, headers: [("Content-Type", contentType)], body: body)
        let response = try checked(send(request), for: request)
        return (response.status, try json(of: response, for: request), response.header("Location"))
    }

    /// GET of a file (a tensor, an adapter archive): the whole answer; an error status throws `.problem`.
    /// Accepts any type, so `?format=` alone decides what the hub sends.
    public func download(_ path: String, query: [(String, String)] = []) throws -> HubResponse {
        let request = HubRequest(method: "GET", path: path, query: query, headers: [("Accept", "*/*")])
        return try checked(send(request), for: request)
    }

    // MARK: Raw

    /// Sends any request and returns the answer whatever its status; only transport failures throw.
    public func send(_ request: HubRequest) throws -> HubResponse {
        let urlRequest = try makeURLRequest(request, accept: "application/json", timeout: timeout)
        final class Outcome: @unchecked Sendable { var data: Data?; var response: URLResponse?; var error: Error? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: urlRequest) { data, response, error in
            outcome.data = data
            outcome.response = response
            outcome.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = outcome.error { throw failure(error, request: request, seconds: timeout) }
        guard let http = outcome.response as? HTTPURLResponse else {
            throw HubClientError.transport(request: request.summary, reason: "the answer was not HTTP")
        }
        return HubResponse(status: http.statusCode, headers: HubClient.headers(of: http), body: Array(outcome.data ?? Data()))
    }

    // MARK: Server-Sent Events

    /// Streams a `text/event-stream`, calling `onEvent` on this thread for each event as it
    /// arrives. Returns when `onEvent` returns false (the connection is dropped) or when the
    /// hub ends the stream; an error status throws `.problem` before any event.
    public func events(_ path: String, query: [(String, String)] = [],
                       onEvent: (ServerSentEvent) throws -> Bool) throws {
        let request = HubRequest(method: "GET", path: path, query: query)
        let urlRequest = try makeURLRequest(request, accept: "text/event-stream", timeout: streamIdleTimeout)
        let transfer = StreamingTransfer()
        let streamSession = URLSession(configuration: HubClient.configuration(timeout: streamIdleTimeout),
                                       delegate: transfer, delegateQueue: nil)
        defer { streamSession.invalidateAndCancel() }
        let task = streamSession.dataTask(with: urlRequest)
        task.resume()

        var parser = ServerSentEventParser()
        var errorResponse: HubResponse?
        while true {
            switch transfer.take() {
            case .response(let http):
                let headers = HubClient.headers(of: http)
                guard (200..<300).contains(http.statusCode) else {
                    errorResponse = HubResponse(status: http.statusCode, headers: headers, body: [])
                    continue
                }
                let type = headers["content-type"] ?? "none"
                guard type.lowercased().hasPrefix("text/event-stream") else {
                    task.cancel()
                    throw HubClientError.unexpectedBody(request: request.summary,
                                                        reason: "expected text/event-stream, got \(type)")
                }
            case .data(let data):
                if errorResponse != nil {
                    errorResponse!.body.append(contentsOf: data)
                    continue
                }
                for event in parser.feed(data) where try !onEvent(event) {
                    task.cancel()
                    return
                }
            case .finished(let error):
                if let errorResponse { throw HubClientError.problem(request: request.summary, ProblemDetails(response: errorResponse),
                                                                    tokenGiven: token != nil) }
                if let error { throw failure(error, request: request, seconds: streamIdleTimeout) }
                return
            }
        }
    }

    // MARK: Helpers

    private static func configuration(timeout: TimeInterval) -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        return configuration
    }

    private func makeURLRequest(_ request: HubRequest, accept: String, timeout: TimeInterval) throws -> URLRequest {
        var urlRequest = URLRequest(url: try HubURL.make(base: baseURL, path: request.path, query: request.query))
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = timeout
        urlRequest.setValue(accept, forHTTPHeaderField: "Accept")
        if let token { urlRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if let body = request.body { urlRequest.httpBody = Data(body) }
        return urlRequest
    }

    private static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return headers
    }

    private func checked(_ response: HubResponse, for request: HubRequest) throws -> HubResponse {
        guard response.isSuccess else {
            throw HubClientError.problem(request: request.summary, ProblemDetails(response: response), tokenGiven: token != nil)
        }
        return response
    }

    private func json(of response: HubResponse, for request: HubRequest) throws -> JSONValue {
        do {
            return try response.json()
        } catch {
            throw HubClientError.unexpectedBody(request: request.summary, reason: "not JSON: \(error)")
        }
    }

    private func failure(_ error: Error, request: HubRequest, seconds: TimeInterval) -> HubClientError {
        if let error = error as? HubClientError { return error }
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cannotConnectToHost: return .noHub(url: baseURL, reason: "connection refused")
            case .cannotFindHost, .dnsLookupFailed: return .noHub(url: baseURL, reason: "host not found")
            case .timedOut: return .timedOut(request: request.summary, url: baseURL, seconds: seconds)
            default: break
            }
        }
        return .transport(request: request.summary, reason: error.localizedDescription)
    }
}
