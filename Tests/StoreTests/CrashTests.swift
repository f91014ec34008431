import Foundation
import Testing
@testable import Store

/// kill -9 during a loop of inserts and deletes, then reopen: every acknowledged change is there,
/// and no row points at a missing or damaged blob. The writer is this same test binary, started
/// again with an environment variable that enables only `childWriteLoop`.
@Suite struct CrashTests {
    static let childDataVariable = "TPV_STORE_CRASH_CHILD_DATA"
    static let childAcksVariable = "TPV_STORE_CRASH_CHILD_ACKS"
    static let childFirstSeedVariable = "TPV_STORE_CRASH_CHILD_FIRST_SEED"
    static var isChild: Bool { ProcessInfo.processInfo.environment[childDataVariable] != nil }

    /// The tau of seed `seed` in this test: 64 KiB, so a kill often lands inside a blob write.
    static func tau(_ seed: Int) -> [UInt8] { tensorBytes(seed, count: 65_536) }
    static func tuned(_ seed: Int) -> [UInt8] { tensorBytes(seed + 1_000_000, count: 65_536) }

    /// Child side: inserts vectors (and deletes every third one) until killed, appending an
    /// acknowledgement line after each call returns: "I <id> <seed>" or "D <id>". A delete in flight
    /// when the kill lands may or may not have happened, so "d <id>" announces it first.
    @Test(.enabled(if: CrashTests.isChild, "runs only as the child process of killedWriterLosesNothingAcknowledged"))
    func childWriteLoop() throws {
        let environment = ProcessInfo.processInfo.environment
        let store = try HubStore.open(dataDirectory: environment[Self.childDataVariable]!,
                                      migrationsDirectory: TestPaths.migrations)
        let acks = open(environment[Self.childAcksVariable]!, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        try #require(acks >= 0)
        func acknowledge(_ line: String) {
            var line = line + "\n"
            line.withUTF8 { _ = write(acks, $0.baseAddress, $0.count) }
        }
        let firstSeed = Int(environment[Self.childFirstSeedVariable]!)!
        for seed in firstSeed..<(firstSeed + 1_000_000) {
            var vector = VectorUpload(model: "crash", task: "t", seed: seed, shape: [16, 1024], tau: Self.tau(seed))
            vector.tuned = Self.tuned(seed)
            let record = try store.vectors.insert(vector, owner: "child")
            acknowledge("I \(record.id) \(seed)")
            if (seed - firstSeed) % 3 == 2 {
                let victim = try #require(try store.vectors.find(model: "crash", task: "t", seed: seed - 1))
                acknowledge("d \(victim.id)")
                try store.vectors.delete(id: victim.id)
                acknowledge("D \(victim.id)")
            }
        }
    }

    @Test(.disabled(if: CrashTests.isChild))
    func killedWriterLosesNothingAcknowledged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.child("data"), acks = directory.child("acks")
        var inserted: [Int: Int] = [:]  // id -> seed
        var deleted: Set<Int> = [], deleting: Set<Int> = []

        for round in 0..<5 {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            child.arguments = ["--testing-library", "swift-testing", "--filter", "childWriteLoop"]
            var environment = ProcessInfo.processInfo.environment
            environment[Self.childDataVariable] = data
            environment[Self.childAcksVariable] = acks
            environment[Self.childFirstSeedVariable] = String(round * 1_000_000)
            child.environment = environment
            let log = directory.child("child-\(round).log")
            FileManager.default.createFile(atPath: log, contents: nil)
            child.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            child.standardError = child.standardOutput
            let before = try Self.ackLines(acks).count
            try child.run()
            // Let it acknowledge a varying number of changes, then kill it mid-flight.
            let target = before + 8 + round * 7
            let deadline = Date().addingTimeInterval(120)
            while try Self.ackLines(acks).count < target, child.isRunning, Date() < deadline { usleep(2_000) }
            usleep(UInt32.random(in: 0..<3_000))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal,
                    "the child ended by itself: \(String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self).suffix(2_000))")

            for line in try Self.ackLines(acks).dropFirst(before) {
                let parts = line.split(separator: " ")
                switch parts[0] {
                case "I": inserted[Int(parts[1])!] = Int(parts[2])!
                case "d": deleting.insert(Int(parts[1])!)
                default: deleted.insert(Int(parts[1])!)
                }
            }
            try #require(try Self.ackLines(acks).count >= target, "the child acknowledged too little before the kill")

            let store = try openStore(directory)
            defer { store.close() }
            #expect(store.openReport.missingBlobs.isEmpty)
            for (id, seed) in inserted {
                let record = try store.vectors.get(id: id)
                if deleted.contains(id) {
                    #expect(record == nil, "acknowledged delete of \(id) was lost")
                    continue
                }
                if deleting.contains(id) && record == nil { continue }  // the interrupted delete went through
                let found = try #require(record, "acknowledged insert \(id) (seed \(seed)) was lost")
                #expect(found.seed == seed)
                #expect(try store.blobs.read(found.sha256, verify: true) == Self.tau(seed))
                #expect(try store.blobs.read(try #require(found.tunedSHA256), verify: true) == Self.tuned(seed))
            }
            // Rows the kill interrupted before their acknowledgement may exist, but never without their blobs.
            for record in try store.vectors.list(limit: 1_000_000).items {
                #expect(try store.blobs.read(record.sha256, verify: true).count == 65_536)
                #expect(try store.blobs.read(try #require(record.tunedSHA256), verify: true).count == 65_536)
            }
            #expect(try FileIO.entries(of: store.blobs.temporaryDirectory).isEmpty)
        }
    }

    /// Complete lines of the acknowledgement file (empty when it does not exist yet).
    static func ackLines(_ path: String) throws -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        let complete = text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n").map(text.index(after:)) ?? text.startIndex)])
        return complete.split(separator: "\n")
    }
}
