import Foundation
import PromptVectors
import Testing
import Tensor
import TestSupport

/// The merge methods of `GET /compose` against an independent NumPy implementation of their
/// formulas, at the function level and through HTTP.
@Suite struct MergeMethodTests {
    /// TIES, DARE and the rest as the README writes them, in float64 NumPy; SplitMix64 in Python
    /// integers from its closed form (output k = mix(seed + k * gamma)).
    static let reference = """
    M64 = (1 << 64) - 1
    GAMMA = 0x9E3779B97F4A7C15
    def mix(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)
    def units(seed, stream, n):
        first = mix(((seed ^ (((stream + 1) * 0xD1B54A32D192ED03) & M64)) + GAMMA) & M64)
        return np.array([mix((first + k * GAMMA) & M64) >> 11 for k in range(1, n + 1)], dtype=np.float64) * 2.0 ** -53
    def trim(v, d):
        k = max(1, int(np.floor(d * v.size + 0.5)))
        keep = np.argsort(-np.abs(v), kind='stable')[:k]
        out = np.zeros_like(v)
        out[keep] = v[keep]
        return out
    def disjoint(ts):
        t = np.stack(ts)
        elected = np.where(t.sum(axis=0) >= 0, 1.0, -1.0)
        agree = np.sign(t) == elected
        c = agree.sum(axis=0)
        return np.where(c > 0, (t * agree).sum(axis=0) / np.maximum(c, 1), 0.0)
    def merge(init, lam, taus, weights, method, density=None, seed=None):
        vs = [float(np.float32(w)) * t.ravel() for w, t in zip(weights, taus)]
        if method == 'sum': m = sum(vs)
        elif method == 'mean': m = sum(vs) / len(vs)
        elif method == 'ties': m = disjoint([trim(v, density) for v in vs])
        else:
            ds = [np.where(units(seed, i, v.size) < density, v / density, 0.0) for i, v in enumerate(vs)]
            m = sum(ds) if method == 'dare' else disjoint(ds)
        base = np.zeros(taus[0].size) if init is None else init.ravel()
        return (base + float(np.float32(lam)) * m).astype(np.float32).reshape(taus[0].shape)
    """

    /// Python's spelling of a call: `merge(init, 0.5, [a, b], [1.0, -1.0], 'ties', 0.3, None)`.
    static func call(_ initName: String?, _ lambda: Float, _ names: [String], _ weights: [Float], _ method: MergeMethod) -> String {
        "merge(\(initName ?? "None"), \(lambda), [\(names.joined(separator: ", "))], [\(weights.map { "\($0)" }.joined(separator: ", "))], "
            + "'\(method.name)', \(method.density.map { "\($0)" } ?? "None"), \(method.seed.map { "\($0)" } ?? "None"))"
    }

    /// Every call's result from one Python run (each start of NumPy costs a few tenths of a second).
    static func numpyResults(_ calls: [String], inputs: [String: Tensor]) throws -> [Tensor] {
        let stacked = try numpy(reference + "\nout = np.stack([" + calls.joined(separator: ",\n") + "])", inputs: inputs)
        let size = stacked.count / calls.count
        return (0..<calls.count).map { Tensor(shape: [size], scalars: Array(stacked.scalars[($0 * size)..<(($0 + 1) * size)])) }
    }

    /// Integer-valued tensors (-2...2 times 0.5): many equal magnitudes, so trimming cuts through
    /// ties and sign sums are often exactly zero.
    static func tiedTensor(_ rows: Int, _ cols: Int, seed: UInt64) -> Tensor {
        let base = randomTensor(rows, cols, seed: seed)
        return Tensor(shape: base.shape, scalars: base.scalars.map { ($0 * 2.5).rounded() * 0.5 })
    }

    static let methods: [MergeMethod] = [.sum, .mean, .ties(density: 0.2), .ties(density: 0.35), .dare(density: 0.5, seed: 1),
                                         .dare(density: 0.3, seed: 77), .dareTies(density: 0.5, seed: 2), .dareTies(density: 0.9, seed: 0)]

