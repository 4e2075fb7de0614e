import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// The reference: Foundation's `String(format: "%.Nf")` (C's printf), with the minus sign of a
/// value that rounds to zero dropped, as the CSV tables have always written numbers.
private func printfFixed(_ value: Double, _ decimals: Int) -> String {
    let text = String(format: "%.\(decimals)f", value)
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
        return String(text.dropFirst())
    }
    return text
}

/// The first few values for which `FixedDecimal` and printf differ, as readable lines.
private func mismatches(_ values: some Sequence<Double>, decimals: some Sequence<Int>) -> [String] {
    var found: [String] = []
    for value in values {
        for d in decimals {
            let ours = FixedDecimal.text(value, decimals: d)
            let reference = printfFixed(value, d)
            if ours != reference, found.count < 10 {
                found.append("\(value) (bits \(String(value.bitPattern, radix: 16))) %.\(d)f: \(ours) ≠ \(reference)")
            }
        }
    }
    return found
}

/// A double with random bits, finite.
private func randomFinite(_ generator: inout SplitMix64) -> Double {
    while true {
        let value = Double(bitPattern: generator.next())
        if value.isFinite { return value }
    }
}

@Suite struct FixedDecimalTests {
    static let usualDecimals = [0, 1, 2, 3, 6]

    @Test func uniformValuesAgreeWithPrintf() {
        var generator = SplitMix64(seed: 1)
        let values = (0..<200_000).map { _ in Double.random(in: -1.5..<1.5, using: &generator) }
        #expect(mismatches(values, decimals: Self.usualDecimals) == [])
    }

    @Test func valuesOfEveryMagnitudeAgreeWithPrintf() {
        // Random bit patterns: mostly huge or tiny (the slow path, and zeros), every sign.
        var generator = SplitMix64(seed: 2)
        let values = (0..<50_000).map { _ in randomFinite(&generator) }
        #expect(mismatches(values, decimals: [0, 3, 6, 17, 20]) == [])
        // Magnitudes from 1e-20 to 1e20, log-uniform.
        let scaled = (0..<50_000).map { _ in
            let value = pow(10, Double.random(in: -20...20, using: &generator))
            return Bool.random(using: &generator) ? value : -value
        }
        #expect(mismatches(scaled, decimals: [0, 1, 3, 6, 9, 12, 15, 17]) == [])
    }

    @Test(arguments: 0...9)
    func valuesNearAHalfAgreeWithPrintf(decimals: Int) {
        // (k + ½) / 10^d and the doubles a few steps either side: the closest calls of rounding.
        var generator = SplitMix64(seed: 3 + UInt64(decimals))
        var values: [Double] = []
        for _ in 0..<8_000 {
            let k = Double(UInt64.random(in: 0..<1_000_000, using: &generator))
            var value = (k + 0.5) / pow(10, Double(decimals))
            for _ in 0..<3 { value = value.nextDown }
            for _ in 0..<7 {
                values.append(value)
                values.append(-value)
                value = value.nextUp
            }
        }
        #expect(mismatches(values, decimals: [decimals]) == [])
    }

    @Test func exactTiesRoundToEvenAsPrintfDoes() {
        // k / 2^j is exact; with enough decimals its last digit is a 5 that is a true tie.
        #expect(FixedDecimal.text(0.0078125, decimals: 6) == "0.007812")
        #expect(FixedDecimal.text(0.125, decimals: 2) == "0.12")
        #expect(FixedDecimal.text(0.375, decimals: 2) == "0.38")
        #expect(FixedDecimal.text(2.5, decimals: 0) == "2")
        #expect(FixedDecimal.text(-0.5, decimals: 0) == "0")
        var generator = SplitMix64(seed: 4)
        var values: [Double] = []
        for _ in 0..<50_000 {
            let k = Double(UInt64.random(in: 0..<(1 << 30), using: &generator))
            let j = Int.random(in: 1...30, using: &generator)
            values.append(k / Double(1 << j))
            values.append(-k / Double(1 << j))
        }
        #expect(mismatches(values, decimals: 0...9) == [])
    }

