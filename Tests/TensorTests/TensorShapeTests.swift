import Testing
@testable import Tensor

@Suite struct TensorShapeTests {
    @Test func matrixShapeFoldsLeadingAxes() {
        #expect(Tensor(zeros: [2, 3, 4]).matrixShape == (6, 4))
        #expect(Tensor(zeros: [5]).matrixShape == (1, 5))
        #expect(Tensor(zeros: []).matrixShape == (1, 1))
    }

    @Test func sgemmMultipliesRowMajor() {
        // [1 2; 3 4] x [5 6; 7 8] = [19 22; 43 50]
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: 0, count: 4)
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
            BLAS.sgemm(m: 2, n: 2, k: 2, a: pa.baseAddress!, lda: 2, b: pb.baseAddress!, ldb: 2,
                       c: pc.baseAddress!, ldc: 2)
        } } }
        #expect(c == [19, 22, 43, 50])
    }

    @Test func allFiniteSeesNaNAndInfinity() {
        #expect(Tensor(shape: [2], scalars: [1, 2]).allFinite)
        #expect(!Tensor(shape: [2], scalars: [1, .nan]).allFinite)
        #expect(!Tensor(shape: [2], scalars: [.infinity, 0]).allFinite)
    }
}
