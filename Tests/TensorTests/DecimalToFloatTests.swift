import Testing
@testable import Tensor

/// The fast decimal parser must agree bit for bit with the standard library's
/// correctly rounded `Float(_:)` on every input.
@Suite struct DecimalToFloatTests {
    private func parse(_ text: String) -> Float {
        Array(text.utf8).withUnsafeBytes { DecimalToFloat.float(fromJSONNumber: $0) }
    }

    private func expectAgreement(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = Float(text)!
        let got = parse(text)
        #expect(got.bitPattern == expected.bitPattern, "\(text): got \(got), expected \(expected)", sourceLocation: sourceLocation)
    }

    @Test func edgeCases() {
        for text in ["0", "-0", "0.0", "-0.0e5", "1", "-1", "0.1", "16777216", "16777217", "16777219",
                     "3.4028235e38", "3.4028236e38", "-3.40282357e38", "3.4028237e38", "1e38", "1e39",
                     "1.17549435e-38", "1.1754942e-38", "1e-45", "7e-46", "1.4e-45", "1e-50",
                     "9007199254740993", "9007199254740992e-22", "1e22", "1e23", "1e-22", "123456789012345678",
                     "1234567890123456789", "12345678901234567890", "0.000000000000000000000000000001",
                     "100000000000000000000000000000", "2.5", "0.5e1", "33554431", "33554433e-1",
                     // Exactly halfway between two floats: 1 + 2^-24, and 2^24 + 1.
                     "1.000000059604644775390625", "16777217.0", "16777217e0", "1e100000", "1e-100000",
                     // Not halfway, but so close that rounding to Double first lands on the midpoint.
                     "1.0000000596046448", "1.01500004529953", "1.015625020954758e-03", "1.006126410629804e-06"] {
            expectAgreement(text)
        }
    }

    @Test func shortestDescriptionsOfRandomFloats() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Float(bitPattern: generator.next())
            guard value.isFinite else { continue }
            expectAgreement(value.description)
            expectAgreement(Double(value).description)
        }
    }

    @Test func randomDecimalStrings() {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789")
        for _ in 0..<20_000 {
            let integerDigits = Int.random(in: 1...12, using: &generator)
            let fractionDigits = Int.random(in: 0...12, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += String(digits[Int.random(in: 1...9, using: &generator)])
            text += String((1..<integerDigits).map { _ in digits.randomElement(using: &generator)! })
            if fractionDigits > 0 {
                text += "." + String((0..<fractionDigits).map { _ in digits.randomElement(using: &generator)! })
            }
            if Bool.random(using: &generator) { text += "e\(Int.random(in: -45...38, using: &generator))" }
            expectAgreement(text)
        }
    }
}
