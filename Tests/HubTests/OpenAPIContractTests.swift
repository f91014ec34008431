import Foundation
import HTTP
import Hub
import JSON
import Jobs
import Store
import Testing
import TestSupport

/// The OpenAPI description against the router that serves the API: every route is documented and
/// every documented operation is a route, the document is served as JSON with revalidation, and its
/// parts merge into one document whose references all resolve. (Behaviour against the schemas is
/// checked by schemathesis on a live hub: scripts/test-live.sh.)
@Suite struct OpenAPIContractTests {
    static let openAPIDirectory = repositoryRoot + "/OpenAPI"
    static let publicDirectory = repositoryRoot + "/Public"

    /// A hub with every route group: the jobs routes exist only with a job service.
    final class FullHub {
        let directory = TemporaryDirectory(prefix: "tpv-openapi")
        let store: HubStore
        let jobs: JobService
        let hub: Hub

        init() throws {
            store = try HubStore.open(dataDirectory: directory.file("data"), migrationsDirectory: repositoryRoot + "/Migrations")
            jobs = JobService(store: store, models: ModelCatalog(directory: directory.file("models")), codeVersion: Hub.version)
            hub = try Hub(store: store, jobs: jobs, publicDirectory: OpenAPIContractTests.publicDirectory,
                          openAPIDirectory: OpenAPIContractTests.openAPIDirectory)
        }

        deinit { store.close() }
    }

    /// `/vectors/:id` as OpenAPI writes it, `/vectors/{id}`; a file of the web page is `/{file}`.
    static func documentedPath(of pattern: String) -> String {
        let relative = String(pattern.dropFirst())
        if !relative.isEmpty, !relative.contains(":"), FileManager.default.fileExists(atPath: publicDirectory + "/" + relative),
           relative.contains(".") {
            return "/{file}"
        }
        return "/" + pattern.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    @Test func everyRouteIsDocumentedAndEveryOperationIsARoute() throws {
        let full = try FullHub()
        let routes = Set(full.hub.router.registeredRoutes.map { "\($0.method.description.lowercased()) \(Self.documentedPath(of: $0.pattern))" })
        let document = try OpenAPIDocument(directory: Self.openAPIDirectory)
        let operations = Set(document.operations.map { "\($0.method) \($0.path)" })
        let undocumented = routes.subtracting(operations).sorted()
        let unrouted = operations.subtracting(routes).sorted()
        #expect(undocumented.isEmpty, "routes missing from OpenAPI/: \(undocumented)")
        #expect(unrouted.isEmpty, "documented operations the router does not serve: \(unrouted)")
        #expect(routes.count > 30)
    }

    @Test func operationsHaveUniqueIdsAndDocumentTheirErrors() throws {
        let document = try OpenAPIDocument(directory: Self.openAPIDirectory)
        var ids: [String] = []
        for (path, method) in document.operations {
            let operation = try #require(document.json["paths"]?[path]?[method])
            let id = try #require(operation["operationId"]?.stringValue, "\(method) \(path) has no operationId")
            ids.append(id)
            let statuses = (operation["responses"]?.objectValue ?? []).map(\.0)
            #expect(statuses.contains { $0.hasPrefix("2") }, "\(method) \(path) documents no success")
            if operation["security"] != nil {
                #expect(statuses.contains("401"), "\(method) \(path) needs a token but documents no 401")
            }
            if operation["requestBody"] != nil {
                #expect(statuses.contains("413"), "\(method) \(path) takes a body but documents no 413")
            }
        }
        #expect(Set(ids).count == ids.count, "operationIds repeat: \(ids.sorted())")
    }

    @Test func everyReferenceResolves() throws {
        let json = try OpenAPIDocument(directory: Self.openAPIDirectory).json
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let members):
                for (key, member) in members {
                    if key == "$ref", let target = member.stringValue { references.append(target) } else { collect(member) }
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(json)
        #expect(references.count > 100)
        for reference in Set(references) {
            #expect(reference.hasPrefix("#/"), "\(reference) points outside the document")
            var node: JSONValue? = json
            for token in reference.dropFirst(2).split(separator: "/") {
                node = node?[token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
            }
            #expect(node != nil, "\(reference) does not resolve")
        }
    }

    @Test func servedAsJSONWithRevalidation() throws {
        let full = try FullHub()
        let server = try RunningServer(full.hub.router)
        let response = try server.client().request("GET", "/openapi.json")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        let served = try JSONValue.parse(response.body)
        #expect(served["openapi"]?.stringValue == "3.1.0")
        #expect(served["info"]?["version"]?.stringValue == Hub.version, "OpenAPI/openapi.json's info.version is not the hub's")
        #expect(served == (try OpenAPIDocument(directory: Self.openAPIDirectory)).json)
        let etag = try #require(response.header("ETag"))
        let again = try server.client().request("GET", "/openapi.json", headers: [("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
    }

    @Test func mergeRefusesAPathOrComponentDefinedTwice() throws {
        let root: JSONValue = ["openapi": "3.1.0", "info": ["title": "t", "version": "1"], "components": ["schemas": ["A": ["type": "string"]]]]
        let first: JSONValue = ["paths": ["/a": ["get": ["responses": [:]]]]]
        let samePath: JSONValue = ["paths": ["/a": ["post": ["responses": [:]]]]]
        let sameSchema: JSONValue = ["components": ["schemas": ["A": ["type": "integer"]]]]
        let merged = try OpenAPIDocument.merge(root: root, parts: [("paths/a.json", first)])
        #expect(merged["paths"]?["/a"]?["get"] != nil)
        #expect(throws: OpenAPIDocument.InvalidDocument.self) {
            try OpenAPIDocument.merge(root: root, parts: [("paths/a.json", first), ("paths/b.json", samePath)])
        }
        #expect(throws: OpenAPIDocument.InvalidDocument.self) {
            try OpenAPIDocument.merge(root: root, parts: [("paths/b.json", sameSchema)])
        }
        #expect(throws: OpenAPIDocument.InvalidDocument.self) {
            try OpenAPIDocument.merge(root: root, parts: [("paths/c.json", ["info": ["title": "x"]])])
        }
    }
}
