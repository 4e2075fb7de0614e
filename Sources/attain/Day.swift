import ArgumentParser
import Foundation

/// Dates and times on the command line: report dates, ledger days, the time a run is recorded.
/// SOURCE_DATE_EPOCH, when set, stands in for the clock (reproducible builds).
enum Day {
    /// The epoch in SOURCE_DATE_EPOCH, if set.
    static var sourceDateEpoch: Date? {
        ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
    }

    /// SOURCE_DATE_EPOCH's day (UTC), else today (local time), as YYYY-MM-DD.
    static func today() -> String {
        if let epoch = sourceDateEpoch { return formatter(timeZone: TimeZone(identifier: "UTC")).string(from: epoch) }
        return formatter(timeZone: .current).string(from: Date())
    }

    /// The time recorded with a run: SOURCE_DATE_EPOCH if set, else now; ISO 8601 in UTC.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: sourceDateEpoch ?? Date())
    }

    /// The date if it is a real day written YYYY-MM-DD; parsed and printed again, so that
    /// 2026-13-45 or 2026-02-30 is refused too.
    /// - Throws: `ValidationError` naming the option.
    static func validated(_ date: String, option: String = "--date") throws -> String {
        let formatter = formatter(timeZone: TimeZone(identifier: "UTC"))
        guard let parsed = formatter.date(from: date), formatter.string(from: parsed) == date else {
            throw ValidationError("\(option) must be a date written YYYY-MM-DD, not '\(date)'")
        }
        return date
    }

    /// Writes and reads dates as YYYY-MM-DD in a time zone.
    static func formatter(timeZone: TimeZone?) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }
}
