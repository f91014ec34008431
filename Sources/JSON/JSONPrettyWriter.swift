/// Indented JSON for people (`tpv jobs show`): one member or element per line, member order
/// kept, scalars written exactly as `serialized()` writes them.
extension JSONValue {
    public func prettyPrinted(indent: Int = 2) -> String {
        var out: [UInt8] = []
        writePretty(into: &out, level: 0, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    private func writePretty(into out: inout [UInt8], level: Int, indent: Int) {
        func newline(_ level: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: level * indent))
        }
        switch self {
        case .array(let items) where !items.isEmpty:
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                newline(level + 1)
                item.writePretty(into: &out, level: level + 1, indent: indent)
            }
            newline(level)
            out.append(0x5D)
        case .object(let members) where !members.isEmpty:
            out.append(0x7B)
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                newline(level + 1)
                JSONValue.writeString(key, into: &out)
                out.append(contentsOf: [0x3A, 0x20])
                value.writePretty(into: &out, level: level + 1, indent: indent)
            }
            newline(level)
            out.append(0x7D)
        default:
            write(into: &out)
        }
    }
}
