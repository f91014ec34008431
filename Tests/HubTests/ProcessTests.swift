import Foundation
import Synchronization
import Testing
import Tensor
import TestSupport

/// The `tpv` binary as users and scripts run it, including being killed mid-upload.
@Suite(.serialized) struct ProcessTests {
    func createToken(_ data: String, name: String = "alice") throws -> String {
        let result = try runProcess(HubProcess.executable, ["token", "create", "--name", name, "--data", data,
                                                            "--migrations", repositoryRoot + "/Migrations"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.output.trimmingCharacters(in: .newlines)
    }

    @Test func tokenCreatePrintsTheTokenAloneAndServeAnnouncesItself() throws {
        let directory = TemporaryDirectory()
        let token = try createToken(directory.file("data"))
        #expect(token.hasPrefix("tpv_"))
        #expect(!token.contains("\n") && !token.contains(" "))
        let hub = try HubProcess(dataDirectory: directory.file("data"))
        let client = try RawHTTPClient(port: hub.port)
        #expect(try client.request("GET", "/health").status == 200)
        let upload = try client.request("POST", "/vectors?model=m&task=t&seed=1", headers: [("Authorization", "Bearer \(token)")],
                                        body: Safetensors.encode(["tau": randomTensor(2, 2, seed: 1)]))
        #expect(upload.status == 201)
        // A token can be created while the hub runs.
        let second = try createToken(directory.file("data"), name: "bob")
        #expect(try RawHTTPClient(port: hub.port).request("POST", "/vectors?model=m&task=t&seed=2",
                headers: [("Authorization", "Bearer \(second)")], body: Safetensors.encode(["tau": randomTensor(2, 2, seed: 1)])).status == 201)
        let (status, stderr) = hub.terminate()
        #expect(status == 0, "\(stderr)")
        #expect(stderr.contains("stopped"))
    }

    @Test func acknowledgedUploadsSurviveKillNine() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        let token = try createToken(data)
        let acknowledged = Mutex<[(id: Int, tensor: Tensor)]>([])
        for round in 0..<3 {
            let hub = try HubProcess(dataDirectory: data)
            let stop = Atomic<Bool>(false)
            let group = DispatchGroup()
            for worker in 0..<4 {
                group.enter()
                DispatchQueue.global().async {
                    defer { group.leave() }
                    var n = 0
                    while !stop.load(ordering: .relaxed) {
                        n += 1
                        let tensor = randomTensor(100, 768, seed: UInt64(round * 1_000_000 + worker * 10_000 + n))
                        guard let client = try? RawHTTPClient(port: hub.port, timeout: 5),
                              let response = try? client.request("POST", "/vectors?model=m&task=w\(worker)&seed=\(round * 100_000 + n)",
                                                                 headers: [("Authorization", "Bearer \(token)")],
                                                                 body: Safetensors.encode(["tau": tensor])) else { continue }
                        if response.status == 201, let id = response.object["id"] as? Int {
                            acknowledged.withLock { $0.append((id, tensor)) }
                        }
                    }
                }
            }
            Thread.sleep(forTimeInterval: 1.5)
            hub.kill9()
            stop.store(true, ordering: .relaxed)
            group.wait()
        }
        let hub = try HubProcess(dataDirectory: data)
        let client = try RawHTTPClient(port: hub.port)
        let saved = acknowledged.withLock { $0 }
        #expect(saved.count > 10)
        for (id, tensor) in saved {
            let response = try client.request("GET", "/vectors/\(id)/data?format=npy")
            #expect(response.status == 200, "vector \(id) lost")
            if response.status == 200 { #expect(try Npy.decode(response.body) == tensor, "vector \(id) changed") }
        }
        // No row without its tensor: every listed vector downloads.
        var offset = 0
        while true {
            let page = try client.request("GET", "/vectors?limit=1000&offset=\(offset)")
            let items = page.object["items"] as? [[String: Any]] ?? []
            if items.isEmpty { break }
            for item in items {
                #expect(try client.request("GET", "/vectors/\(item["id"] as! Int)/data").status == 200)
            }
            offset += items.count
        }
        #expect(offset >= saved.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: data + "/tmp").isEmpty)
        _ = hub.terminate()
    }
}
