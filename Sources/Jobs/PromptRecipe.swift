import JSON
import Model
import PromptVectors
import Store
import Tensor
import Training

/// A starting or evaluated prompt resolved to stored tensors when the request was accepted:
/// theta = init + sum_i coefficient_i * blob_i, where init is the seed's stored init, one drawn
/// by `PromptInitialization`, or nothing. Resolving up front pins exactly which vectors a job
/// uses (their digests go into its provenance), whatever is uploaded while it waits.
public struct PromptRecipe: Equatable, Sendable {
    public enum InitSource: Equatable, Sendable {
        /// The init the hub stores for (model, seed).
        case stored(id: Int, sha256: String, shape: [Int])
        /// Drawn from the model's word embeddings (`PromptInitialization`); stored with the result.
        case generated(seed: Int, promptLength: Int)
    }

    public struct Term: Equatable, Sendable {
        public var sha256: String
        public var shape: [Int]
        public var coefficient: Double
        /// What the blob is, for provenance: "tau(mnli, seed 1, vector 3)".
        public var label: String

        public init(sha256: String, shape: [Int], coefficient: Double, label: String) {
            self.sha256 = sha256
            self.shape = shape
            self.coefficient = coefficient
            self.label = label
        }
    }

    /// How the terms combine when not by their sum: theta = init + lambda * merge(coefficient_i * blob_i),
    /// the coefficients then being the composition's weights (`PromptMerging`).
    public struct Merge: Equatable, Sendable {
        public var method: MergeMethod
        public var lambda: Double

        public init(method: MergeMethod, lambda: Double) {
            self.method = method
            self.lambda = lambda
        }
    }

    public var initial: InitSource?
    public var terms: [Term]
    /// nil: the sum, theta = init + sum_i coefficient_i * blob_i.
    public var merge: Merge?

    public init(initial: InitSource?, terms: [Term], merge: Merge? = nil) {
        self.initial = initial
        self.terms = terms
        self.merge = merge
    }

    /// No init and no terms: the plain model.
    public var isEmpty: Bool { initial == nil && terms.isEmpty }

    /// The loaded tensors: the init (if any) and each term's blob with its coefficient.
    struct Loaded {
        let initial: Tensor?
        let vectors: [(name: String, weight: Float, tau: Tensor)]
        let merge: Merge?

        /// init + lambda * sum_i coefficient_i * blob_i, or with a merge init + lambda * merge.lambda *
        /// merge(coefficient_i * blob_i); nil for the plain model.
        func prompt(lambda: Float = 1) throws -> Tensor? {
            guard !vectors.isEmpty else { return initial }
            do {
                guard let merge else { return try PromptArithmetic.compose(initial: initial, lambda: lambda, vectors: vectors) }
                return try PromptMerging.merge(initial: initial, lambda: lambda * Float(merge.lambda), vectors: vectors,
                                               method: merge.method)
            } catch let error as PromptArithmetic.ShapeMismatch {
                throw JobRequestError(error.description, kind: .conflict)
            }
        }
    }

    func load(store: HubStore, model: BertModel) throws -> Loaded {
        let initialTensor = try initial?.tensor(store: store, model: model)
        let vectors = try terms.map { term in
            (name: term.label, weight: Float(term.coefficient), tau: try Self.read(term.sha256, shape: term.shape, store: store))
        }
        return Loaded(initial: initialTensor, vectors: vectors, merge: merge)
    }

    static func read(_ sha256: String, shape: [Int], store: HubStore) throws -> Tensor {
        let bytes = try store.blobs.read(sha256)
        do {
            return try RawFloat32.decode(bytes, shape: shape)
        } catch {
            throw JobRequestError("blob \(sha256) does not hold a \(shape) float32 tensor; the data directory was changed outside the hub")
        }
    }

    // MARK: - JSON (kept in the job's parameters)

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("init", initial?.json ?? .null),
            ("terms", .array(terms.map {
                ["label": .string($0.label), "coefficient": .double($0.coefficient), "sha256": .string($0.sha256),
                 "shape": PromptRecipe.shapeJSON($0.shape)]
            })),
        ]
        if let merge {
            let method = merge.method
            members.append(("merge", .object([("method", .string(method.name)), ("lambda", .double(merge.lambda))]
                + (method.density.map { [("density", JSONValue.double($0))] } ?? [])
                + (method.seed.map { [("merge_seed", JSONValue.int(Int($0)))] } ?? []))))
        }
        return .object(members)
    }

    init(json value: JSONValue) throws {
        initial = try value["init"].flatMap { $0 == .null ? nil : try InitSource(json: $0) }
        terms = try (value["terms"]?.arrayValue ?? []).map { term in
            guard let sha = term["sha256"]?.stringValue, let coefficient = term["coefficient"]?.doubleValue else {
                throw JobRequestError("stored prompt recipe has a malformed term")
            }
            return Term(sha256: sha, shape: try PromptRecipe.shape(term["shape"]), coefficient: coefficient,
                        label: term["label"]?.stringValue ?? sha)
        }
        if let merge = value["merge"], merge != .null {
            guard let name = merge["method"]?.stringValue, let lambda = merge["lambda"]?.doubleValue else {
                throw JobRequestError("stored prompt recipe has a malformed merge")
            }
            let method = try MergeRequest(method: name, density: merge["density"]?.doubleValue, seed: merge["merge_seed"]?.intValue)
                .resolved(defaultSeed: 0)
            self.merge = Merge(method: method, lambda: lambda)
        }
    }

    static func shapeJSON(_ shape: [Int]) -> JSONValue { .array(shape.map { .int($0) }) }

    static func shape(_ value: JSONValue?) throws -> [Int] {
        guard let items = value?.arrayValue else { throw JobRequestError("stored prompt recipe lacks a shape") }
        return try items.map {
            guard let n = $0.intValue else { throw JobRequestError("stored prompt recipe has a non-integer shape") }
            return n
        }
    }
}

extension PromptRecipe.InitSource {
    public var json: JSONValue {
        switch self {
        case .stored(let id, let sha256, let shape):
            return ["stored": .int(id), "sha256": .string(sha256), "shape": PromptRecipe.shapeJSON(shape)]
        case .generated(let seed, let length):
            return ["generated": ["seed": .int(seed), "prompt_length": .int(length)]]
        }
    }

    init(json value: JSONValue) throws {
        if let id = value["stored"]?.intValue, let sha = value["sha256"]?.stringValue {
            self = .stored(id: id, sha256: sha, shape: try PromptRecipe.shape(value["shape"]))
        } else if let seed = value["generated"]?["seed"]?.intValue, let length = value["generated"]?["prompt_length"]?.intValue {
            self = .generated(seed: seed, promptLength: length)
        } else {
            throw JobRequestError("stored prompt recipe has a malformed init")
        }
    }

    /// The init's tensor.
    func tensor(store: HubStore, model: BertModel) throws -> Tensor {
        switch self {
        case .stored(_, let sha256, let shape): return try PromptRecipe.read(sha256, shape: shape, store: store)
        case .generated(let seed, let length):
            return try PromptInitialization.prompt(for: model, promptLength: length, seed: UInt64(seed)).prompt
        }
    }
}
