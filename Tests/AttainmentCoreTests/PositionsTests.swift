import Testing

@testable import AttainmentCore

@Suite("Ids and numbers as text")
struct PositionsTests {
    @Test func firstPositionWinsForARepeatedID() {
        #expect(positions(ofIDs: ["a", "b", "a", "c"]) == ["a": 0, "b": 1, "c": 3])
        #expect(positions(ofIDs: [String]()).isEmpty)
    }

    @Test func shortDecimalsDropANeedlessPointZero() {
        #expect(shortDecimal(3) == "3")
        #expect(shortDecimal(0.25) == "0.25")
        #expect(shortDecimal(100) == "100")
        #expect(shortDecimal(-2) == "-2")
    }
}
