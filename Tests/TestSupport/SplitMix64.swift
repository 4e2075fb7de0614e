/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator whose stream depends on
/// nothing but the seed, so a failing seed reproduces on every machine and Swift version.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in `range` (both ends included); the slight modulo bias does not matter here.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    public mutating func double(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }

    /// A Fisher-Yates shuffle.
    public mutating func shuffled<T>(_ values: [T]) -> [T] {
        var values = values
        if values.count > 1 {
            for i in stride(from: values.count - 1, to: 0, by: -1) {
                values.swapAt(i, int(0...i))
            }
        }
        return values
    }
}
