import Foundation
import HTTP
import Hub
import HTTPTypes
import Hummingbird
import Store

// usage: HummingbirdReference DATA_DIR PORT
// Serves the benchmarked routes through Hummingbird 2, each calling the hub's router, on the
// same data directory the hub used (stop the hub first: one server per data directory).
let arguments = CommandLine.arguments
let dataDirectory = arguments.count > 1 ? arguments[1] : "./data"
let port = arguments.count > 2 ? Int(arguments[2]) ?? 8081 : 8081
let store = try HubStore.open(dataDirectory: dataDirectory)
let hub = try Hub(store: store, publicDirectory: "/nonexistent")

/// Hummingbird request -> hub request -> hub response -> Hummingbird response.
@Sendable func forward(_ request: Hummingbird.Request, _ context: BasicRequestContext) async throws -> Hummingbird.Response {
    var headers = HTTPHeaders()
    for field in request.headers { headers.add(field.name.canonicalName, field.value) }
    let method: HTTP.HTTPMethod = request.method == .get ? .get : request.method == .head ? .head : .other(request.method.rawValue)
    let head = RequestHead(method: method, target: request.uri.description, version: .http1_1, headers: headers,
                           framing: .none, keepAlive: true, expectsContinue: false)
    guard let ours = HTTP.Request(head: head, body: []) else { return Hummingbird.Response(status: .badRequest) }
    let answer = hub.router.respond(to: ours)
    var fields = HTTPFields()
    for field in answer.headers {
        if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
    }
    guard case .bytes(let bytes) = answer.body else { return Hummingbird.Response(status: .internalServerError) }
    return Hummingbird.Response(status: .init(code: answer.status.code), headers: fields,
                                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}

let router = Hummingbird.Router()
router.get("/health", use: forward)
router.get("/vectors/:id", use: forward)
router.get("/vectors/:id/data", use: forward)
router.get("/compose", use: forward)
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
print("listening on http://127.0.0.1:\(port)")
fflush(stdout)
try await app.runService()