    func expectMatchesNumPy(_ tensors: [String: Tensor], weights: [Float], lambda: Float) throws {
        let names = ["a", "b", "c"]
        let vectors = zip(names, weights).map { (name: $0, weight: $1, tau: tensors[$0]!) }
        let cases = Self.methods.flatMap { method in ["init", nil].map { (method: method, initName: $0 as String?) } }
        let expected = try Self.numpyResults(cases.map { Self.call($0.initName, lambda, names, weights, $0.method) }, inputs: tensors)
        for (item, expected) in zip(cases, expected) {
            let ours = try PromptMerging.merge(initial: item.initName.map { tensors[$0]! }, lambda: lambda, vectors: vectors,
                                               method: item.method)
            #expect(maxAbsDifference(ours, expected) < 1e-6, "\(item.method) init \(item.initName ?? "none")")
        }
    }

    @Test func everyMethodMatchesNumPyOnRandomTensors() throws {
        let tensors = ["init": randomTensor(8, 12, seed: 1), "a": randomTensor(8, 12, seed: 2),
                       "b": randomTensor(8, 12, seed: 3), "c": randomTensor(8, 12, seed: 4)]
        try expectMatchesNumPy(tensors, weights: [0.7, -1, 0.25], lambda: 0.5)
    }

    @Test func tiesWithTiedMagnitudesAndNegativeWeightsMatchesNumPy() throws {
        let tensors = ["init": randomTensor(6, 10, seed: 5), "a": Self.tiedTensor(6, 10, seed: 6),
                       "b": Self.tiedTensor(6, 10, seed: 7), "c": Self.tiedTensor(6, 10, seed: 8)]
        // The cut of 35% of 60 entries (21) falls inside a run of equal magnitudes: the rule for ties decides.
        let magnitudes = tensors["a"]!.scalars.map(abs).sorted(by: >)
        #expect(magnitudes[20] == magnitudes[21])
        try expectMatchesNumPy(tensors, weights: [1, -1, -0.5], lambda: 1.5)
    }

    // MARK: - Through HTTP

    @Test func composeMergesLikeNumPy() throws {
        let (hub, inits, taus) = try ComposeAndSimilarityTests().populated()
        defer { withExtendedLifetime(hub) {} }
        let inputs = ["init1": inits[1]!, "init2": inits[2]!, "mnli1": taus["mnli"]![1]!, "qnli1": taus["qnli"]![1]!,
                      "sst21": taus["sst2"]![1]!, "mnli2": taus["mnli"]![2]!, "qnli2": taus["qnli"]![2]!]
        let cases: [(String, String)] = [
            ("tasks=mnli,qnli&lambda=0.5&seed=1&method=mean", "merge(init1, 0.5, [mnli1, qnli1], [1, 1], 'mean')"),
            ("tasks=mnli,qnli&seed=1&method=ties", "merge(init1, 1, [mnli1, qnli1], [1, 1], 'ties', 0.2)"),
            ("tasks=mnli:0.75,-qnli,sst2&lambda=0.5&seed=1&method=ties&density=0.3",
             "merge(init1, 0.5, [mnli1, qnli1, sst21], [0.75, -1, 1], 'ties', 0.3)"),
            ("tasks=mnli,-sst2&lambda=0.5&seed=1&method=dare&density=0.4&merge_seed=7",
             "merge(init1, 0.5, [mnli1, sst21], [1, -1], 'dare', 0.4, 7)"),
            ("tasks=mnli,qnli&seed=2&method=dare", "merge(init2, 1, [mnli2, qnli2], [1, 1], 'dare', 0.5, 2)"),
            ("tasks=mnli,qnli,sst2&seed=1&method=dare_ties&density=0.6&merge_seed=3&init=none",
             "merge(None, 1, [mnli1, qnli1, sst21], [1, 1, 1], 'dare_ties', 0.6, 3)"),
            ("tasks=mnli,qnli@2&seed=1&method=dare_ties&lambda=2", "merge(init1, 2, [mnli1, qnli2], [1, 1], 'dare_ties', 0.5, 1)"),
        ]
        let expected = try Self.numpyResults(cases.map(\.1), inputs: inputs)
        for ((query, _), expected) in zip(cases, expected) {
            let response = try hub.request("GET", "/compose?\(query)&format=npy")
            #expect(response.status == 200, "\(query): \(response.text)")
            #expect(maxAbsDifference(try Npy.decode(response.body), expected) < 1e-6, "\(query)")
        }
        // sum stays the plain composition, byte for byte.
        let plain = try hub.request("GET", "/compose?tasks=mnli:0.3,qnli&lambda=0.7&seed=1&format=npy")
        let sum = try hub.request("GET", "/compose?tasks=mnli:0.3,qnli&lambda=0.7&seed=1&format=npy&method=sum")
        #expect(plain.body == sum.body && plain.header("ETag") == sum.header("ETag"))
    }

