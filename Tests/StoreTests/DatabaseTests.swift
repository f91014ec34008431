import Foundation
import Testing
@testable import Store

@Suite struct DatabaseTests {
    /// A database with one table `items(id INTEGER PRIMARY KEY, name TEXT UNIQUE, payload BLOB, score REAL)`.
    private func withScratchDatabase(_ body: (Database) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try Database(path: directory.child("scratch.sqlite"), readerCount: 2)
        defer { database.close() }
        try database.write {
            try $0.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, payload BLOB, score REAL)")
        }
        try body(database)
    }

    static let awkwardNames = [
        "it's", "'; DROP TABLE items; --", "\"quoted\"", "nul\u{0}inside", "", "ünïcödé 模型 🚀",
        "back\\slash", "percent % and _ underscore", "?1 :name @x $y",
    ]

    @Test func awkwardTextAndBlobsRoundTripThroughBoundParameters() throws {
        try withScratchDatabase { database in
            for (index, name) in Self.awkwardNames.enumerated() {
                let payload: [UInt8] = index == 0 ? [] : [0, 255, UInt8(index), 0]
                try database.write { try $0.run("INSERT INTO items (name, payload, score) VALUES (?, ?, ?)",
                                                name, payload, Double(index) + 0.5) }
            }
            for (index, name) in Self.awkwardNames.enumerated() {
                let row = try database.read { connection in
                    try connection.queryFirst("SELECT name, payload, score FROM items WHERE name = ?", name) {
                        (try $0.get("name", as: String.self), try $0.get(1, as: [UInt8].self), try $0.get("score", as: Double.self))
                    }
                }
                let found = try #require(row, "no row for \(name.debugDescription)")
                #expect(found.0 == name)
                #expect(found.1 == (index == 0 ? [] : [0, 255, UInt8(index), 0]))
                #expect(found.2 == Double(index) + 0.5)
            }
            let count = try database.read { try $0.scalar("SELECT COUNT(*) FROM items", as: Int.self) }
            #expect(count == Self.awkwardNames.count)
        }
    }

    @Test func nilBindsNullAndOptionalsDecodeIt() throws {
        try withScratchDatabase { database in
            try database.write { try $0.run("INSERT INTO items (name, payload) VALUES (?, ?)", "x", [UInt8]?.none) }
            let payload = try database.read { try $0.scalar("SELECT payload FROM items", as: [UInt8]?.self) }
            #expect(payload == .some(nil))
            // A NULL where a value is required is an error that names the column.
            #expect { try database.read { try $0.scalar("SELECT payload FROM items", as: [UInt8].self) } } throws: { error in
                "\(error)".contains("payload")
            }
        }
    }

    @Test func uniqueViolationIsRecognisable() throws {
        try withScratchDatabase { database in
            try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", "same") }
            let error = try #require(throws: SQLiteError.self) {
                try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", "same") }
            }
            #expect(error.isUniqueViolation)
            #expect(error.isConstraintViolation)
            #expect(error.message.contains("UNIQUE"))
        }
    }

    @Test func throwingWriteRollsBack() throws {
        struct Abort: Error {}
        try withScratchDatabase { database in
            #expect(throws: Abort.self) {
                try database.write { connection in
                    try connection.run("INSERT INTO items (name) VALUES (?)", "doomed")
                    throw Abort()
                }
            }
            #expect(try database.read { try $0.scalar("SELECT COUNT(*) FROM items", as: Int.self) } == 0)
            // The writer is usable again afterwards.
            try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", "kept") }
            #expect(try database.read { try $0.scalar("SELECT COUNT(*) FROM items", as: Int.self) } == 1)
        }
    }

    @Test func misuseIsReportedNotIgnored() throws {
        try withScratchDatabase { database in
            // Wrong parameter count.
            #expect(throws: SQLiteError.self) { try database.write { try $0.run("INSERT INTO items (name) VALUES (?)") } }
            // A second statement would be silently skipped by sqlite3_prepare: refused instead.
            #expect(throws: SQLiteError.self) {
                try database.write { try $0.run("INSERT INTO items (name) VALUES ('a'); DELETE FROM items") }
            }
            // Type mismatch on decode.
            try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", "text") }
            #expect(throws: SQLiteError.self) { try database.read { try $0.scalar("SELECT name FROM items", as: Int.self) } }
            // Readers are read-only.
            #expect(throws: SQLiteError.self) { try database.read { try $0.run("DELETE FROM items") } }
            // Unknown column name.
            #expect(throws: SQLiteError.self) {
                try database.read { try $0.queryFirst("SELECT name FROM items") { try $0.get("nope", as: String.self) } }
            }
        }
    }

    @Test func nestedCallsFailInsteadOfDeadlocking() throws {
        try withScratchDatabase { database in
            let error = try #require(throws: SQLiteError.self) {
                try database.write { _ in try database.write { try $0.run("INSERT INTO items (name) VALUES ('x')") } }
            }
            #expect(error.message.contains("nested"))
            #expect(throws: SQLiteError.self) { try database.read { _ in try database.read { _ in 1 } } }
            // A read inside a write uses another pool: allowed (it sees the last commit, not the open transaction).
            #expect(try database.write { _ in try database.read { try $0.scalar("SELECT COUNT(*) FROM items", as: Int.self) } } == 0)
        }
    }

    @Test func pragmasAreInForce() throws {
        try withScratchDatabase { database throws in
            let pragma = { (name: String) throws -> Int? in
                try database.withWriteLock { try $0.scalar("PRAGMA \(name)", as: Int.self) }
            }
            #expect(try database.withWriteLock { try $0.scalar("PRAGMA journal_mode", as: String.self) } == "wal")
            #expect(try pragma("synchronous") == 2)  // FULL
            #expect(try pragma("foreign_keys") == 1)
            #expect(try pragma("busy_timeout") == Database.busyTimeoutMilliseconds)
        }
    }

    @Test func readersSeeCommittedWritesFromOtherThreads() throws {
        try withScratchDatabase { database in
            let rounds = 200
            let results = concurrently(4) { worker in
                for round in 0..<rounds {
                    if worker == 0 {
                        try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", "n\(round)") }
                    } else {
                        let count = try database.read { try $0.scalar("SELECT COUNT(*) FROM items", as: Int.self) } ?? -1
                        guard (0...rounds).contains(count) else { throw StoreError.invalidArgument(field: "count", reason: "\(count)") }
                    }
                }
            }
            for result in results { _ = try result.get() }
            #expect(try database.read { try $0.scalar("SELECT COUNT(*) FROM items", as: Int.self) } == rounds)
        }
    }

    @Test func closedDatabaseRefusesWork() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try Database(path: directory.child("x.sqlite"), readerCount: 1)
        database.close()
        #expect(throws: SQLiteError.self) { try database.read { try $0.scalar("SELECT 1", as: Int.self) } }
        #expect(throws: SQLiteError.self) { try database.write { try $0.execute("CREATE TABLE t (x)") } }
    }
}
