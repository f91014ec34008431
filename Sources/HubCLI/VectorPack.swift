import JSON

/// A folder of vectors that `tpv export` writes and `tpv import` loads into any hub: one
/// safetensors file per vector (its tuned prompt, or tau when the hub holds no tuned prompt), one
/// per init, and `manifest.json` naming each file with its SHA-256, the vector's metadata, and the
/// SHA-256 of the tau the hub stored, so an import can prove it recreated the same vector.
public struct VectorPack: Equatable, Sendable {
    public static let manifestName = "manifest.json"
    public static let format = "tpv-hub vector pack"
    public static let version = 1

    public struct InitFile: Equatable, Sendable {
        public var model: String
        public var seed: Int
        public var file: String
        public var sha256: String

        public init(model: String, seed: Int, file: String, sha256: String) {
            self.model = model
            self.seed = seed
            self.file = file
            self.sha256 = sha256
        }
    }

    public struct VectorFile: Equatable, Sendable {
        public enum Content: String, Sendable { case tuned, tau }

        public var model: String
        public var task: String
        public var seed: Int
        public var file: String
        public var sha256: String
        public var content: Content
        /// The hub's digest of the stored tau: equal after an import when the vector is the same.
        public var tauSHA256: String
        /// description, source, metrics and provenance as the hub reported them.
        public var metadata: [(String, JSONValue)]

        public init(model: String, task: String, seed: Int, file: String, sha256: String, content: Content,
                    tauSHA256: String, metadata: [(String, JSONValue)]) {
            self.model = model
            self.task = task
            self.seed = seed
            self.file = file
            self.sha256 = sha256
            self.content = content
            self.tauSHA256 = tauSHA256
            self.metadata = metadata
        }

        public static func == (a: VectorFile, b: VectorFile) -> Bool {
            a.model == b.model && a.task == b.task && a.seed == b.seed && a.file == b.file && a.sha256 == b.sha256
                && a.content == b.content && a.tauSHA256 == b.tauSHA256
                && JSONValue.object(a.metadata) == JSONValue.object(b.metadata)
        }
    }

    /// The metadata members a pack carries over (the rest — ids, owner, times — belong to a hub).
    public static let carriedMetadata = ["description", "source", "metrics", "provenance"]

    public var inits: [InitFile]
    public var vectors: [VectorFile]

    public init(inits: [InitFile] = [], vectors: [VectorFile] = []) {
        self.inits = inits
        self.vectors = vectors
    }

    public static func initPath(model: String, seed: Int) -> String { "inits/\(model)/seed-\(seed).safetensors" }
    public static func vectorPath(model: String, task: String, seed: Int) -> String { "vectors/\(model)/\(task)/seed-\(seed).safetensors" }

    public func initFile(model: String, seed: Int) -> InitFile? { inits.first { $0.model == model && $0.seed == seed } }

    public var json: JSONValue {
        .object([
            ("format", .string(Self.format)), ("version", .int(Self.version)),
            ("inits", .array(inits.map { .object([("model", .string($0.model)), ("seed", .int($0.seed)),
                                                  ("file", .string($0.file)), ("sha256", .string($0.sha256))]) })),
            ("vectors", .array(vectors.map { v in
                .object([("model", .string(v.model)), ("task", .string(v.task)), ("seed", .int(v.seed)),
                         ("file", .string(v.file)), ("sha256", .string(v.sha256)), ("content", .string(v.content.rawValue)),
                         ("tau_sha256", .string(v.tauSHA256))] + v.metadata)
            })),
        ])
    }

    /// Reads a manifest, refusing anything an import could not load safely: another format or
    /// version, a file outside the folder, a tuned vector without its init.
    public init(json: JSONValue) throws {
        guard json["format"]?.stringValue == Self.format else {
            throw ArgumentFormatError("\(Self.manifestName) is not a \(Self.format) (its \"format\" member says otherwise)")
        }
        guard json["version"]?.intValue == Self.version else {
            throw ArgumentFormatError("\(Self.manifestName) has version \(json["version"].map { String(describing: $0) } ?? "none"); this tpv reads version \(Self.version)")
        }
        func string(_ entry: JSONValue, _ name: String, _ index: Int, _ list: String) throws -> String {
            guard let value = entry[name]?.stringValue, !value.isEmpty else {
                throw ArgumentFormatError("\(list)[\(index)] has no \"\(name)\"")
            }
            return value
        }
        func seed(_ entry: JSONValue, _ index: Int, _ list: String) throws -> Int {
            guard let value = entry["seed"]?.intValue, value >= 0 else { throw ArgumentFormatError("\(list)[\(index)] has no \"seed\"") }
            return value
        }
        func file(_ entry: JSONValue, _ index: Int, _ list: String) throws -> String {
            let path = try string(entry, "file", index, list)
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                throw ArgumentFormatError("\(list)[\(index)] names the file \"\(path)\", outside the pack's folder")
            }
            return path
        }
        inits = try (json["inits"]?.arrayValue ?? []).enumerated().map { index, entry in
            InitFile(model: try string(entry, "model", index, "inits"), seed: try seed(entry, index, "inits"),
                     file: try file(entry, index, "inits"), sha256: try string(entry, "sha256", index, "inits"))
        }
        vectors = try (json["vectors"]?.arrayValue ?? []).enumerated().map { index, entry in
            guard let content = VectorFile.Content(rawValue: try string(entry, "content", index, "vectors")) else {
                throw ArgumentFormatError("vectors[\(index)] has \"content\" other than \"tuned\" or \"tau\"")
            }
            let metadata = Self.carriedMetadata.compactMap { name in entry[name].map { (name, $0) } }
            return VectorFile(model: try string(entry, "model", index, "vectors"), task: try string(entry, "task", index, "vectors"),
                              seed: try seed(entry, index, "vectors"), file: try file(entry, index, "vectors"),
                              sha256: try string(entry, "sha256", index, "vectors"), content: content,
                              tauSHA256: try string(entry, "tau_sha256", index, "vectors"), metadata: metadata)
        }
        for (index, vector) in vectors.enumerated() where vector.content == .tuned && initFile(model: vector.model, seed: vector.seed) == nil {
            throw ArgumentFormatError("vectors[\(index)] (\(vector.task), seed \(vector.seed)) is a tuned prompt but the pack has no init for \(vector.model), seed \(vector.seed)")
        }
    }
}
