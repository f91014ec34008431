/// A dense float32 tensor in row-major (C) order.
///
/// Every format the hub reads (safetensors, npy, JSON) converts to this one
/// representation; float32 is what the models and the prompt arithmetic use.
public struct Tensor: Equatable, Sendable {
    public private(set) var shape: [Int]
    public var scalars: [Float]

    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(Tensor.count(of: shape) == scalars.count,
                     "shape \(shape) needs \(Tensor.count(of: shape)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    public init(zeros shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: 0, count: Tensor.count(of: shape)))
    }

    /// Number of scalars a tensor of `shape` holds (1 for a scalar, shape []).
    public static func count(of shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    public var count: Int { scalars.count }
    public var rank: Int { shape.count }

    /// Rows and columns when the tensor is viewed as a matrix: a P x d prompt is
    /// rank 2; a rank-1 vector is one row; higher ranks fold leading axes into rows.
    public var matrixShape: (rows: Int, cols: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (1, shape[0])
        default:
            let cols = shape[shape.count - 1]
            return (cols == 0 ? 0 : count / cols, cols)
        }
    }

    /// The same scalars under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    public var allFinite: Bool {
        scalars.withUnsafeBufferPointer { buffer in
            for x in buffer where !x.isFinite { return false }
            return true
        }
    }
}
