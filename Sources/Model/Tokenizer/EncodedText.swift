/// One tokenised input for the encoder: `[CLS] a [SEP]` or `[CLS] a [SEP] b [SEP]`.
/// Every position is a real token (attention mask 1); padding happens in `EncodedBatch`.
public struct EncodedText: Equatable, Hashable, Sendable, Codable {
    public var inputIds: [Int]
    /// 0 for `[CLS] a [SEP]`, 1 for `b [SEP]` of a pair.
    public var tokenTypeIds: [Int]

    public init(inputIds: [Int], tokenTypeIds: [Int]) {
        precondition(inputIds.count == tokenTypeIds.count, "input ids and token type ids differ in length")
        self.inputIds = inputIds
        self.tokenTypeIds = tokenTypeIds
    }

    public var count: Int { inputIds.count }

    enum CodingKeys: String, CodingKey {
        case inputIds = "input_ids"
        case tokenTypeIds = "token_type_ids"
    }
}
