import AttainmentCore
import Testing
import TestSupport

/// The BLAS paths against naive loops on seeded random shapes (STYLE.md rule 11).
@Suite("Matrix products")
struct MatrixTests {
    /// Shapes (m, k, n) of an m × k times k × n product: empty ones, 1 × 1, vectors, non-square.
    static let shapes: [(Int, Int, Int)] = {
        var shapes = [
            (0, 0, 0), (0, 3, 2), (3, 0, 2), (3, 2, 0), (0, 0, 4), (1, 1, 1), (1, 5, 1), (5, 1, 5),
            (1, 7, 3), (4, 1, 1), (2, 3, 4), (17, 5, 9), (64, 33, 2),
        ]
        var random = SplitMix64(seed: 20_240_601)
        for _ in 0..<12 { shapes.append((random.int(1...40), random.int(1...40), random.int(1...40))) }
        return shapes
    }()

    static func randomMatrix(_ rows: Int, _ columns: Int, _ random: inout SplitMix64) -> Matrix {
        var matrix = Matrix(rows: rows, columns: columns)
        for r in 0..<rows {
            for c in 0..<columns { matrix[r, c] = random.chance(0.2) ? 0 : random.double(-50, 100) }
        }
        return matrix
    }

    @Test(arguments: shapes)
    func multipliedAgreesWithLoops(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        var random = SplitMix64(seed: UInt64(m * 10_000 + k * 100 + n))
        let a = Self.randomMatrix(m, k, &random)
        let b = Self.randomMatrix(k, n, &random)
        let product = a.multiplied(by: b)
        #expect(product.rows == m)
        #expect(product.columns == n)
        var worst = 0.0
        for r in 0..<m {
            for c in 0..<n {
                var sum = 0.0
                var scale = 0.0
                for i in 0..<k {
                    sum += a[r, i] * b[i, c]
                    scale += abs(a[r, i] * b[i, c])
                }
                worst = max(worst, abs(product[r, c] - sum) / max(scale, 1))
            }
        }
        #expect(worst <= 1e-13, "largest relative difference \(worst)")
        if k == 0 { #expect(product.elements.allSatisfy { $0 == 0 }) }
    }

    @Test(arguments: shapes)
    func transposedMultipliedAgreesWithLoops(shape: (Int, Int, Int)) {
        let (rows, columns, _) = shape
        var random = SplitMix64(seed: UInt64(rows * 100 + columns))
        let a = Self.randomMatrix(rows, columns, &random)
        var vector: [Double] = []
        for _ in 0..<rows { vector.append(random.double(-3, 3)) }
        let result = a.transposedMultiplied(by: vector)
        #expect(result.count == columns)
        var worst = 0.0
        for c in 0..<columns {
            var sum = 0.0
            var scale = 0.0
            for r in 0..<rows {
                sum += a[r, c] * vector[r]
                scale += abs(a[r, c] * vector[r])
            }
            worst = max(worst, abs(result[c] - sum) / max(scale, 1))
        }
        #expect(worst <= 1e-13, "largest relative difference \(worst)")
    }

    /// A product with exact small integers must be exact.
    @Test func smallIntegerProductIsExact() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        let b = Matrix([[7, 8], [9, 10], [11, 12]])
        #expect(a.multiplied(by: b) == Matrix([[58, 64], [139, 154]]))
        #expect(a.transposedMultiplied(by: [1, -1]) == [-3, -3, -3])
        #expect(Matrix([[2]]).multiplied(by: Matrix([[3]])) == Matrix([[6]]))
    }

    @Test func storageIsRowMajor() {
        var matrix = Matrix(rows: 2, columns: 3, repeating: 1)
        matrix[1, 2] = 9
        #expect(matrix.elements == [1, 1, 1, 1, 1, 9])
        #expect(matrix.row(1) == [1, 1, 9])
        #expect(Matrix([]).rows == 0)
        #expect(Matrix([]).columns == 0)
    }

    @Test func blasCoreNameIsNotEmpty() {
        #expect(!BLASRuntime.coreName.isEmpty)
    }
}
