/// Columns padded to their widest cell, two spaces apart; numbers align right.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public let titles: [String]
    public let alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    public init(_ columns: [(title: String, alignment: Alignment)]) {
        titles = columns.map(\.title)
        alignments = columns.map(\.alignment)
    }

    /// Missing cells are blank, extra ones dropped.
    public mutating func append(_ row: [String]) {
        rows.append((0..<titles.count).map { $0 < row.count ? row[$0] : "" })
    }

    /// The header and one line per row, without trailing spaces.
    public func render() -> [String] {
        let widths = titles.indices.map { column in
            ([titles[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        return ([titles] + rows).map { cells in
            var line = ""
            for (column, cell) in cells.enumerated() {
                if column > 0 { line += "  " }
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                line += alignments[column] == .right ? padding + cell : cell + padding
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
