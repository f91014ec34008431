extension Page {
    /// One page of `SELECT columns FROM table whereClause ORDER BY orderBy` and the number of rows
    /// matching `whereClause`, both from one snapshot. Only constant fragments go into the SQL text;
    /// every value is one of `parameters`. Refuses a negative limit or offset before any query runs.
    static func read(from database: Database, table: String, columns: String, whereClause: String,
                     parameters: [any SQLiteBindable], orderBy: String, limit: Int, offset: Int,
                     row transform: (Row) throws -> Item) throws -> Page {
        guard limit >= 0 else { throw StoreError.invalidArgument(field: "limit", reason: "\(limit) is negative") }
        guard offset >= 0 else { throw StoreError.invalidArgument(field: "offset", reason: "\(offset) is negative") }
        return try database.read { connection in
            let total = try connection.queryFirst("SELECT COUNT(*) FROM \(table)\(whereClause)",
                                                  parameters: parameters) { try $0.get(0, as: Int.self) } ?? 0
            let items = try connection.query(
                "SELECT \(columns) FROM \(table)\(whereClause) ORDER BY \(orderBy) LIMIT ? OFFSET ?",
                parameters: parameters + [limit, offset], row: transform)
            return Page(items: items, total: total)
        }
    }
}
