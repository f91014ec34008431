/// Tokenised texts right-padded to one length, laid out row-major (batch x position)
/// the way the encoder reads them.
public struct EncodedBatch: Equatable, Sendable {
    public let batchSize: Int
    public let sequenceLength: Int
    public let inputIds: [Int32]
    public let tokenTypeIds: [Int32]
    /// 1 for a real token, 0 for padding.
    public let attentionMask: [Float]

    public init(batchSize: Int, sequenceLength: Int, inputIds: [Int32], tokenTypeIds: [Int32], attentionMask: [Float]) {
        let count = batchSize * sequenceLength
        precondition(inputIds.count == count && tokenTypeIds.count == count && attentionMask.count == count,
                     "batch \(batchSize) x \(sequenceLength) needs \(count) ids, types and mask values")
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.inputIds = inputIds
        self.tokenTypeIds = tokenTypeIds
        self.attentionMask = attentionMask
    }

    /// Pads every text with `padId` (token type 0, mask 0) to the longest one, or to `length`.
    public init(_ texts: [EncodedText], padId: Int = 0, length: Int? = nil) {
        let longest = texts.map(\.count).max() ?? 0
        let sequenceLength = max(length ?? longest, longest)
        var ids = [Int32](repeating: Int32(padId), count: texts.count * sequenceLength)
        var types = [Int32](repeating: 0, count: ids.count)
        var mask = [Float](repeating: 0, count: ids.count)
        for (b, text) in texts.enumerated() {
            for t in 0..<text.count {
                ids[b * sequenceLength + t] = Int32(text.inputIds[t])
                types[b * sequenceLength + t] = Int32(text.tokenTypeIds[t])
                mask[b * sequenceLength + t] = 1
            }
        }
        self.init(batchSize: texts.count, sequenceLength: sequenceLength,
                  inputIds: ids, tokenTypeIds: types, attentionMask: mask)
    }
}
