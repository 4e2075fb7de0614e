import Foundation

/// Numbers with a fixed number of decimals, as C's `printf("%.Nf")` writes them, but without
/// going through `String(format:)`: Foundation's formatter (CFString, a dynamic cast per
/// argument) took over half a microsecond a number in a batch, most of the time spent writing
/// the CSV tables; this takes about 25 ns.
///
/// The digits are those of the exact binary value, correctly rounded, ties to even, as glibc's
/// printf rounds: `0.1234565` is stored just below …65 and gives `0.123456`, `0.0078125`
/// (exactly representable, a tie) gives `0.007812`. Unlike printf, a value that rounds to zero
/// is never written with a minus sign (`0.000`, not `-0.000`).
package enum FixedDecimal {
    /// The most decimals written exactly here; more go through `String(format:)`.
    static let maximumDecimals = 17

    /// Appends `value` with exactly `decimals` decimals (none and no point for 0).
    /// - Precondition: `value` is finite and `decimals` is not negative.
    /// - Complexity: O(digits); no allocation beyond the buffer's growth.
    package static func append(_ value: Double, decimals: Int, to buffer: inout TextBuffer) {
        precondition(value.isFinite && decimals >= 0, "fixed decimals of a finite value")
        guard let scaled = roundedScaledMagnitude(value, decimals: decimals) else {
            buffer.append(formatted(value, decimals: decimals))
            return
        }
        // Sign, 19 integer digits at most (scaled ≤ 10^18), the point, the decimals.
        buffer.appendASCII(capacity: 21 + maximumDecimals) { text in
            var start = text.count
            var rest = scaled
            func put(_ byte: UInt8) {
                start -= 1
                text[start] = byte
            }
            for _ in 0..<decimals {
                put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
                rest /= 10
            }
            if decimals > 0 { put(UInt8(ascii: ".")) }
            repeat {
                put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
                rest /= 10
            } while rest > 0
            if value.sign == .minus, scaled > 0 { put(UInt8(ascii: "-")) }
            return start
        }
    }

    /// `value` with `decimals` decimals as a `String`; see `append(_:decimals:to:)`.
    package static func text(_ value: Double, decimals: Int) -> String {
        var buffer = TextBuffer(capacity: 24)
        append(value, decimals: decimals, to: &buffer)
        return buffer.text
    }

    /// |value| × 10^decimals rounded to an integer, ties to even, computed exactly; nil when
    /// `decimals` is above `maximumDecimals` or the result could pass 10^18.
    ///
    /// A finite double is m × 2^e with m < 2^53, so |value| × 10^d = m × 5^d × 2^(e + d): an
    /// integer product (below 2^93 for d ≤ 17, in 128 bits) shifted left, or shifted right with
    /// the bits shifted out deciding the rounding.
    static func roundedScaledMagnitude(_ value: Double, decimals: Int) -> UInt64? {
        guard decimals <= maximumDecimals, value.magnitude < limits[decimals] else { return nil }
        let significand: UInt64
        let exponent: Int
        if value.exponentBitPattern == 0 {
            // Zero or subnormal: no implicit leading bit.
            significand = value.significandBitPattern
            exponent = -1074
        } else {
            significand = value.significandBitPattern | (1 << 52)
            exponent = Int(value.exponentBitPattern) - 1075
        }
        let product = UInt128(significand) * UInt128(powersOfTen[decimals] >> decimals)  // m × 5^d
        let shift = exponent + decimals
        if shift >= 0 {
            // An integer already; below the limit, so no bits are lost.
            return UInt64(product << shift)
        }
        let drop = -shift
        // product < 2^93 ≤ 2^(drop − 1): less than half a unit, rounds to zero.
        if drop > 93 { return 0 }
        var quotient = product >> drop
        let remainder = product & ((1 << drop) - 1)
        let half = UInt128(1) << (drop - 1)
        if remainder > half || (remainder == half && quotient & 1 == 1) { quotient += 1 }
        return UInt64(quotient)
    }

    /// 10^0 … 10^18.
    static let powersOfTen: [UInt64] = (0...18).map { power in
        (0..<power).reduce(1) { result, _ in result * 10 }
    }

    /// For each number of decimals d, the magnitude below which |value| × 10^d stays below
    /// 10^18: 10^(18 − d), exact in a double.
    static let limits: [Double] = (0...maximumDecimals).map { Double(powersOfTen[18 - $0]) }

    /// The slow path, for huge magnitudes or many decimals: Foundation's printf, without the
    /// minus sign of a value that rounds to zero.
    static func formatted(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), text.utf8.dropFirst().allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }) {
            return String(text.dropFirst())
        }
        return text
    }
}

extension TextBuffer {
    /// Appends `value` with exactly `decimals` decimals, as `FixedDecimal` writes it; nothing
    /// for nil or a value that is not finite (an empty CSV cell).
    package mutating func append(fixed value: Double?, decimals: Int) {
        guard let value, value.isFinite else { return }
        FixedDecimal.append(value, decimals: decimals, to: &self)
    }
}
