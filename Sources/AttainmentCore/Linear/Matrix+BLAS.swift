// The one file that talks to BLAS (STYLE.md rule 1): nothing else sees C types or Int32.
internal import CBLAS
import Synchronization

extension Matrix {
    /// The product `self · other`.
    ///
    /// Calls cblas_dgemm. Complexity: O(rows · columns · other.columns).
    /// - Precondition: `columns == other.rows`, and every size fits BLAS's 32-bit integers.
    public func multiplied(by other: Matrix) -> Matrix {
        precondition(columns == other.rows, "inner dimensions agree: \(rows)×\(columns) · \(other.rows)×\(other.columns)")
        var product = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, other.columns > 0, columns > 0 else { return product }
        let m = blasSize(rows), n = blasSize(other.columns), k = blasSize(columns)
        let started = BLASAccounting.start()
        defer { BLASAccounting.count(since: started, multiplyAdds: rows * columns * other.columns) }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                product.elements.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k,
                        1.0, a.baseAddress, k, b.baseAddress, n, 0.0, c.baseAddress, n)
                }
            }
        }
        return product
    }

    /// The product `selfᵀ · vector`: for each column, the vector-weighted sum of its entries.
    ///
    /// Calls cblas_dgemv. Complexity: O(rows · columns).
    /// - Precondition: `vector.count == rows`.
    public func transposedMultiplied(by vector: [Double]) -> [Double] {
        precondition(vector.count == rows, "a vector entry per row")
        var result = [Double](repeating: 0, count: columns)
        guard rows > 0, columns > 0 else { return result }
        let m = blasSize(rows), n = blasSize(columns)
        let started = BLASAccounting.start()
        defer { BLASAccounting.count(since: started, multiplyAdds: rows * columns) }
        elements.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(CblasRowMajor, CblasTrans, m, n, 1.0, a.baseAddress, n, x.baseAddress, 1, 0.0, y.baseAddress, 1)
                }
            }
        }
        return result
    }
}

/// Facts about and control of the BLAS library in use.
public enum BLASRuntime {
    /// The kernel OpenBLAS chose for this CPU, e.g. `SkylakeX` or `Prescott`.
    ///
    /// Calls openblas_get_corename.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Sets how many threads OpenBLAS may use for one product.
    ///
    /// Calls openblas_set_num_threads.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "at least one thread")
        openblas_set_num_threads(blasSize(count))
    }
}

/// How many BLAS calls were made, with how many multiply-adds, and how long they took: off
/// unless switched on, for the benchmarks (docs/performance.md), which need the products'
/// share of the engine's time. Switched off, a product pays one relaxed atomic load.
public enum BLASAccounting {
    /// What was counted since `reset()`.
    public struct Totals: Sendable, Equatable {
        /// Calls of dgemm and dgemv.
        public var calls: Int
        /// m·n·k for a product, m·n for a matrix-vector product.
        public var multiplyAdds: Int
        /// Wall-clock time inside the calls, in nanoseconds.
        public var nanoseconds: Int
    }

    private static let enabled = Atomic<Bool>(false)
    private static let calls = Atomic<Int>(0)
    private static let multiplyAdds = Atomic<Int>(0)
    private static let nanoseconds = Atomic<Int>(0)

    /// Switches counting on or off; the totals are kept.
    public static func setEnabled(_ on: Bool) { enabled.store(on, ordering: .relaxed) }

    /// Sets the totals to zero.
    public static func reset() {
        calls.store(0, ordering: .relaxed)
        multiplyAdds.store(0, ordering: .relaxed)
        nanoseconds.store(0, ordering: .relaxed)
    }

    /// The totals so far.
    public static var totals: Totals {
        Totals(
            calls: calls.load(ordering: .relaxed), multiplyAdds: multiplyAdds.load(ordering: .relaxed),
            nanoseconds: nanoseconds.load(ordering: .relaxed))
    }

    /// The time a call starts, or nil when counting is off.
    fileprivate static func start() -> ContinuousClock.Instant? {
        enabled.load(ordering: .relaxed) ? ContinuousClock.now : nil
    }

    /// Counts a call that started at `started` (nothing when counting was off).
    fileprivate static func count(since started: ContinuousClock.Instant?, multiplyAdds work: Int) {
        guard let started else { return }
        let elapsed = started.duration(to: .now).components
        calls.add(1, ordering: .relaxed)
        multiplyAdds.add(work, ordering: .relaxed)
        nanoseconds.add(Int(elapsed.seconds) * 1_000_000_000 + Int(elapsed.attoseconds / 1_000_000_000), ordering: .relaxed)
    }
}

/// A size as BLAS's 32-bit integer (STYLE.md rule 4).
private func blasSize(_ value: Int) -> Int32 {
    precondition(value >= 0 && value <= Int(Int32.max), "size \(value) fits BLAS's 32-bit integers")
    return Int32(value)
}
