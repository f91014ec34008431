import Synchronization
import Tensor

/// Recently used stored tensors, decoded, by blob digest.
///
/// Blobs are content-addressed and never change, so a cached tensor can never be stale: the
/// cache needs no invalidation, only a size bound (least recently used goes first).
final class TensorCache: Sendable {
    private struct Entry {
        let tensor: Tensor
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())
    let capacityBytes: Int

    init(capacityBytes: Int) { self.capacityBytes = capacityBytes }

    func tensor(sha256: String, load: () throws -> Tensor) rethrows -> Tensor {
        let cached: Tensor? = state.withLock { state in
            state.clock &+= 1
            guard var entry = state.entries[sha256] else { return nil }
            entry.lastUse = state.clock
            state.entries[sha256] = entry
            return entry.tensor
        }
        if let cached { return cached }
        let tensor = try load()
        let size = tensor.count * 4
        guard size <= capacityBytes / 4 else { return tensor }  // one huge tensor must not flush everything
        state.withLock { state in
            guard state.entries[sha256] == nil else { return }
            while state.bytes + size > capacityBytes,
                  let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.bytes -= oldest.value.tensor.count * 4
                state.entries[oldest.key] = nil
            }
            state.clock &+= 1
            state.entries[sha256] = Entry(tensor: tensor, lastUse: state.clock)
            state.bytes += size
        }
        return tensor
    }
}
