/// Little-endian integers in byte arrays, for the zip records.
extension Array where Element == UInt8 {
    func uint16(at offset: Int) -> Int { Int(self[offset]) | Int(self[offset + 1]) << 8 }

    func uint32(at offset: Int) -> Int {
        Int(self[offset]) | Int(self[offset + 1]) << 8 | Int(self[offset + 2]) << 16 | Int(self[offset + 3]) << 24
    }

    mutating func append(uint16 value: Int) {
        append(UInt8(value & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
    }

    mutating func append(uint32 value: Int) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> shift) & 0xFF)) }
    }
}
