import Foundation
import Store
import Synchronization
import Testing
import TestSupport

/// `/datasets` through the real server, SQLite and blob folder, with the shared benchmark data.
@Suite struct DatasetAPITests {
    static func file(_ task: String, _ split: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(sharedDirectory)/data/\(task)/\(split).jsonl")))
    }

    static let splits = ["train", "validation", "test"]

    @discardableResult
    func upload(_ hub: HubFixture, _ target: String, _ body: [UInt8], method: String = "POST",
                token: String? = nil) throws -> RawHTTPClient.Response {
        try hub.request(method, target, token: token ?? hub.alice, body: body)
    }

    @Test func wholeTasksUploadAsTheyAreAndReadBack() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        // sst2 without labels=: its train split's first appearances (positive first) define the classes.
        // mnli with tasks.json's order given. stsb is regression over text pairs.
        for (task, query) in [("sst2", ""), ("mnli", "&labels=entailment,neutral,contradiction"), ("stsb", "")] {
            for split in Self.splits {
                let body = try Self.file(task, split)
                let response = try upload(hub, "/datasets/\(task)?split=\(split)\(split == "train" ? query : "")", body)
                #expect(response.status == 201, "\(task) \(split): \(response.text)")
                #expect(response.header("Location") == "/datasets/\(task)/\(split)")
                #expect(response.object["sha256"] as? String == SHA256.hex(body))
                #expect(response.object["owner"] as? String == "alice")
                let download = try hub.request("GET", "/datasets/\(task)/\(split)")
                #expect(download.body == body, "\(task) \(split)")
                #expect(download.header("Content-Type") == "application/x-ndjson")
            }
        }

        let sst2 = try hub.request("GET", "/datasets/sst2").object
        #expect(sst2["kind"] as? String == "classification" && sst2["input"] as? String == "single")
        #expect(sst2["labels"] as? [String] == ["positive", "negative"])
        let sst2Splits = try #require(sst2["splits"] as? [String: [String: Any]])
        #expect(sst2Splits["train"]?["examples"] as? Int == 2000)
        #expect(sst2Splits["train"]?["label_counts"] as? [String: Int] == ["negative": 885, "positive": 1115])
        #expect(sst2Splits["validation"]?["label_counts"] as? [String: Int] == ["negative": 245, "positive": 255])
        #expect(sst2Splits["test"]?["examples"] as? Int == 1000)
        // Label counts follow the class order.
        let rawSST2 = try hub.request("GET", "/datasets/sst2").text
        #expect(rawSST2.contains(#""label_counts":{"positive":1115,"negative":885}"#), "\(rawSST2)")

        let mnli = try hub.request("GET", "/datasets/mnli").object
        #expect(mnli["input"] as? String == "pair")
        #expect(mnli["labels"] as? [String] == ["entailment", "neutral", "contradiction"])
        let mnliTest = try #require((mnli["splits"] as? [String: [String: Any]])?["test"])
        #expect(mnliTest["label_counts"] as? [String: Int] == ["contradiction": 348, "entailment": 352, "neutral": 300])

        let stsb = try hub.request("GET", "/datasets/stsb").object
        #expect(stsb["kind"] as? String == "regression" && stsb["labels"] as? [String] == [])
        let score = try #require(((stsb["splits"] as? [String: [String: Any]])?["train"])?["score"] as? [String: Any])
        #expect(score["count"] as? Int == 2000)
        #expect((score["min"] as? Double ?? -1) >= 0 && (score["max"] as? Double ?? 9) <= 5)

