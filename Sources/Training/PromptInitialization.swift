import Model
import Tensor

/// The random initial soft prompt theta_init: P rows copied from the model's word
/// embedding matrix, at token ids drawn without replacement from the first 5,000
/// *ordinary* vocabulary entries, as the paper draws from the first 5,000 of T5's
/// vocabulary.
///
/// Why not ids 0..<5000 literally: in a BERT vocabulary ids 0..998 are `[PAD]`,
/// `[unused0]`...`[unused993]`, `[UNK]`, `[CLS]`, `[SEP]`, `[MASK]`. The `[unusedN]`
/// rows were never trained (all-MiniLM-L6-v2: mean row norm 0.45 against 1.27 for
/// frequent words), so a literal [0, 5000) would make a fifth of the prompt noise
/// vectors, whereas T5's first 5,000 pieces are nearly all real, frequent tokens.
/// So the candidates are the first 5,000 ids whose token is not bracketed (`[...]`,
/// the special and placeholder form); for the uncased BERT vocabulary that is ids
/// 999..<5999: punctuation, single characters, then words in frequency order.
///
/// The draw: `SeededGenerator(seed:)` (SplitMix64 at the job seed) takes the first P
/// picks of a forward Fisher-Yates shuffle of the candidates (`SeededGenerator.sample`).
/// Same (model, seed, P) -> bit-identical rows; a longer prompt of the same seed starts
/// with the rows of a shorter one.
public enum PromptInitialization {
    public static let candidateCount = 5000

    /// The candidate ids: the first `candidateCount` non-bracketed tokens, in id order.
    public static func candidateTokenIds(_ tokenizer: BertTokenizer) -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(candidateCount)
        for id in 0..<tokenizer.vocabularySize where ids.count < candidateCount {
            guard let token = tokenizer.token(for: id) else { continue }
            let bracketed = token.count > 2 && token.hasPrefix("[") && token.hasSuffix("]")
            if !bracketed { ids.append(id) }
        }
        return ids
    }

    /// The P token ids whose rows make the initial prompt of `seed`.
    public static func tokenIds(_ tokenizer: BertTokenizer, promptLength: Int, seed: UInt64) throws -> [Int] {
        let candidates = candidateTokenIds(tokenizer)
        guard promptLength >= 1, promptLength <= candidates.count else {
            throw TrainingError("a prompt of \(promptLength) rows cannot be drawn from \(candidates.count) candidate tokens; use 1...\(candidates.count) virtual tokens")
        }
        var generator = SeedStream.initialization(seed)
        return generator.sample(candidates, count: promptLength)
    }

    /// The [P, H] initial prompt of `seed` for `model`.
    public static func prompt(for model: BertModel, promptLength: Int, seed: UInt64) throws -> (prompt: Tensor, tokenIds: [Int]) {
        let ids = try tokenIds(model.tokenizer, promptLength: promptLength, seed: seed)
        let h = model.config.hiddenSize
        var scalars = [Float](repeating: 0, count: ids.count * h)
        let table = model.encoder.weights.wordEmbeddings
        for (row, id) in ids.enumerated() {
            for c in 0..<h { scalars[row * h + c] = table[id * h + c] }
        }
        return (Tensor(shape: [ids.count, h], scalars: scalars), ids)
    }
}