    @Test func edgesAgreeWithPrintf() {
        var values: [Double] = [
            0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.5, 1.5, 0.9999995,
            0.1234565, 9.9999999996, 999_999.999_999_5, Double(1 << 53), Double(1 << 53).nextUp, 1e-7, 4e-7, 5e-7, 6e-7,
        ]
        for power in -25...25 {
            let value = pow(10, Double(power))
            values += [value, value.nextUp, value.nextDown, value * 0.5, value * 1.5]
        }
        // Either side of the fast path's limits, 10^(18 − d).
        for d in 0...FixedDecimal.maximumDecimals {
            let limit = FixedDecimal.limits[d]
            values += [limit, limit.nextDown, limit.nextDown.nextDown, limit.nextUp]
        }
        // Subnormals.
        var generator = SplitMix64(seed: 5)
        for _ in 0..<10_000 {
            values.append(Double(sign: .plus, exponentBitPattern: 0, significandBitPattern: generator.next() & ((1 << 52) - 1)))
        }
        values += values.map { -$0 }
        #expect(mismatches(values, decimals: 0...20) == [])
    }

    @Test func neverWritesMinusZero() {
        #expect(FixedDecimal.text(-0.0, decimals: 3) == "0.000")
        #expect(FixedDecimal.text(-0.0004, decimals: 3) == "0.000")
        #expect(FixedDecimal.text(-0.0005, decimals: 3) == "-0.001")
        #expect(FixedDecimal.text(-1e300, decimals: 2).hasPrefix("-1000"))
    }
}

@Suite struct TextBufferTests {
    @Test func doublesAreWrittenAsSwiftPrintsThem() {
        var generator = SplitMix64(seed: 6)
        var values: [Double] = [0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e16, 0.1]
        values += (0..<50_000).map { _ in Double.random(in: 0..<1, using: &generator) }
        values += (0..<50_000).map { _ in randomFinite(&generator) }
        var buffer = TextBuffer()
        var expected = ""
        for value in values {
            buffer.append(shortest: value)
            buffer.append(ascii: UInt8(ascii: " "))
            expected += "\(value) "
        }
        #expect(buffer.text == expected)
    }

    @Test func integersAreWrittenAsStringDoes() {
        var generator = SplitMix64(seed: 7)
        let numbers = [0, 1, -1, 9, 10, -10, Int.max, Int.min] + (0..<10_000).map { _ in Int(bitPattern: UInt(generator.next())) }
        var buffer = TextBuffer()
        for number in numbers {
            buffer.append(number)
            buffer.append(ascii: UInt8(ascii: ","))
        }
        #expect(buffer.text == numbers.map { String($0) + "," }.joined())
    }

    @Test func digitsArePaddedAndIndentsAreSpaces() {
        var buffer = TextBuffer()
        buffer.appendDigits(of: 42, minimumCount: 5)
        buffer.append(spaces: 70)
        buffer.append("中文")
        #expect(buffer.text == "00042" + String(repeating: " ", count: 70) + "中文")
    }
}

@Suite struct CSVDocumentFieldTests {
    /// Cells that need quotes, among them a comma followed by a combining accent and CR LF
    /// (one `Character` each, quoted for their bytes), and cells that do not.
    static let cells = [
        "plain", "计算机", "x,y", "say \"hi\"", "line\nbreak", "cr\rhere", "crlf\r\nhere", "accent,\u{301}", "", " ",
    ]

    @Test func fieldsAreWrittenAsWholeRecordsAre() {
        var whole = CSVDocument(header: ["a", "b", "c", "d"])
        var fields = CSVDocument(header: ["a", "b", "c", "d"])
        for cell in Self.cells {
            whole.append([cell, "7", "0.500000", ""])
            fields.appendField(cell)
            fields.appendField(7)
            fields.appendField(0.5, decimals: 6)
            fields.appendField(nil, decimals: 6)
            fields.endRecord()
        }
        #expect(fields.text == whole.text)
        #expect(fields.bytes == Array(whole.text.utf8))
    }
}
