import HTTP
import Store
import Tensor

/// Tensors of stored rows, read back from the blob store.
struct StoredTensors {
    let store: HubStore
    let cache: TensorCache

    func tensor(sha256: String, shape: [Int]) throws -> Tensor {
        let tensor = try cache.tensor(sha256: sha256) {
            let bytes = try storeCall { try store.blobs.read(sha256) }
            do {
                return try RawFloat32.decode(bytes, shape: shape)
            } catch {
                throw HTTPError(.internalServerError, "Blob \(sha256) does not hold a \(shape) float32 tensor; the data directory was changed outside the hub.")
            }
        }
        // The same bytes may be stored for another shape with equal element count.
        return tensor.shape == shape ? tensor : tensor.reshaped(shape)
    }

    func tau(of vector: VectorRecord) throws -> Tensor {
        try tensor(sha256: vector.sha256, shape: vector.shape)
    }

    func initial(_ record: InitRecord) throws -> Tensor {
        try tensor(sha256: record.sha256, shape: record.shape)
    }

    /// The init a vector was uploaded with, else the one stored for its (model, seed).
    func initRecord(of vector: VectorRecord) throws -> InitRecord? {
        if let id = vector.initID, let record = try storeCall({ try store.inits.get(id: id) }) { return record }
        return try storeCall { try store.inits.get(model: vector.model, seed: vector.seed) }
    }

    /// theta_tuned: stored when it was uploaded, otherwise init + tau.
    func tuned(of vector: VectorRecord) throws -> (tensor: Tensor, tag: String) {
        if let sha = vector.tunedSHA256 {
            return (try tensor(sha256: sha, shape: vector.shape), sha)
        }
        guard let initRecord = try initRecord(of: vector) else {
            throw HTTPError(.notFound, "Vector \(vector.id) has no tuned prompt and no init for model '\(vector.model)', seed \(vector.seed); upload the init with POST /inits?model=\(vector.model)&seed=\(vector.seed).")
        }
        var tuned = try initial(initRecord)
        let tau = try self.tau(of: vector)
        guard tuned.shape == tau.shape else {
            throw HTTPError(.conflict, "The init for model '\(vector.model)', seed \(vector.seed) has shape \(tuned.shape) but vector \(vector.id) has \(tau.shape).")
        }
        tuned.scalars.withUnsafeMutableBufferPointer { t in
            tau.scalars.withUnsafeBufferPointer { d in for i in 0..<t.count { t[i] += d[i] } }
        }
        return (tuned, "\(vector.sha256.prefix(32))\(initRecord.sha256.prefix(32))")
    }
}
