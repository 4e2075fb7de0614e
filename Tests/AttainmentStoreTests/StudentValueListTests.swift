@testable import AttainmentStore
import AttainmentIO
import TestSupport
import Testing

/// The JSON text of `student_value_list` (v4): every double comes back bit for bit, nothing that
/// is not a JSON array of numbers and nulls is read as one.
struct StudentValueListTests {
    /// Doubles of every kind (random bit patterns, subnormals, values an engine makes, whole
    /// numbers, -0.0) and nils, written and read back: the same bits, in the same order.
    @Test func everyFiniteDoubleComesBackBitForBit() throws {
        var random = SplitMix64(seed: 20261123)
        for round in 0..<400 {
            let count = round % 7 == 0 ? 0 : Int(random.next() % 300) + 1
            let values: [Double?] = (0..<count).map { _ in draw(&random) }
            var text = TextBuffer()
            #expect(StudentValueList.values(count: values.count, into: &text) { values[$0] })
            let decoded = try #require(StudentValueList.decode(text.text), "\(text.text)")
            #expect(decoded.map { $0?.bitPattern } == values.map { $0?.bitPattern })

            let positions = (0..<count).map { _ in Int(random.next() % 100_000) }
            let positionText = String(decoding: StudentValueList.positions(positions), as: UTF8.self)
            #expect(StudentValueList.decodePositions(positionText) == positions)
        }
    }

    /// One value: nil, a subnormal or zero, a ratio, a whole number, an edge case, or any finite
    /// bit pattern.
    private func draw(_ random: inout SplitMix64) -> Double? {
        let edges: [Double] = [-0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.1 + 0.2, 1e-05, 1e16]
        switch random.next() % 8 {
        case 0: return nil
        case 1: return Double(bitPattern: random.next() & 0x000F_FFFF_FFFF_FFFF)
        case 2: return Double(random.next() % 200) / Double(random.next() % 199 + 1)
        case 3: return Double(Int(random.next() % 2_000_001) - 1_000_000)
        case 4: return edges[Int(random.next() % UInt64(edges.count))]
        default:
            let value = Double(bitPattern: random.next())
            return value.isFinite ? value : 0.5
        }
    }

    @Test func theTextIsPlainJSON() {
        var text = TextBuffer()
        let values: [Double?] = [0.75, nil, 1, 2.0 / 3.0, .leastNonzeroMagnitude]
        #expect(StudentValueList.values(count: values.count, into: &text) { values[$0] })
        #expect(text.text == "[0.75,null,1.0,0.6666666666666666,5e-324]")
        #expect(String(decoding: StudentValueList.positions([1, 2, 30]), as: UTF8.self) == "[1,2,30]")
        #expect(String(decoding: StudentValueList.positions([]), as: UTF8.self) == "[]")
    }

    /// JSON has no infinity or NaN: such a value is refused rather than written as something else.
    @Test(arguments: [Double.infinity, -.infinity, .nan])
    func aValueJSONCannotHoldIsRefused(value: Double) {
        var text = TextBuffer()
        #expect(!StudentValueList.values(count: 3, into: &text) { $0 == 1 ? value : 0.5 })
    }

    @Test(arguments: [
        ("[]", [] as [Double?]), (" [ 1 , null ,2.5e-3 ] ", [1, nil, 0.0025]), ("[-0.0,0,1E+2]", [-0.0, 0, 100]),
    ])
    func whatIsRead(text: String, expected: [Double?]) {
        #expect(StudentValueList.decode(text)?.map { $0?.bitPattern } == expected.map { $0?.bitPattern })
    }

    /// Swift's `Double(_:)` takes more than JSON's numbers; none of that is read as a value.
    @Test(arguments: [
        "", "[", "]", "1", "[1", "1]", "[1,]", "[,1]", "[1,,2]", "[nan]", "[inf]", "[-inf]", "[+1]", "[01]", "[1.]",
        "[.5]", "[0x1p3]", "[1e]", "[1e+]", "[--1]", "[Null]", "[1 2]", "[\"1\"]", "[1,null", "{1}",
    ])
    func whatIsNotRead(text: String) {
        #expect(StudentValueList.decode(text) == nil, "\(text)")
    }

    @Test(arguments: ["[1.5]", "[null]", "[1e400]"])
    func positionsAreWholeNumbers(text: String) {
        #expect(StudentValueList.decodePositions(text) == nil)
    }
}
