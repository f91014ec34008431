import HTTP
import Jobs
import Store

/// The hub's HTTP API over its store: builds the router that the server runs.
public final class Hub: Sendable {
    public let store: HubStore
    public let router: Router
    public static let version = "0.1.0"

    /// `publicDirectory`: the web page's files (nil: look in the usual places; none found: no page).
    /// `tensorCacheBytes`: memory for recently used tensors (stored tensors never change, so
    /// caching them is always safe).
    /// `jobs`: the prompt-tuning workers; nil serves the vectors without the /jobs and /evaluate routes.
    /// `openAPIDirectory`: the API description's files (nil: look in the usual places; none found: no
    /// /openapi.json).
    public init(store: HubStore, jobs: JobService? = nil, publicDirectory: String? = nil,
                openAPIDirectory: String? = nil, tensorCacheBytes: Int = 256 << 20) throws {
        self.store = store
        let router = Router()
        let auth = Authenticator(tokens: store.tokens)
        let tensors = StoredTensors(store: store, cache: TensorCache(capacityBytes: tensorCacheBytes))
        CatalogRoutes(store: store, version: Hub.version, installedModels: jobs.map { jobs in { jobs.models.names } })
            .register(on: router)
        VectorRoutes(store: store, auth: auth, tensors: tensors).register(on: router)
        InitRoutes(store: store, auth: auth, tensors: tensors).register(on: router)
        DatasetRoutes(store: store, auth: auth).register(on: router)
        ComposeRoute(store: store, tensors: tensors).register(on: router)
        SimilarityRoute(store: store, tensors: tensors).register(on: router)
        if let jobs {
            let resolver = PromptResolver(store: store, tensors: tensors)
            JobRoutes(store: store, auth: auth, jobs: jobs, resolver: resolver).register(on: router)
            EvaluateRoute(store: store, jobs: jobs, resolver: resolver).register(on: router)
            RecommendRoute(store: store, auth: auth, jobs: jobs, resolver: resolver).register(on: router)
        }
        if let directory = openAPIDirectory ?? OpenAPIRoute.defaultDirectory() {
            OpenAPIRoute(document: try OpenAPIDocument(directory: directory)).register(on: router)
        }
        if let directory = publicDirectory ?? StaticFiles.defaultDirectory() {
            try StaticFiles(directory: directory).register(on: router)
        }
        self.router = router
    }
}
