import Foundation
import Testing
@testable import Store

@Suite struct MigrationTests {
    /// A temporary directory holding a migrations folder (`files`) and a database beside it.
    private struct Fixture {
        let directory: TemporaryDirectory
        var migrations: String { directory.child("migrations") }
        var databasePath: String { directory.child("db.sqlite") }
        func child(_ name: String) -> String { directory.child(name) }

        init(files: [String: String]) throws {
            directory = try TemporaryDirectory()
            try FileManager.default.createDirectory(atPath: directory.child("migrations"), withIntermediateDirectories: true)
            for (name, sql) in files { try write(name, sql) }
        }

        func write(_ name: String, _ sql: String) throws {
            try sql.write(toFile: migrations + "/" + name, atomically: true, encoding: .utf8)
        }

        /// Opens the database, migrates with the fixture's files, closes; returns the versions applied now.
        @discardableResult
        func migrate() throws -> [Int] {
            let database = try Database(path: databasePath, readerCount: 1)
            defer { database.close() }
            return try Migrator(directory: migrations).migrate(database).map(\.version)
        }

        func query<T>(_ body: (Connection) throws -> T) throws -> T {
            let database = try Database(path: databasePath, readerCount: 1)
            defer { database.close() }
            return try database.read(body)
        }
    }

    @Test func projectMigrationsApplyOnceAndAreRecorded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let files = try Migration.load(from: TestPaths.migrations)
        #expect(files.map(\.fileName).prefix(3) == ["001_initial.sql", "002_datasets.sql", "003_jobs.sql"])
        let first = try openStore(directory)
        #expect(first.openReport.appliedMigrations == files.map(\.fileName))
        let recorded = try first.database.read { connection in
            try connection.query("SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version") {
                (try $0.get(0, as: Int.self), try $0.get(1, as: String.self), try $0.get(2, as: String.self),
                 try $0.get(3, as: String.self))
            }
        }
        #expect(recorded.map(\.0) == files.map(\.version))
        #expect(recorded.map(\.1) == files.map(\.name))
        for (record, file) in zip(recorded, files) {
            #expect(record.2 == SHA256.hex(try FileIO.readFile(at: file.path)))
            #expect(record.3.count == 24 && record.3.hasSuffix("Z"))
        }
        first.close()

        let second = try openStore(directory)
        defer { second.close() }
        #expect(second.openReport.appliedMigrations.isEmpty)
        #expect(try second.database.read { try $0.scalar("SELECT COUNT(*) FROM schema_migrations", as: Int.self) } == files.count)
    }

    @Test func changedMigrationFileIsRefusedNamingTheFile() throws {
        let fixture = try Fixture(files: ["001_first.sql": "CREATE TABLE a (x INTEGER);"])
        defer { fixture.directory.remove() }
        #expect(try fixture.migrate() == [1])
        try fixture.write("001_first.sql", "CREATE TABLE a (x INTEGER, y TEXT);")
        let error = try #require(throws: MigrationError.self) { try fixture.migrate() }
        guard case .changedAfterApply(1, let path, _, _) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(path.hasSuffix("001_first.sql"))
        #expect(error.description.contains("001_first.sql"))
    }

    @Test func databaseNewerThanTheCodeIsRefused() throws {
        let fixture = try Fixture(files: ["001_first.sql": "CREATE TABLE a (x INTEGER);",
                                          "002_second.sql": "CREATE TABLE b (x INTEGER);"])
        defer { fixture.directory.remove() }
        #expect(try fixture.migrate() == [1, 2])
        try FileManager.default.removeItem(atPath: fixture.migrations + "/002_second.sql")
        let error = try #require(throws: MigrationError.self) { try fixture.migrate() }
        #expect(error == .databaseNewerThanCode(unknownVersions: [2], directory: fixture.migrations))
    }

    @Test func newMigrationAppliesOnTopAndFailedOneRollsBack() throws {
        let fixture = try Fixture(files: ["001_first.sql": "CREATE TABLE a (x INTEGER);"])
        defer { fixture.directory.remove() }
        try fixture.migrate()
        try fixture.write("002_broken.sql", "CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);")
        let error = try #require(throws: MigrationError.self) { try fixture.migrate() }
        guard case .failed(let path, let cause) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path.hasSuffix("002_broken.sql"))
        #expect(cause.message.contains("missing"))
        let tables = try fixture.query { try $0.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            try $0.get(0, as: String.self)
        } }
        #expect(tables == ["a", "schema_migrations"])

        try fixture.write("002_broken.sql", "CREATE TABLE b (x INTEGER);")
        #expect(try fixture.migrate() == [2])
        #expect(try fixture.migrate() == [])
    }

    @Test func malformedMigrationFoldersAreRefused() throws {
        let badName = try Fixture(files: ["1_first.sql": "SELECT 1;"])
        defer { badName.directory.remove() }
        #expect(throws: MigrationError.badFileName(path: badName.migrations + "/1_first.sql")) { try badName.migrate() }

        let duplicate = try Fixture(files: ["001_a.sql": "SELECT 1;", "001_b.sql": "SELECT 2;"])
        defer { duplicate.directory.remove() }
        #expect(throws: MigrationError.duplicateVersion(version: 1, files: ["001_a.sql", "001_b.sql"])) {
            try duplicate.migrate()
        }

        let gap = try Fixture(files: ["001_a.sql": "SELECT 1;", "003_c.sql": "SELECT 3;"])
        defer { gap.directory.remove() }
        try gap.migrate()
        try gap.write("002_b.sql", "SELECT 2;")
        #expect(throws: MigrationError.outOfOrder(path: gap.migrations + "/002_b.sql", latestApplied: 3)) {
            try gap.migrate()
        }
    }

    @Test func defaultDirectoryPrefersTheEnvironmentThenFallsBackToTheSourceTree() throws {
        let fixture = try Fixture(files: [:])
        defer { fixture.directory.remove() }
        #expect(try Migrations.defaultDirectory(environment: ["TPV_MIGRATIONS": fixture.migrations],
                                                 sourceFile: Migrations.thisSourceFile) == fixture.migrations)
        let fallback = try Migrations.defaultDirectory(environment: ["TPV_MIGRATIONS": fixture.child("absent")],
                                                      sourceFile: Migrations.thisSourceFile)
        #expect(URL(fileURLWithPath: fallback).standardizedFileURL.path
                == URL(fileURLWithPath: TestPaths.migrations).standardizedFileURL.path)
        if ProcessInfo.processInfo.environment["TPV_MIGRATIONS"] == nil {
            #expect(URL(fileURLWithPath: try Migrations.defaultDirectory()).standardizedFileURL.path
                    == URL(fileURLWithPath: TestPaths.migrations).standardizedFileURL.path)
        }
        let candidates = Migrations.candidateDirectories(environment: [:], sourceFile: "/src/Sources/Store/Migrations/Migrations.swift")
        #expect(candidates.last == "/src/Migrations")
        #expect(candidates.contains { $0.hasSuffix("/share/tpv/Migrations") })
        #expect(throws: MigrationError.self) {
            try Migrations.defaultDirectory(environment: [:], sourceFile: "/nonexistent/a/b/c/d.swift")
        }
    }
}