        let list = try hub.request("GET", "/datasets").object
        #expect(list["total"] as? Int == 3)
        let items = try #require(list["items"] as? [[String: Any]])
        #expect(items.map { $0["task"] as? String } == ["mnli", "sst2", "stsb"])
        let listed = try #require((items[1]["splits"] as? [String: [String: Any]])?["train"])
        #expect(listed["sha256"] as? String == SHA256.hex(try Self.file("sst2", "train")))
        #expect(listed["examples"] as? Int == 2000)
    }

    /// Each bad file, the line the problem must name, and words the detail must hold.
    static let badFiles: [(String, String, Int, String)] = [
        ("bad JSON", "{\"text\": \"a\", \"label\": \"positive\"}\n{\"text\": \"b\" \"label\": \"negative\"}\n", 2, "invalid JSON"),
        ("missing text", "{\"text\": \"a\", \"label\": \"positive\"}\n{\"text\": \"b\", \"label\": \"negative\"}\n{\"label\": \"negative\"}\n", 3, "\"text\" is missing"),
        ("missing label", "{\"text\": \"a\", \"label\": \"positive\"}\n{\"text\": \"b\"}\n", 2, "\"label\" is missing"),
        ("label and score", "{\"text\": \"a\", \"label\": \"positive\", \"score\": 1}\n", 1, "both \"label\" and \"score\""),
        ("unknown key", "{\"text\": \"a\", \"label\": \"positive\"}\n{\"text\": \"a\", \"label\": \"positive\", \"source\": \"x\"}\n", 2, "unknown key \"source\""),
        ("mixed pair and single", "{\"text\": \"a\", \"text_pair\": \"b\", \"label\": \"x\"}\n{\"text\": \"a\", \"label\": \"x\"}\n", 2, "text_pair"),
        ("mixed kind", "{\"text\": \"a\", \"score\": 1.5}\n{\"text\": \"a\", \"label\": \"x\"}\n", 2, "all lines must be of one kind"),
        ("non-finite score", "{\"text\": \"a\", \"score\": 1.5}\n{\"text\": \"a\", \"score\": Infinity}\n", 2, "NaN and Infinity"),
        ("blank line inside", "{\"text\": \"a\", \"label\": \"x\"}\n\n{\"text\": \"a\", \"label\": \"x\"}\n", 2, "blank line"),
    ]

    @Test func badLinesAre400NamingTheLineAndStoreNothing() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        var invalidUTF8 = Array("{\"text\": \"ok\", \"label\": \"x\"}\n{\"text\": \"caf".utf8)
        invalidUTF8 += [0xE9] + Array("\", \"label\": \"x\"}\n".utf8)  // Latin-1 é
        for (what, body, line, words) in Self.badFiles.map({ ($0.0, Array($0.1.utf8), $0.2, $0.3) })
            + [("invalid UTF-8", invalidUTF8, 2, "not valid UTF-8")] {
            let response = try upload(hub, "/datasets/bad?split=train", body)
            #expect(response.status == 400, "\(what): \(response.text)")
            #expect(response.header("Content-Type") == "application/problem+json", "\(what)")
            #expect(response.object["line"] as? Int == line, "\(what): \(response.text)")
            let detail = response.object["detail"] as? String ?? ""
            #expect(detail.hasPrefix("line \(line): ") && detail.contains(words), "\(what): \(detail)")
        }
        // A validation split may only use the labels its task already has.
        let train = "{\"text\": \"good\", \"label\": \"positive\"}\n{\"text\": \"bad\", \"label\": \"negative\"}\n"
        #expect(try upload(hub, "/datasets/sst2?split=train", Array(train.utf8)).status == 201)
        let unknown = try upload(hub, "/datasets/sst2?split=validation",
                                 Array("{\"text\": \"fine\", \"label\": \"positive\"}\n{\"text\": \"meh\", \"label\": \"neutral\"}\n".utf8))
        #expect(unknown.status == 400)
        #expect(unknown.object["line"] as? Int == 2)
        #expect(unknown.object["detail"] as? String == #"line 2: label "neutral" is not one of the task's labels ("positive", "negative")"#)
        let single = try upload(hub, "/datasets/sst2?split=test", Array("{\"text\": \"a\", \"text_pair\": \"b\", \"label\": \"positive\"}\n".utf8))
        #expect(single.status == 400 && single.object["line"] as? Int == 1, "\(single.text)")

        // Only the one good upload is stored: one task, one split, one blob, nothing in tmp.
        let list = try hub.request("GET", "/datasets").object
        #expect((list["items"] as? [[String: Any]])?.map { $0["task"] as? String } == ["sst2"])
        #expect(try hub.request("GET", "/datasets/bad").status == 404)
        #expect(try blobFiles(hub) == [SHA256.hex(Array(train.utf8))])
        #expect(try FileManager.default.contentsOfDirectory(atPath: hub.directory.file("data/tmp")).isEmpty)
    }

    @Test func emptyAndMalformedRequestsAre400() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let good = Array("{\"text\": \"a\", \"label\": \"x\"}\n".utf8)
        let empty = try upload(hub, "/datasets/t?split=train", [])
        #expect(empty.status == 400 && (empty.object["detail"] as? String)?.contains("empty") == true, "\(empty.text)")
        #expect(empty.object["line"] == nil)
        let blank = try upload(hub, "/datasets/t?split=train", Array("\n\n".utf8))
        #expect(blank.status == 400 && (blank.object["detail"] as? String)?.contains("no examples") == true, "\(blank.text)")
        for target in ["/datasets/t", "/datasets/t?split=dev", "/datasets/t?split=train&lables=x", "/datasets/..%2Fx?split=train",
                       "/datasets/t?split=train&labels=a,,b", "/datasets/t?split=train&labels=a,a"] {
            let response = try upload(hub, target, good)
            #expect(response.status == 400, "\(target): \(response.text)")
        }
        #expect(try hub.request("GET", "/datasets").object["total"] as? Int == 0)
    }

    @Test func labelOrderIsFixedByTheFirstUploadOrGiven() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let validation = Array("{\"text\": \"a\", \"label\": \"negative\"}\n".utf8)
        // Without labels=, the first split must be train: it defines the class indices.
        let early = try upload(hub, "/datasets/sst2?split=validation", validation)
        #expect(early.status == 400 && (early.object["detail"] as? String)?.contains("labels=") == true, "\(early.text)")
        let given = try upload(hub, "/datasets/sst2?split=validation&labels=negative,positive", validation)
        #expect(given.status == 201, "\(given.text)")
        #expect(given.object["labels"] as? [String] == ["negative", "positive"])
        // Later uploads follow the stored order; repeating it is fine, another order is a conflict.
        let train = Array("{\"text\": \"b\", \"label\": \"positive\"}\n".utf8)
        #expect(try upload(hub, "/datasets/sst2?split=train&labels=positive,negative", train).status == 409)
        #expect(try upload(hub, "/datasets/sst2?split=train&labels=negative,positive", train).status == 201)
        let test = try upload(hub, "/datasets/sst2?split=test", Array("{\"text\": \"c\", \"label\": \"positive\"}\n".utf8))
        #expect(test.object["label_counts"] as? [String: Int] == ["negative": 0, "positive": 1])
        // Deleting every split frees the task, so its labels can be defined again.
        for split in Self.splits { #expect(try hub.request("DELETE", "/datasets/sst2/\(split)", token: hub.alice).status == 204) }
        let again = try upload(hub, "/datasets/sst2?split=train", Array("{\"text\": \"b\", \"score\": 0.5}\n".utf8))
        #expect(again.status == 201 && again.object["kind"] as? String == "regression", "\(again.text)")
    }

    @Test func aTakenSplitConflictsAndOnlyItsOwnerReplacesOrDeletesIt() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let first = Array("{\"text\": \"a\", \"label\": \"x\"}\n".utf8)
        let second = Array("{\"text\": \"b\", \"label\": \"x\"}\n{\"text\": \"c\", \"label\": \"x\"}\n".utf8)
        #expect(try upload(hub, "/datasets/t?split=train", first).status == 201)
        let again = try upload(hub, "/datasets/t?split=train", second, token: hub.bob)
        #expect(again.status == 409)
        #expect((again.object["detail"] as? String)?.contains("PUT /datasets/t/train") == true, "\(again.text)")

        #expect(try upload(hub, "/datasets/t/train", second, method: "PUT", token: hub.bob).status == 403)
        #expect(try upload(hub, "/datasets/t?split=train", second, method: "PUT", token: hub.bob).status == 403)
        let replaced = try upload(hub, "/datasets/t/train", second, method: "PUT")
        #expect(replaced.status == 200, "\(replaced.text)")
        #expect(replaced.object["examples"] as? Int == 2 && replaced.object["owner"] as? String == "alice")
        #expect(try hub.request("GET", "/datasets/t/train").body == second)
        #expect(try blobFiles(hub) == [SHA256.hex(second)])  // the replaced file is gone
        // PUT on a free split creates it, owned by whoever sent it.
        let created = try upload(hub, "/datasets/t/test", first, method: "PUT", token: hub.bob)
        #expect(created.status == 201 && created.object["owner"] as? String == "bob", "\(created.text)")

        #expect(try hub.request("DELETE", "/datasets/t/test", token: hub.alice).status == 403)
        #expect(try hub.request("DELETE", "/datasets/t/test", token: hub.bob).status == 204)
        #expect(try hub.request("GET", "/datasets/t/test").status == 404)
        #expect(try hub.request("DELETE", "/datasets/t/test", token: hub.bob).status == 404)
        #expect(try hub.request("DELETE", "/datasets/t/train", token: hub.alice).status == 204)
        #expect(try hub.request("GET", "/datasets/t").status == 404)
        #expect(try hub.request("GET", "/datasets").object["total"] as? Int == 0)
        #expect(try blobFiles(hub).isEmpty)
    }

    @Test func writesNeedAValidToken() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let body = Array("{\"text\": \"a\", \"label\": \"x\"}\n".utf8)
        let missing = try hub.request("POST", "/datasets/t?split=train", body: body)
        #expect(missing.status == 401 && missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try hub.request("POST", "/datasets/t?split=train", token: "tpv_nope", body: body).status == 401)
        #expect(try hub.request("PUT", "/datasets/t/train", body: body).status == 401)
        #expect(try upload(hub, "/datasets/t?split=train", body).status == 201)
        #expect(try hub.request("DELETE", "/datasets/t/train").status == 401)
        #expect(try hub.request("GET", "/datasets/t/train").status == 200)  // reading is public
    }

    @Test func downloadsCarryTheContentDigestAsAStrongETag() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let body = try Self.file("rte", "validation")
        #expect(try upload(hub, "/datasets/rte?split=validation&labels=entailment,not_entailment", body).status == 201)
        let download = try hub.request("GET", "/datasets/rte/validation")
        let etag = try #require(download.header("ETag"))
        #expect(etag == "\"\(SHA256.hex(body))\"")
        #expect(download.header("Content-Disposition")?.contains("rte_validation.jsonl") == true)
        let cached = try hub.request("GET", "/datasets/rte/validation", headers: [("If-None-Match", etag)])
        #expect(cached.status == 304 && cached.body.isEmpty)
        #expect(cached.header("ETag") == etag)
        #expect(try hub.request("GET", "/datasets/rte/validation", headers: [("If-None-Match", "\"other\"")]).body == body)
        #expect(try hub.request("HEAD", "/datasets/rte/validation").status == 200)
        #expect(try hub.request("GET", "/datasets/rte/train").status == 404)
        #expect(try hub.request("GET", "/datasets/rte/dev").status == 404)
        #expect(try hub.request("GET", "/datasets/none/test").status == 404)
    }

    @Test func datasetFilesSurviveARestartAndItsOrphanSweep() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let body = try Self.file("stsb", "validation")
        #expect(try upload(hub, "/datasets/stsb?split=validation", body).status == 201)
        try hub.restart()
        #expect(hub.store.openReport.removedOrphanBlobs.isEmpty)
        #expect(hub.store.openReport.missingBlobs.isEmpty)
        #expect(try hub.request("GET", "/datasets/stsb/validation").body == body)
        #expect(try hub.request("GET", "/datasets/stsb").object["kind"] as? String == "regression")
    }

    @Test func concurrentUploadsOfOneSplitHaveExactlyOneWinner() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let statuses = Mutex([Int]())
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let body = Array("{\"text\": \"t\(i)\", \"label\": \"x\"}\n".utf8)
            let status = (try? upload(hub, "/datasets/race?split=train", body).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 }.sorted() == [201, 409, 409, 409, 409, 409, 409, 409])
        #expect(try blobFiles(hub).count == 1)
    }

    /// Two first uploads of a task that order its labels differently: whichever commits first
    /// defines the task; the other is checked again against that and succeeds or conflicts.
    @Test func concurrentFirstUploadsAgreeOnTheLabels() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let train = Array("{\"text\": \"a\", \"label\": \"positive\"}\n{\"text\": \"b\", \"label\": \"negative\"}\n".utf8)
        let validation = Array("{\"text\": \"c\", \"label\": \"negative\"}\n".utf8)
        for round in 0..<10 {
            let task = "race\(round)"
            let statuses = Mutex([String: Int]())
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let (split, body, query) = i == 0 ? ("train", train, "") : ("validation", validation, "&labels=negative,positive")
                let status = (try? upload(hub, "/datasets/\(task)?split=\(split)\(query)", body).status) ?? -1
                statuses.withLock { $0[split] = status }
            }
            let outcome = statuses.withLock { $0 }
            let labels = try hub.request("GET", "/datasets/\(task)").object["labels"] as? [String]
            #expect(outcome["train"] == 201, "\(outcome)")
            if outcome["validation"] == 201 {
                #expect(labels == ["negative", "positive"], "\(outcome)")
            } else {
                #expect(outcome["validation"] == 409 && labels == ["positive", "negative"], "\(outcome)")
            }
        }
    }

    /// The blob files in the data directory, by name.
    func blobFiles(_ hub: HubFixture) throws -> [String] {
        let root = hub.directory.file("data/blobs")
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.split(separator: "/").count == 3 }
            .map { String($0.split(separator: "/")[2]) }
            .sorted()
    }
}
