/// Free-form facts about a vector, stored as given (the hub validates the JSON fields).
public struct VectorMetadata: Equatable, Sendable {
    /// Human-readable description.
    public var description: String?
    /// P, the number of soft-prompt tokens, when the uploader states it.
    public var numVirtualTokens: Int?
    /// Evaluation results, a JSON object as text.
    public var metrics: String?
    /// Where the vector came from (a paper, a run, a URL).
    public var source: String?
    /// How it was produced, a JSON object as text (e.g. the composition that made it).
    public var provenance: String?

    /// Metadata with every field optional.
    public init(description: String? = nil, numVirtualTokens: Int? = nil, metrics: String? = nil,
                source: String? = nil, provenance: String? = nil) {
        self.description = description
        self.numVirtualTokens = numVirtualTokens
        self.metrics = metrics
        self.source = source
        self.provenance = provenance
    }
}