    @Test func theMethodIsInTheFormulaTheMetadataAndTheTag() throws {
        let (hub, _, _) = try ComposeAndSimilarityTests().populated()
        defer { withExtendedLifetime(hub) {} }
        let ties = try hub.request("GET", "/compose?tasks=mnli,qnli&seed=1&method=ties")
        #expect(ties.header("X-TPV-Formula") == "init(seed 1) + 1.0 * ties(density 0.2; 1.0 * tau(mnli, seed 1), 1.0 * tau(qnli, seed 1))")
        let metadata = try Safetensors.decode(ties.body).metadata
        #expect(metadata["method"] == "ties" && metadata["density"] == "0.2" && metadata["merge_seed"] == nil)
        let dare = try hub.request("GET", "/compose?tasks=mnli,qnli&seed=1&method=dare&merge_seed=5")
        #expect(try Safetensors.decode(dare.body).metadata["merge_seed"] == "5")
        #expect(dare.header("X-TPV-Formula")?.contains("dare(density 0.5, merge_seed 5; ") == true)
        let mean = try hub.request("GET", "/compose?tasks=mnli,qnli&seed=1&method=mean")
        #expect(mean.header("X-TPV-Formula") == "init(seed 1) + 1.0 * mean(1.0 * tau(mnli, seed 1), 1.0 * tau(qnli, seed 1))")

        var tags: [String: String] = [:]
        for query in ["", "&method=mean", "&method=ties", "&method=ties&density=0.3", "&method=dare", "&method=dare&merge_seed=2",
                      "&method=dare_ties"] {
            let response = try hub.request("GET", "/compose?tasks=mnli,qnli&seed=1\(query)")
            let tag = try #require(response.header("ETag"))
            #expect(tags[tag] == nil, "\(query) has the tag of \(tags[tag] ?? "")")
            tags[tag] = query
            let again = try hub.request("GET", "/compose?tasks=mnli,qnli&seed=1\(query)", headers: [("If-None-Match", tag)])
            #expect(again.status == 304, "\(query)")
        }
    }

    @Test func badMergeParametersAreRefusedByName() throws {
        let (hub, _, _) = try ComposeAndSimilarityTests().populated()
        defer { withExtendedLifetime(hub) {} }
        let cases: [(String, String)] = [
            ("method=median", "use one of sum, mean, ties, dare, dare_ties"),
            ("method=ties&density=0", "(0, 1]"), ("method=dare&density=1.5", "(0, 1]"),
            ("method=ties&density=abc", "finite number"), ("method=dare&density=nan", "finite number"),
            ("density=0.5", "density does not apply to method sum"),
            ("method=mean&density=0.5", "density does not apply to method mean"),
            ("method=mean&merge_seed=1", "merge_seed does not apply to method mean"),
            ("method=ties&merge_seed=1", "merge_seed does not apply to method ties"),
            ("method=dare&merge_seed=-1", "merge_seed"),
        ]
        for (query, says) in cases {
            let response = try hub.request("GET", "/compose?tasks=mnli,qnli&seed=1&\(query)")
            #expect(response.status == 400, "\(query)")
            #expect((response.object["detail"] as? String)?.contains(says) == true, "\(query): \(response.text)")
        }
        let unknown = try hub.request("GET", "/compose?tasks=mnli&method=median")
        #expect(unknown.object["methods"] as? [String] == ["sum", "mean", "ties", "dare", "dare_ties"])
    }
}
