/// Splits normalised text into words: whitespace separates and disappears, every
/// punctuation character becomes a word of its own (Hugging Face `BertPreTokenizer`).
enum BertPreTokenizer {
    static func words(_ scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var words: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        for (i, c) in scalars.enumerated() {
            let isSpace = BertCharacters.isWhitespace(c)
            guard isSpace || BertCharacters.isPunctuation(c) else { continue }
            if start < i { words.append(scalars[start..<i]) }
            if !isSpace { words.append(scalars[i...i]) }
            start = i + 1
        }
        if start < scalars.count { words.append(scalars[start...]) }
        return words
    }
}
