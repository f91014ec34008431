import Tensor

/// The arithmetic of task prompt vectors, as the paper writes it:
/// `tau = theta_tuned - theta_init` and `theta = theta_init + lambda * sum_i w_i tau_i`.
public enum PromptArithmetic {
    public struct ShapeMismatch: Error, CustomStringConvertible {
        public let description: String
    }

    /// tau = tuned - init.
    public static func taskVector(tuned: Tensor, initial: Tensor) throws -> Tensor {
        try requireSameShape([("tuned", tuned), ("init", initial)])
        var out = tuned
        out.scalars.withUnsafeMutableBufferPointer { o in
            initial.scalars.withUnsafeBufferPointer { i in
                for k in 0..<o.count { o[k] -= i[k] }
            }
        }
        return out
    }

    /// `init + lambda * sum(w_i * tau_i)`; with no init, the combined vector `lambda * sum(w_i * tau_i)`.
    public static func compose(initial: Tensor?, lambda: Float, vectors: [(name: String, weight: Float, tau: Tensor)]) throws -> Tensor {
        precondition(!vectors.isEmpty, "compose needs at least one vector")
        var named = vectors.map { ($0.name, $0.tau) }
        if let initial { named.append(("init", initial)) }
        try requireSameShape(named)
        var out = initial ?? Tensor(zeros: vectors[0].tau.shape)
        out.scalars.withUnsafeMutableBufferPointer { o in
            for vector in vectors {
                let scale = lambda * vector.weight
                vector.tau.scalars.withUnsafeBufferPointer { t in
                    BLAS.saxpy(count: o.count, alpha: scale, x: t.baseAddress!, y: o.baseAddress!)
                }
            }
        }
        return out
    }

    static func requireSameShape(_ tensors: [(String, Tensor)]) throws {
        guard let first = tensors.first else { return }
        for (name, tensor) in tensors.dropFirst() where tensor.shape != first.1.shape {
            throw ShapeMismatch(description:
                "Shapes differ: \(first.0) is \(first.1.shape) but \(name) is \(tensor.shape); vectors combine only with the same number of tokens and width.")
        }
    }
}
