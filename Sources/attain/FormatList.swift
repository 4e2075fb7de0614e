import ArgumentParser
import Foundation

/// The formats named by a comma-separated `--format` value, in the order given.
///
/// - Parameters:
///   - list: e.g. `csv, md`; names are trimmed and compared in lower case.
///   - allowEmpty: whether a list naming no format is accepted.
/// - Throws: `ValidationError` naming an unknown format and the choices, or an empty list
///   when it is not allowed.
func parseFormats<Format: CaseIterable & RawRepresentable>(_ list: String, allowEmpty: Bool) throws -> [Format]
where Format.RawValue == String {
    let choices = Format.allCases.map(\.rawValue).joined(separator: ", ")
    let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    if names.isEmpty, !allowEmpty { throw ValidationError("--format names no format; choose from \(choices)") }
    return try names.map { name in
        guard let format = Format(rawValue: name) else {
            throw ValidationError("unknown format '\(name)'; choose from \(choices)")
        }
        return format
    }
}

/// One of a setting's choices, named by its raw value (any case), for `@Option(transform:)`.
/// - Throws: `ValidationError` listing the choices.
func choice<Value: CaseIterable & RawRepresentable>(_ text: String) throws -> Value where Value.RawValue == String {
    guard let value = Value(rawValue: text.lowercased()) else {
        throw ValidationError("'\(text)' is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return value
}
