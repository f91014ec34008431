import Tensor
import Testing
@testable import Model

@Suite("Adam and AdamW for the soft prompt")
struct AdamOptimizerTests {
    // Reference values from torch 2.15 (CPU):
    //   p = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    //   opt = torch.optim.Adam([p], lr=0.1)            # AdamW: torch.optim.AdamW(..., weight_decay=0.01)
    //   for t in (1, 2, 3): p.grad = torch.tensor([0.1, -0.2, 0.3]) * t; opt.step()
    static let gradients: [[Float]] = [[0.1, -0.2, 0.3], [0.2, -0.4, 0.6], [0.3, -0.6, 0.9]]

    func run(_ optimizer: AdamOptimizer) -> [Float] {
        var optimizer = optimizer
        var p = Tensor(shape: [3], scalars: [0.5, -1.0, 2.0])
        for g in Self.gradients {
            optimizer.update(&p, gradient: Tensor(shape: [3], scalars: g))
        }
        #expect(optimizer.step == 3)
        return p.scalars
    }

    @Test("Adam matches PyTorch")
    func adam() {
        let p = run(AdamOptimizer(learningRate: 0.1))
        let expected: [Float] = [0.20768171548843384, -0.7076816558837891, 1.707681655883789]
        for (a, b) in zip(p, expected) { #expect(abs(a - b) <= 1e-6, "\(p) vs \(expected)") }
    }

    @Test("AdamW (decoupled weight decay) matches PyTorch")
    func adamW() {
        let p = run(AdamOptimizer(learningRate: 0.1, weightDecay: 0.01))
        let expected: [Float] = [0.20647963881492615, -0.7049811482429504, 1.701984167098999]
        for (a, b) in zip(p, expected) { #expect(abs(a - b) <= 1e-6, "\(p) vs \(expected)") }
    }
}
