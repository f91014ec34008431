import HTTP
import JSON
import Store

/// `GET /openapi.json`: the API description, serialised once at start-up, with a strong ETag.
struct OpenAPIRoute {
    let document: OpenAPIDocument

    /// OpenAPI/ (or $TPV_OPENAPI) where `ResourceDirectory` finds it.
    static func defaultDirectory() -> String? {
        ResourceDirectory.find("OpenAPI", environmentVariable: "TPV_OPENAPI", containing: "openapi.json")
    }

    func register(on router: Router) {
        let bytes = document.json.serialized()
        let etag = "\"\(SHA256.hex(bytes).prefix(32))\""
        let headers = HTTPHeaders([("ETag", etag), ("Cache-Control", "no-cache")])
        router.get("/openapi.json") { request in
            if let notModified = ETagList.notModified(request, etag: etag, headers: headers) { return notModified }
            var all = headers
            all.add("Content-Type", "application/json")
            return Response(status: .ok, headers: all, body: .bytes(bytes))
        }
    }
}
