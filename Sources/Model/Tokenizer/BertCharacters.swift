/// Character classes of BERT's basic tokenisation, as Hugging Face `tokenizers`
/// (Rust) defines them. The Rust side takes general categories and decompositions from
/// Unicode 8.0 tables, older than Swift's, so characters assigned later count as
/// unassigned there: neither control, punctuation nor combining marks, and no
/// decomposition. Found by comparing every code point against the Rust tokenizer
/// (Tests/ModelTests/Fixtures/make_tokenizer_fixtures.py keeps a sample of that check).
enum BertCharacters {
    static let tableVersion = (major: 8, minor: 0)

    /// The few characters whose general category changed after Unicode 8.0, with the old one.
    private static let categoryInTable: [UInt32: Unicode.GeneralCategory] = [
        0x166D: .otherPunctuation, 0x1734: .nonspacingMark, 0x1885: .otherLetter, 0x1886: .otherLetter,
        0xA9BD: .spacingMark, 0x111C9: .otherPunctuation, 0x1171E: .nonspacingMark,
    ]

    /// Whether the Rust tables know the character at all.
    static func isInTable(_ c: Unicode.Scalar) -> Bool {
        guard let age = c.properties.age else { return false }
        return age.major < tableVersion.major || (age.major == tableVersion.major && age.minor <= tableVersion.minor)
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\t", "\n", "\r", " ": return true
        default: return c.value >= 0x80 && c.properties.isWhitespace
        }
    }

    /// Characters clean-up drops: Cc, Cf and Co (tab, newline and CR count as whitespace).
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\t", "\n", "\r": return false
        default:
            if c.value < 0x20 || c.value == 0x7F { return true }
            if c.value < 0x80 { return false }
            switch knownCategory(c) {
            case .control, .format, .privateUse, .surrogate: return true
            default: return false
            }
        }
    }

    /// ASCII punctuation (33-47, 58-64, 91-96, 123-126, which includes symbols such as `$`)
    /// plus the Unicode punctuation categories P*.
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 {
            return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
        }
        switch knownCategory(c) {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isNonspacingMark(_ c: Unicode.Scalar) -> Bool {
        c.value >= 0x300 && knownCategory(c) == .nonspacingMark
    }

    /// The CJK Unified Ideographs blocks BERT surrounds with spaces (not Hangul, kana, ...).
    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    private static func knownCategory(_ c: Unicode.Scalar) -> Unicode.GeneralCategory {
        guard isInTable(c) else { return .unassigned }
        return categoryInTable[c.value] ?? c.properties.generalCategory
    }
}
