internal import AttainmentIO

/// The text of `student_value_list`'s two columns (v4, `HistorySchema.v4`): a JSON array of
/// the students' positions in `run_student`, and a JSON array of their values in the same order,
/// each the shortest decimal that reads back as the same double, `null` where not evaluable.
///
/// Both are plain JSON, so SQLite's `json_each` (the view `student_value`) and any other JSON
/// reader take them apart; `decode` reads them back here without going through Foundation.
enum StudentValueList {
    /// `[1,2,3]`: positions, in order.
    static func positions(_ positions: [Int]) -> [UInt8] {
        var text = TextBuffer(capacity: 4 * positions.count + 2)
        text.append(ascii: UInt8(ascii: "["))
        for (k, position) in positions.enumerated() {
            if k > 0 { text.append(ascii: UInt8(ascii: ",")) }
            text.append(position)
        }
        text.append(ascii: UInt8(ascii: "]"))
        return text.bytes
    }

    /// `[0.75,null,1.0]`: `value(p)` for each p in 0..<count.
    /// - Returns: nil when a value is infinite or NaN, which JSON cannot hold (the engine never
    ///   gives one: a value that is not evaluable is nil).
    static func values(count: Int, into text: inout TextBuffer, _ value: (Int) -> Double?) -> Bool {
        text.append(ascii: UInt8(ascii: "["))
        for p in 0..<count {
            if p > 0 { text.append(ascii: UInt8(ascii: ",")) }
            if let number = value(p) {
                guard number.isFinite else { return false }
                text.append(shortest: number)
            } else {
                text.append("null")
            }
        }
        text.append(ascii: UInt8(ascii: "]"))
        return true
    }

    /// The elements of a JSON array of numbers and nulls as this type writes it, or nil when the
    /// text is anything else, or a number beyond a double's range (spaces between the elements
    /// are allowed).
    static func decode(_ text: String) -> [Double?]? {
        var text = text
        return text.withUTF8 { bytes -> [Double?]? in
            var start = 0
            var end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            guard end - start >= 2, bytes[start] == UInt8(ascii: "["), bytes[end - 1] == UInt8(ascii: "]") else { return nil }
            start += 1
            end -= 1
            var elements: [Double?] = []
            if bytes[start..<end].allSatisfy(isSpace) { return elements }
            var fieldStart = start
            for index in start...end where index == end || bytes[index] == UInt8(ascii: ",") {
                var first = fieldStart
                var last = index
                while first < last, isSpace(bytes[first]) { first += 1 }
                while last > first, isSpace(bytes[last - 1]) { last -= 1 }
                let field = UnsafeBufferPointer(rebasing: bytes[first..<last])
                if field.elementsEqual("null".utf8) {
                    elements.append(nil)
                } else {
                    guard isJSONNumber(field), let number = Double(String(decoding: field, as: UTF8.self)), number.isFinite
                    else { return nil }
                    elements.append(number)
                }
                fieldStart = index + 1
            }
            return elements
        }
    }

    /// `[1,2,3]` as positions, or nil when an element is not a whole number.
    static func decodePositions(_ text: String) -> [Int]? {
        guard let elements = decode(text) else { return nil }
        var positions: [Int] = []
        positions.reserveCapacity(elements.count)
        for element in elements {
            guard let element, element.rounded() == element, let position = Int(exactly: element) else { return nil }
            positions.append(position)
        }
        return positions
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. Swift's
    /// `Double(_:)` takes more (`nan`, `inf`, hexadecimal, a leading `+`), which is no JSON.
    static func isJSONNumber(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < field.count, field[index] >= UInt8(ascii: "0"), field[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if index < field.count, field[index] == UInt8(ascii: "-") { index += 1 }
        let integer = index
        let count = digits()
        guard count > 0, count == 1 || field[integer] != UInt8(ascii: "0") else { return false }
        if index < field.count, field[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < field.count, field[index] == UInt8(ascii: "e") || field[index] == UInt8(ascii: "E") {
            index += 1
            if index < field.count, field[index] == UInt8(ascii: "+") || field[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == field.count
    }
}
