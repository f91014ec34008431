import Foundation
import Tensor

/// Adam (Kingma & Ba) with optional decoupled weight decay (AdamW), as PyTorch's
/// `torch.optim.Adam` / `AdamW` with default betas: the soft prompt's optimiser.
public struct AdamOptimizer: Sendable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// AdamW's decay: parameters shrink by learningRate * weightDecay each step; 0 is plain Adam.
    public var weightDecay: Float
    public private(set) var step = 0
    private var firstMoment: [Float] = []
    private var secondMoment: [Float] = []

    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// One update of `parameters` (e.g. the [P, H] prompt) by `gradient` of the same shape.
    public mutating func update(_ parameters: inout Tensor, gradient: Tensor) {
        precondition(parameters.shape == gradient.shape,
                     "gradient shape \(gradient.shape) differs from parameter shape \(parameters.shape)")
        if firstMoment.count != parameters.count {
            precondition(step == 0, "the optimiser state belongs to parameters of another size")
            firstMoment = [Float](repeating: 0, count: parameters.count)
            secondMoment = firstMoment
        }
        step += 1
        let correction1 = 1 - Float(Foundation.pow(Double(beta1), Double(step)))
        let correction2Root = Float(Foundation.pow(1 - Foundation.pow(Double(beta2), Double(step)), 0.5))
        let stepSize = learningRate / correction1
        let decay = 1 - learningRate * weightDecay
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        parameters.scalars.withUnsafeMutableBufferPointer { p in
            gradient.scalars.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<p.count {
                            m[i] = b1 * m[i] + (1 - b1) * g[i]
                            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                            let denominator = v[i].squareRoot() / correction2Root + eps
                            p[i] = p[i] * decay - stepSize * m[i] / denominator
                        }
                    }
                }
            }
        }
    }
}
