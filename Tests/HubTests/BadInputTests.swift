import Foundation
import Testing
import Tensor
import TestSupport

/// Hostile and careless input: clear 4xx answers, and nothing already stored is lost.
@Suite struct BadInputTests {
    @Test func malformedTensorsAre400AndStoreNothing() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let good = Safetensors.encode(["tau": randomTensor(2, 3, seed: 1)])
        try hub.upload(task: "keep", seed: 1, tensors: ["tau": randomTensor(2, 3, seed: 1)])
        var headerTooLong = good
        headerTooLong[0] = 0xFF; headerTooLong[1] = 0xFF
        var nanTensor = randomTensor(2, 3, seed: 2)
        nanTensor.scalars[3] = .nan
        let bodies: [(String, [UInt8])] = [
            ("truncated safetensors", Array(good.prefix(good.count - 5))),
            ("header length past the end", headerTooLong),
            ("random bytes", (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) }),
            ("NaN", Safetensors.encode(["tau": nanTensor])),
            ("rank 1", Safetensors.encode(["tau": Tensor(shape: [6], scalars: [1, 2, 3, 4, 5, 6])])),
            ("rank 3", Safetensors.encode(["tau": Tensor(zeros: [1, 2, 3])])),
            ("truncated npy", Array(Npy.encode(randomTensor(2, 3, seed: 3)).dropLast(4))),
            ("bad json", Array(#"{"shape":[2,2],"data":[1,2,3]}"#.utf8)),
            ("unknown keys", Safetensors.encode(["a": randomTensor(2, 3, seed: 4), "b": randomTensor(2, 3, seed: 5)])),
            ("tuned without init", Safetensors.encode(["tuned": randomTensor(2, 3, seed: 4)])),
            ("tuned and init of different shapes", Safetensors.encode(["tuned": randomTensor(2, 3, seed: 4), "init": randomTensor(3, 3, seed: 4)])),
            ("empty", []),
        ]
        for (what, body) in bodies {
            let response = try hub.request("POST", "/vectors?model=t5-base&task=bad&seed=1", token: hub.alice, body: body)
            #expect((400...415).contains(response.status), "\(what): \(response.status) \(response.text)")
            #expect(response.header("Content-Type") == "application/problem+json", "\(what)")
            #expect((response.object["detail"] as? String)?.isEmpty == false, "\(what)")
        }
        #expect(try hub.request("GET", "/vectors").object["total"] as? Int == 1)
        #expect(try hub.request("GET", "/vectors?task=keep").object["total"] as? Int == 1)
    }

    @Test func widthMustMatchTheModel() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        try hub.upload(task: "a", seed: 1, tensors: ["tau": randomTensor(2, 8, seed: 1)])
        #expect(try hub.upload(task: "b", seed: 1, tensors: ["tau": randomTensor(2, 4, seed: 1)]).status == 409)
    }

    @Test func metricsMustBeAJSONObjectWithUniqueKeys() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let tau = ["tau": randomTensor(1, 2, seed: 1)]
        // {"a":1,"a":2}: the detail says why, not only that the text was refused.
        let duplicate = try hub.upload(task: "m", seed: 1, tensors: tau, extraQuery: "&metrics=%7B%22a%22%3A1%2C%22a%22%3A2%7D")
        #expect(duplicate.status == 400, "\(duplicate.text)")
        #expect((duplicate.object["detail"] as? String)?.contains("the key \"a\" twice") == true, "\(duplicate.text)")
        // [1]: valid JSON, but not an object.
        let array = try hub.upload(task: "m", seed: 1, tensors: tau, extraQuery: "&metrics=%5B1%5D")
        #expect(array.status == 400, "\(array.text)")
        #expect(try hub.request("GET", "/vectors").object["total"] as? Int == 0)
    }

    @Test(arguments: [
        "model=..%2F..%2Fetc&task=x&seed=1",
        "model=%2e%2e&task=x&seed=1",
        "model=m&task=..%2Fpasswd&seed=1",
        "model=m&task=a%00b&seed=1",
        "model=m&task=%27%3B%20DROP%20TABLE%20vectors%3B--&seed=1",
        "model=m&task=a%20b&seed=1",
        "model=%2Fabs&task=a&seed=1",
        "model=m&task=a&seed=-1",
        "model=m&task=a&seed=1e3",
        "model=m&task=a&seed=99999999999",
        "model=m&task=a",
        "task=a&seed=1",
        "model=m&task=a&seed=1&bogus=1",
    ])
    func rejectsBadKeys(_ query: String) throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let response = try hub.request("POST", "/vectors?\(query)", token: hub.alice, body: Safetensors.encode(["tau": randomTensor(1, 2, seed: 1)]))
        #expect(response.status == 400, "\(query): \(response.text)")
        #expect(try hub.request("GET", "/vectors").object["total"] as? Int == 0)
        // The data folder holds only what the store put there.
        let entries = try FileManager.default.contentsOfDirectory(atPath: hub.directory.file("data")).sorted()
        #expect(entries.allSatisfy { ["blobs", "tmp", "hub.sqlite", "hub.sqlite-wal", "hub.sqlite-shm", ".lock", "hub.lock"].contains($0) || $0.hasPrefix("hub.") }, "\(entries)")
    }

    @Test func sqlMetacharactersInFreeTextRoundTrip() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let text = "'; DROP TABLE vectors; -- \" \\ ✓"
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let created = try hub.upload(task: "a", seed: 1, tensors: ["tau": randomTensor(1, 2, seed: 1)], extraQuery: "&description=\(encoded)")
        #expect(created.status == 201)
        #expect(try hub.request("GET", "/vectors/\(created.object["id"] as! Int)").object["description"] as? String == text)
        #expect(try hub.request("GET", "/vectors").object["total"] as? Int == 1)
    }

    @Test func pathTraversalInTheURLFindsNothing() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        for target in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/vectors/..%2F..%2Fhub.sqlite", "/vectors/1%00/data", "/index.html/../../Package.swift"] {
            let response = try hub.request("GET", target)
            #expect(response.status == 404 || response.status == 400, "\(target): \(response.status)")
        }
    }

    @Test func concurrentUploadsToOneKeyHaveExactlyOneWinner() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let statuses = Mutex([Int]())
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let status = (try? hub.upload(task: "race", seed: 1, tensors: ["tau": randomTensor(4, 4, seed: UInt64(i))]).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        let all = statuses.withLock { $0 }.sorted()
        #expect(all == [201, 409, 409, 409, 409, 409, 409, 409])
        #expect(try hub.request("GET", "/vectors?task=race").object["total"] as? Int == 1)
    }
}

import Synchronization
