import Foundation
import Testing
@testable import Model

@Suite("Vectorised exp and normal CDF")
struct VectorMathTests {
    /// Evenly spaced points over [low, high], one vector at a time.
    func sweep(_ low: Double, _ high: Double, count: Int = 80_000, _ check: (FloatVector, FloatVector) -> Void) {
        var i = 0
        while i < count {
            var x = FloatVector()
            for lane in 0..<VectorMath.lanes { x[lane] = Float(low + (high - low) * Double(i + lane) / Double(count - 1)) }
            check(x, x)
            i += VectorMath.lanes
        }
    }

    @Test("exp is within 3e-7 relative of the C library over [-87, 88]")
    func exp() {
        var worst = 0.0
        sweep(-87, 88) { x, _ in
            let y = VectorMath.exp(x)
            for lane in 0..<VectorMath.lanes {
                let exact = Foundation.exp(Double(x[lane]))
                worst = max(worst, abs(Double(y[lane]) - exact) / exact)
            }
        }
        #expect(worst <= 3e-7, "max relative error \(worst)")
        #expect(VectorMath.exp(FloatVector(repeating: 0)) == FloatVector(repeating: 1))
        #expect(VectorMath.exp(FloatVector(repeating: -.infinity))[0] < 1e-37)
    }

    @Test("Phi(x) within 3e-7 of erfc in absolute terms, phi(x) within 2e-5 relative (exp of a rounded x^2)")
    func normalCDFAndPDF() {
        var worstCDF = 0.0, worstPDF = 0.0
        sweep(-12, 12) { x, _ in
            let (cdf, pdf) = VectorMath.normalCDFAndPDF(x)
            for lane in 0..<VectorMath.lanes {
                let v = Double(x[lane])
                worstCDF = max(worstCDF, abs(Double(cdf[lane]) - 0.5 * Foundation.erfc(-v / 2.0.squareRoot())))
                let density = Foundation.exp(-v * v / 2) / (2 * Double.pi).squareRoot()
                if density > 1e-30 { worstPDF = max(worstPDF, abs(Double(pdf[lane]) - density) / density) }
            }
        }
        #expect(worstCDF <= 3e-7, "max abs error of Phi \(worstCDF)")
        #expect(worstPDF <= 2e-5, "max relative error of phi \(worstPDF)")
    }
}
