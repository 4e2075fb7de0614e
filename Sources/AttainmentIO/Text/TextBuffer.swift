/// UTF-8 text built as bytes, for the writers of large files (CSV, JSON): strings, ASCII,
/// integers and numbers are appended without making a `String` for each piece.
///
/// A `TextBuffer` holds valid UTF-8 as long as only strings, whole characters' bytes and ASCII
/// are appended.
package struct TextBuffer: TextOutputStream {
    package private(set) var bytes: [UInt8] = []

    /// An empty buffer with room for `capacity` bytes.
    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// The text as a `String`.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer, keeping its room for the next text.
    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends the UTF-8 of `text`.
    package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends UTF-8 bytes: a part of a string, within its `withUTF8`.
    package mutating func append(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: utf8)
    }

    /// Appends one ASCII character, `byte` < 0x80.
    package mutating func append(ascii byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends `count` spaces (an indentation).
    package mutating func append(spaces count: Int) {
        var left = count
        Self.spaces.withUTF8Buffer { spaces in
            while left > 0 {
                let part = min(left, spaces.count)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: spaces[..<part]))
                left -= part
            }
        }
    }

    /// 64 spaces, as a literal: no reference to count, unlike an array.
    private static let spaces: StaticString = "                                                                "

    /// Appends `number` in decimal, as `String(number)` writes it.
    package mutating func append(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(of: UInt64(number.magnitude), minimumCount: 1)
    }

    /// Appends `value` as Swift prints it (`"\(value)"`): the shortest digits that read back as
    /// the same double, `nan`, `inf` or `-inf` for the others.
    package mutating func append(shortest value: Double) {
        value.write(to: &self)
    }

    /// Appends the decimal digits of `number`, with leading zeros up to `minimumCount` digits.
    /// - Precondition: `minimumCount` ≤ 20, the most digits a `UInt64` has.
    /// - Complexity: O(digits).
    mutating func appendDigits(of number: UInt64, minimumCount: Int) {
        precondition(minimumCount <= 20, "at most 20 digits")
        appendASCII(capacity: 20) { text in
            var start = text.count
            var rest = number
            repeat {
                start -= 1
                text[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0 || text.count - start < minimumCount
            return start
        }
    }

    /// Appends ASCII that `layOut` writes at the end of a scratch buffer of `capacity` bytes,
    /// from the index it returns to the end: numbers are laid out from their last digit.
    mutating func appendASCII(capacity: Int, _ layOut: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
            let start = layOut(scratch)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[start...]))
        }
    }

    // MARK: TextOutputStream

    /// Appends the UTF-8 of `string` (`TextOutputStream`).
    package mutating func write(_ string: String) {
        append(string)
    }

    /// Appends ASCII text that the standard library has already laid out, as `Double.write(to:)`
    /// does, so that a number needs no `String` of its own. (`TextOutputStream`'s requirement;
    /// the default makes a `String` first, which made writing a double nearly twice as slow:
    /// 160 against 85 ns a number, measured on this project's machine.)
    package mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }
}
