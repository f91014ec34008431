import Foundation
import HTTP
import Hub
import Store
import Tensor
import TestSupport

/// A hub on a real SQLite file and real blob folder in a temporary directory, served on a
/// free loopback port, with a token for "alice" and one for "bob".
final class HubFixture {
    let directory = TemporaryDirectory(prefix: "tpv-hub")
    private(set) var store: HubStore
    private(set) var hub: Hub
    private(set) var server: RunningServer
    let alice: String
    let bob: String

    init() throws {
        store = try HubStore.open(dataDirectory: directory.file("data"), migrationsDirectory: repositoryRoot + "/Migrations")
        alice = try store.tokens.create(name: "alice")
        bob = try store.tokens.create(name: "bob")
        (hub, server) = try Self.serve(store)
    }

    private static func serve(_ store: HubStore) throws -> (Hub, RunningServer) {
        let hub = try Hub(store: store, publicDirectory: repositoryRoot + "/Public")
        return (hub, try RunningServer(hub.router))
    }

    /// What a restart of the hub does: stop serving, close the store, open it again on the same
    /// data directory (migrations, temporary files, orphan sweep) and serve it on a new port.
    func restart() throws {
        server.server.shutdown()
        store.close()
        store = try HubStore.open(dataDirectory: directory.file("data"), migrationsDirectory: repositoryRoot + "/Migrations")
        (hub, server) = try Self.serve(store)
    }

    deinit {
        server.server.shutdown()
        store.close()
    }

    func client() throws -> RawHTTPClient { try server.client() }

    /// One request on a fresh connection.
    func request(_ method: String, _ target: String, token: String? = nil, headers: [(String, String)] = [],
                 body: [UInt8] = []) throws -> RawHTTPClient.Response {
        var all = headers
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        return try client().request(method, target, headers: all, body: body)
    }

    @discardableResult
    func upload(model: String = "t5-base", task: String, seed: Int, tensors: [String: Tensor], token: String? = nil,
                extraQuery: String = "") throws -> RawHTTPClient.Response {
        try request("POST", "/vectors?model=\(model)&task=\(task)&seed=\(seed)\(extraQuery)", token: token ?? alice,
                    body: Safetensors.encode(tensors))
    }

    @discardableResult
    func uploadInit(model: String = "t5-base", seed: Int, tensor: Tensor) throws -> RawHTTPClient.Response {
        try request("POST", "/inits?model=\(model)&seed=\(seed)", token: alice, body: Npy.encode(tensor))
    }
}

/// Deterministic pseudo-random tensors, so failures reproduce.
func randomTensor(_ rows: Int, _ cols: Int, seed: UInt64) -> Tensor {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    let scalars = (0..<(rows * cols)).map { _ -> Float in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 1_000_000
    }
    return Tensor(shape: [rows, cols], scalars: scalars)
}

extension RawHTTPClient.Response {
    var object: [String: Any] { (json as? [String: Any]) ?? [:] }
}

/// Runs a NumPy snippet over .npy inputs and returns the .npy it saves as `out`: an
/// independent computation to check the hub's arithmetic against.
func numpy(_ script: String, inputs: [String: Tensor]) throws -> Tensor {
    let directory = TemporaryDirectory(prefix: "tpv-numpy")
    var loads = "import numpy as np, sys\n"
    for (name, tensor) in inputs {
        FileManager.default.createFile(atPath: directory.file("\(name).npy"), contents: Data(Npy.encode(tensor)))
        loads += "\(name) = np.load('\(directory.file("\(name).npy"))').astype(np.float64)\n"
    }
    let program = loads + script + "\nnp.save('\(directory.file("out.npy"))', np.asarray(out, dtype=np.float64))\n"
    let result = try runProcess("python3", ["-c", program])
    guard result.status == 0 else { throw RawHTTPClient.ClientError(description: "numpy failed: \(result.stderr)") }
    return try Npy.decode(contentsOfFile: directory.file("out.npy"))
}

func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.count == b.count)
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}
