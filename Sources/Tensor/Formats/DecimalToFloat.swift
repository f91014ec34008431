/// Correctly rounded conversion of a decimal number's text to Float.
///
/// JSON tensors hold tens of thousands of numbers; building a String per
/// number for `Float(_:)` dominated decoding time. Most numbers written by
/// Python or Swift have at most 17 significant digits and a small exponent,
/// and for those an exact Double computation gives the answer directly
/// (Clinger's fast path); anything else goes to the standard library parser.
enum DecimalToFloat {
    /// Powers of ten that Double represents exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// `text` must be a valid JSON number (see `JSONScanner.scanNumber`).
    /// Out-of-range values give ±infinity, as `Float(_:)` does.
    static func float(fromJSONNumber text: UnsafeRawBufferPointer) -> Float {
        fastPath(text) ?? Float(String(decoding: text, as: UTF8.self))!
    }

    private static func fastPath(_ text: UnsafeRawBufferPointer) -> Float? {
        var index = 0
        let negative = text[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var significand: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0
        var seenPoint = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if significand != 0 || byte != UInt8(ascii: "0") {
                    significantDigits += 1
                    // Beyond 19 digits UInt64 could overflow; such rare numbers take the slow path.
                    if significantDigits > 19 { return nil }
                    significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
                }
                if seenPoint { decimalExponent -= 1 }
            } else {
                break
            }
            index += 1
        }
        if index < text.count {
            // The exponent part: [eE][+-]?digits.
            index += 1
            var exponentNegative = false
            if text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            while index < text.count {
                exponent = exponent * 10 + Int(text[index] - UInt8(ascii: "0"))
                if exponent > 100_000 { return nil }
                index += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        if significand == 0 { return negative ? -0.0 : 0.0 }
        guard significand <= 1 << 53, abs(decimalExponent) <= 22 else { return nil }
        // Both operands are exact, so one IEEE operation rounds correctly to Double.
        let power = exactPowersOfTen[abs(decimalExponent)]
        let double = decimalExponent >= 0 ? Double(significand) * power : Double(significand) / power
        // Rounding to Double and then to Float equals rounding once to Float unless
        // the Double landed exactly on a midpoint between two Floats (or below the
        // normal range, where Float has fewer bits); those go the slow way.
        let belowFloat = double.bitPattern & ((1 << 29) - 1)
        guard belowFloat != 1 << 28, double >= Double(Float.leastNormalMagnitude) else { return nil }
        let magnitude = Float(double)
        return negative ? -magnitude : magnitude
    }
}
