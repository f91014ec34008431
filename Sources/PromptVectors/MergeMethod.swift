/// How task prompt vectors are combined before they are added to an init (`PromptMerging` has the
/// formulas). `sum` is the paper's task arithmetic; the others come from model merging:
/// TIES-merging (Yadav et al., 2023) and DARE (Yu et al., 2023).
public enum MergeMethod: Equatable, Sendable {
    case sum
    case mean
    /// Keep each vector's top `density` fraction of entries by magnitude, elect signs, disjoint mean.
    case ties(density: Double)
    /// Drop entries with probability 1 - density, rescale survivors by 1 / density, sum.
    case dare(density: Double, seed: UInt64)
    /// DARE's drops, then TIES's sign election and disjoint mean.
    case dareTies(density: Double, seed: UInt64)

    /// The names `method=` takes, in the order messages list them.
    public static let names = ["sum", "mean", "ties", "dare", "dare_ties"]

    /// The density when none is given: the 20% TIES-merging keeps in its paper's experiments; for
    /// DARE, half, since the drops of a 7,680-entry prompt hurt sooner than those of a model's
    /// millions of weights.
    public static func defaultDensity(_ name: String) -> Double? {
        switch name {
        case "ties": return 0.2
        case "dare", "dare_ties": return 0.5
        default: return nil
        }
    }

    public struct ParameterError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The method `name` with its parameters, checked: `density` in (0, 1] and only for the methods
    /// that trim or drop; `seed` only for those that drop (nil: `defaultSeed`).
    public init(name: String, density: Double?, seed: UInt64?, defaultSeed: UInt64) throws {
        guard Self.names.contains(name) else {
            throw ParameterError(description: "Unknown merge method '\(name)'; use one of \(Self.names.joined(separator: ", ")).")
        }
        if let density, !(density > 0 && density <= 1) {
            throw ParameterError(description: "density must be in (0, 1] (the fraction of each vector's entries kept), not \(density).")
        }
        if density != nil, Self.defaultDensity(name) == nil {
            throw ParameterError(description: "density does not apply to method \(name); it applies to ties, dare and dare_ties.")
        }
        if seed != nil, name != "dare", name != "dare_ties" {
            throw ParameterError(description: "merge_seed does not apply to method \(name); only dare and dare_ties draw at random.")
        }
        let d = density ?? Self.defaultDensity(name) ?? 1
        switch name {
        case "sum": self = .sum
        case "mean": self = .mean
        case "ties": self = .ties(density: d)
        case "dare": self = .dare(density: d, seed: seed ?? defaultSeed)
        default: self = .dareTies(density: d, seed: seed ?? defaultSeed)
        }
    }

    public var name: String {
        switch self {
        case .sum: return "sum"
        case .mean: return "mean"
        case .ties: return "ties"
        case .dare: return "dare"
        case .dareTies: return "dare_ties"
        }
    }

    public var density: Double? {
        switch self {
        case .sum, .mean: return nil
        case .ties(let d), .dare(let d, _), .dareTies(let d, _): return d
        }
    }

    public var seed: UInt64? {
        switch self {
        case .sum, .mean, .ties: return nil
        case .dare(_, let s), .dareTies(_, let s): return s
        }
    }

    /// The parameters as a formula shows them: "density 0.5, merge_seed 1"; empty for sum and mean.
    public var parameterText: String {
        var parts: [String] = []
        if let density { parts.append("density \(density)") }
        if let seed { parts.append("merge_seed \(seed)") }
        return parts.joined(separator: ", ")
    }

    /// The merge of `terms` (each "w * tau(task, seed s)") as the formula shows it:
    /// "(a + b)" for sum, "mean(a, b)", "ties(density 0.2; a, b)", "dare(density 0.5, merge_seed 1; a, b)".
    public func formula(of terms: [String]) -> String {
        switch self {
        case .sum: return "(" + terms.joined(separator: " + ") + ")"
        case .mean: return "mean(" + terms.joined(separator: ", ") + ")"
        default: return "\(name)(\(parameterText); " + terms.joined(separator: ", ") + ")"
        }
    }
}
