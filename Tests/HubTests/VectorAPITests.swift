import Foundation
import Testing
import Tensor
import TestSupport

@Suite struct VectorAPITests {
    @Test func uploadsListsAndDownloadsInEveryFormat() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let tau = randomTensor(4, 8, seed: 1)
        let created = try hub.upload(task: "mnli", seed: 1, tensors: ["tau": tau], extraQuery: "&description=first%20try&metrics=%7B%22accuracy%22%3A0.9%7D")
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.object["id"] as? Int)
        #expect(created.header("Location") == "/vectors/\(id)")
        #expect(created.object["shape"] as? [Int] == [4, 8])
        #expect(created.object["owner"] as? String == "alice")
        #expect(created.object["description"] as? String == "first try")
        #expect((created.object["metrics"] as? [String: Any])?["accuracy"] as? Double == 0.9)

        let shown = try hub.request("GET", "/vectors/\(id)")
        #expect(shown.object["sha256"] as? String == created.object["sha256"] as? String)
        let listed = try hub.request("GET", "/vectors?model=t5-base&task=mnli")
        #expect(listed.object["total"] as? Int == 1)

        let safetensors = try hub.request("GET", "/vectors/\(id)/data")
        #expect(safetensors.header("Content-Type") == TensorFormat.safetensors.mediaType)
        #expect(try Safetensors.decode(safetensors.body).tensors["tau"] == tau)
        let npy = try hub.request("GET", "/vectors/\(id)/data?format=npy")
        #expect(try Npy.decode(npy.body) == tau)
        let json = try hub.request("GET", "/vectors/\(id)/data", headers: [("Accept", "application/json")])
        #expect(try TensorJSON.decode(json.body) == tau)
        #expect(Set([safetensors.header("ETag"), npy.header("ETag"), json.header("ETag")]).count == 3)

        let etag = try #require(safetensors.header("ETag"))
        #expect(etag == "\"\(created.object["sha256"] as! String)\"")
        let cached = try hub.request("GET", "/vectors/\(id)/data", headers: [("If-None-Match", etag)])
        #expect(cached.status == 304)
        #expect(cached.body.isEmpty)
        #expect(try hub.request("HEAD", "/vectors/\(id)/data").status == 200)
        #expect(try hub.request("GET", "/vectors/\(id)/data", headers: [("Accept", "image/png")]).status == 406)
    }

    @Test func uploadsInNpyAndJSONBySniffingAndContentType() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let tau = randomTensor(2, 3, seed: 2)
        let npy = try hub.request("POST", "/vectors?model=m&task=a&seed=1", token: hub.alice, body: Npy.encode(tau))
        #expect(npy.status == 201)
        let json = try hub.request("POST", "/vectors?model=m&task=b&seed=1", token: hub.alice,
                                   headers: [("Content-Type", "application/json")], body: TensorJSON.encode(tau))
        #expect(json.status == 201)
        for id in [npy.object["id"] as! Int, json.object["id"] as! Int] {
            #expect(try Npy.decode(hub.request("GET", "/vectors/\(id)/data?format=npy").body) == tau)
        }
        // Identical content is stored once.
        #expect(npy.object["sha256"] as? String == json.object["sha256"] as? String)
    }

    @Test func tunedPromptWithInitBecomesTauAndStoresTheInit() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let initial = randomTensor(3, 4, seed: 10)
        let tuned = randomTensor(3, 4, seed: 11)
        for (task, key) in [("sst2", "tuned"), ("qnli", "prompt_embeddings")] {
            let created = try hub.upload(task: task, seed: 7, tensors: ["init": initial, key: tuned])
            #expect(created.status == 201, "\(created.text)")
            let id = created.object["id"] as! Int
            let tau = try Safetensors.decode(hub.request("GET", "/vectors/\(id)/data").body).tensors["tau"]!
            let expected = try numpy("out = tuned - init", inputs: ["tuned": tuned, "init": initial])
            #expect(maxAbsDifference(tau, expected) < 1e-6)
            let back = try Safetensors.decode(hub.request("GET", "/vectors/\(id)/data?part=tuned").body).tensors["prompt_embeddings"]!
            #expect(back == tuned)
            #expect(try Npy.decode(hub.request("GET", "/vectors/\(id)/data?part=init&format=npy").body) == initial)
        }
        let inits = try hub.request("GET", "/inits?model=t5-base")
        #expect(inits.object["total"] as? Int == 1)
        // A different init for the same (model, seed) conflicts.
        let conflicting = try hub.upload(task: "rte", seed: 7, tensors: ["init": randomTensor(3, 4, seed: 12), "tuned": tuned])
        #expect(conflicting.status == 409)
        #expect(try hub.request("GET", "/vectors?task=rte").object["total"] as? Int == 0)
    }

    @Test func secondUploadConflictsAndOnlyTheOwnerReplacesOrDeletes() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let first = try hub.upload(task: "mnli", seed: 1, tensors: ["tau": randomTensor(2, 2, seed: 1)])
        let id = first.object["id"] as! Int
        let again = try hub.upload(task: "mnli", seed: 1, tensors: ["tau": randomTensor(2, 2, seed: 2)])
        #expect(again.status == 409)
        #expect(again.object["existing_id"] as? Int == id)
        #expect(again.header("Content-Type") == "application/problem+json")

        let replacement = randomTensor(2, 2, seed: 3)
        let byBob = try hub.request("PUT", "/vectors?model=t5-base&task=mnli&seed=1", token: hub.bob, body: Safetensors.encode(["tau": replacement]))
        #expect(byBob.status == 403)
        let byAlice = try hub.request("PUT", "/vectors/\(id)", token: hub.alice, body: Safetensors.encode(["tau": replacement]))
        #expect(byAlice.status == 200)
        #expect(try Npy.decode(hub.request("GET", "/vectors/\(id)/data?format=npy").body) == replacement)
        // A new key is named whole: part of one (here an invalid task) was once silently ignored.
        let partKey = try hub.request("PUT", "/vectors/\(id)?task=../x", token: hub.alice, body: Safetensors.encode(["tau": replacement]))
        #expect(partKey.status == 400, "\(partKey.text)")
        #expect(try hub.request("PUT", "/vectors/\(id)?task=qnli", token: hub.alice, body: Safetensors.encode(["tau": replacement])).status == 400)
        let moved = try hub.request("PUT", "/vectors/\(id)?model=t5-base&task=qnli&seed=1", token: hub.alice,
                                    body: Safetensors.encode(["tau": replacement]))
        #expect(moved.object["task"] as? String == "qnli", "\(moved.text)")

        #expect(try hub.request("DELETE", "/vectors/\(id)", token: hub.bob).status == 403)
        #expect(try hub.request("DELETE", "/vectors/\(id)", token: hub.alice).status == 204)
        #expect(try hub.request("GET", "/vectors/\(id)").status == 404)
        // PUT on a free key creates.
        #expect(try hub.request("PUT", "/vectors?model=t5-base&task=mnli&seed=1", token: hub.bob, body: Safetensors.encode(["tau": replacement])).status == 201)
    }

    @Test func writesNeedAValidBearerToken() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let body = Safetensors.encode(["tau": randomTensor(1, 2, seed: 1)])
        let missing = try hub.request("POST", "/vectors?model=m&task=t&seed=1", body: body)
        #expect(missing.status == 401)
        #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try hub.request("POST", "/vectors?model=m&task=t&seed=1", token: "tpv_nope", body: body).status == 401)
        #expect(try hub.request("POST", "/vectors?model=m&task=t&seed=1", headers: [("Authorization", "Basic abc")], body: body).status == 401)
        #expect(try hub.request("GET", "/vectors").status == 200)  // reading is public
    }

    @Test func listingPaginatesAndFilters() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        for (i, task) in ["a", "b", "c", "d", "e"].enumerated() {
            for seed in 1...2 { try hub.upload(task: task, seed: seed, tensors: ["tau": randomTensor(2, 2, seed: UInt64(i * 10 + seed))]) }
        }
        let page = try hub.request("GET", "/vectors?limit=3&offset=2")
        #expect(page.object["total"] as? Int == 10)
        let items = page.object["items"] as! [[String: Any]]
        #expect(items.map { "\($0["task"]!)\($0["seed"]!)" } == ["b1", "b2", "c1"])
        #expect(try hub.request("GET", "/vectors?seed=2").object["total"] as? Int == 5)
        #expect(try hub.request("GET", "/vectors?limit=5000").status == 400)
        #expect(try hub.request("GET", "/vectors?lmit=5").status == 400)
        let tasks = try hub.request("GET", "/tasks?model=t5-base").object["items"] as! [[String: Any]]
        #expect(tasks.count == 5)
        #expect(tasks[0]["seeds"] as? [Int] == [1, 2])
        let models = try hub.request("GET", "/models").object["items"] as! [[String: Any]]
        #expect(models.first?["model"] as? String == "t5-base")
        #expect(models.first?["token_dim"] as? Int == 2)
    }
}
