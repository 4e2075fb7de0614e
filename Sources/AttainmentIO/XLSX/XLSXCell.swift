/// The value of one worksheet cell.
///
/// Numbers whose style is a date or time format read as `.date`; numbers whose format is
/// only zeros (`0000000000`, as used for student ids) and that have fewer digits than the
/// format read as `.text` of the zero-padded digits, as Excel shows them (`.number` still
/// gives their value). Formulas read as their cached result; a formula with no cached
/// result is `.blank`.
package enum XLSXCell: Sendable, Equatable {
    /// No cell, a cell without a value, or a formula without a cached result.
    case blank
    /// A number, shown as a number (not a date or time).
    case number(Double)
    /// Text: a shared or inline string, a formula's text result, or a zero-padded number.
    case text(String)
    /// TRUE or FALSE.
    case bool(Bool)
    /// An error value such as `#DIV/0!` or `#N/A`.
    case error(String)
    /// A number whose style is a date or time format: the Excel serial value in the 1900
    /// date system (workbooks in the 1904 system are converted), days since 1899-12-30 with
    /// the time as the fraction.
    case date(Double)

    /// The cell as text the way a person reads it.
    ///
    /// Numbers are written with the fewest digits that read back as the same `Double`,
    /// integers without `.0` and never in exponent form (2022010101 → `2022010101`,
    /// 1e-7 → `0.0000001`); text as is; booleans `TRUE` and `FALSE`; errors as is; dates as
    /// `2023-09-01`, `2023-09-01 08:30:00` or `08:30:00`; blank as the empty string.
    package var text: String {
        switch self {
        case .blank: ""
        case .number(let value): Self.plainText(value)
        case .text(let text): text
        case .bool(let value): value ? "TRUE" : "FALSE"
        case .error(let text): text
        case .date(let serial): Self.dateText(serial)
        }
    }

    /// The numeric value: a number's, or that of text that is a plain decimal number once
    /// white space around it is trimmed (`"85"`, `" 72.5 "`: numbers stored as text).
    ///
    /// Nil for other text, blanks, booleans, errors and dates (callers decide about dates).
    package var number: Double? {
        switch self {
        case .number(let value):
            return value
        case .text(let text):
            var trimmed = String(Self.trimmed(text))
            guard !trimmed.isEmpty else { return nil }
            return trimmed.withUTF8 { DecimalNumber.parse($0) }
        case .blank, .bool, .error, .date:
            return nil
        }
    }

    /// Whether the cell is blank or text that is only white space (full-width spaces count).
    package var isBlank: Bool {
        switch self {
        case .blank: true
        case .text(let text): text.allSatisfy(\.isWhitespace)
        default: false
        }
    }

    /// `text` without white space at either end.
    private static func trimmed(_ text: String) -> Substring {
        let start = text.drop(while: \.isWhitespace)
        var end = start.endIndex
        while end > start.startIndex {
            let before = start.index(before: end)
            guard start[before].isWhitespace else { break }
            end = before
        }
        return start[start.startIndex..<end]
    }

    // MARK: - Formatting

    /// `value` in plain decimal notation with its shortest round-trip digits.
    static func plainText(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        if value == value.rounded(.towardZero) && value.magnitude < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        // Swift prints the shortest digits that round-trip, switching to exponent form for
        // very large and very small values: move the point back into the digits.
        let written = "\(value)"
        guard let exponentMark = written.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(written[written.index(after: exponentMark)...])
        else { return written.hasSuffix(".0") ? String(written.dropLast(2)) : written }
        var mantissa = written[..<exponentMark]
        let isNegative = mantissa.hasPrefix("-")
        if isNegative { mantissa = mantissa.dropFirst() }
        let point =
            mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
            ?? mantissa.count
        var digits = Array(mantissa.filter { $0 != "." })
        while digits.count > 1 && digits.last == "0" && digits.count > point { digits.removeLast() }
        let newPoint = point + exponent
        var result = isNegative ? "-" : ""
        if newPoint <= 0 {
            result += "0." + String(repeating: "0", count: -newPoint) + String(digits)
        } else if newPoint >= digits.count {
            result += String(digits) + String(repeating: "0", count: newPoint - digits.count)
        } else {
            result += String(digits[..<newPoint]) + "." + String(digits[newPoint...])
        }
        return result
    }

    /// An Excel serial date as `yyyy-mm-dd`, `yyyy-mm-dd hh:mm:ss` or `hh:mm:ss`.
    static func dateText(_ serial: Double) -> String {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return plainText(serial) }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let time = pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        guard days >= 1 else { return time }
        let date: String
        if days == 60 {
            // Excel's serial 60 is 29 February 1900, a day that did not exist (Lotus 1-2-3's bug).
            date = "1900-02-29"
        } else {
            // Serials after day 60 count from 1899-12-30, those before from 1899-12-31.
            let (year, month, day) = civilDate(daysSince1970: days - (days < 60 ? 25_568 : 25_569))
            date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        }
        return seconds == 0 ? date : date + " " + time
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `value` with leading zeros to `width` digits.
    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
