import Model
import Tensor

/// Examples tokenised once (truncated to the configured length), ready to be cut into
/// padded batches in any order.
struct EncodedExamples {
    let texts: [EncodedText]
    let labels: [Int]
    /// Regression targets as the high anchor's probability, (score - low) / (high - low) clamped to [0, 1].
    let targets: [Float]
    let scores: [Double]
    let padId: Int

    init(_ examples: [TrainingExample], task: TaskSpec, tokenizer: BertTokenizer, maxLength: Int) throws {
        texts = try examples.map { try tokenizer.encode($0.text, pair: $0.textPair, maxLength: maxLength) }
        labels = examples.map { $0.label ?? 0 }
        scores = examples.map { $0.score ?? 0 }
        if case .regression(let range, _, _) = task.kind {
            let width = range.upperBound - range.lowerBound
            targets = scores.map { Float(min(max(($0 - range.lowerBound) / width, 0), 1)) }
        } else {
            targets = []
        }
        padId = tokenizer.padId
    }

    var count: Int { texts.count }

    /// The texts at `indices`, right-padded to the longest of them.
    func batch(_ indices: ArraySlice<Int>) -> EncodedBatch {
        EncodedBatch(indices.map { texts[$0] }, padId: padId)
    }

    /// [B, 2] rows (1 - q, q) over the (low, high) anchors.
    func targetDistributions(_ indices: ArraySlice<Int>) -> Tensor {
        Tensor(shape: [indices.count, 2], scalars: indices.flatMap { [1 - targets[$0], targets[$0]] })
    }

    /// Indices ordered by length, so evaluation batches carry little padding.
    var indicesByLength: [Int] {
        texts.indices.sorted { texts[$0].count != texts[$1].count ? texts[$0].count < texts[$1].count : $0 < $1 }
    }
}
