/// Percent-decoding of URI components (RFC 3986 section 2.1).
public enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space when `plusAsSpace`, as HTML forms and curl's
    /// --data-urlencode do). Returns nil for a malformed escape or bytes that are not UTF-8.
    public static func decode<S: StringProtocol>(_ component: S, plusAsSpace: Bool = false) -> String? {
        let utf8 = component.utf8
        if !utf8.contains(0x25) && !(plusAsSpace && utf8.contains(0x2B)) { return String(component) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var it = utf8.makeIterator()
        while let c = it.next() {
            if c == 0x25 {
                guard let hi = it.next().flatMap(hexDigit), let lo = it.next().flatMap(hexDigit) else { return nil }
                bytes.append(hi << 4 | lo)
            } else if c == 0x2B && plusAsSpace {
                bytes.append(0x20)
            } else {
                bytes.append(c)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}
