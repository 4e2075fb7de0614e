/// Why the results history could not be opened, read or written. Every message names the
/// database file.
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or its folder) could not be created or opened as a database.
    case cannotOpen(file: String, reason: String)
    /// The database was migrated by a newer attain, with migrations this version does not know.
    case newerSchema(file: String)
    /// Opened for reading only, the database lacks migrations this version would apply: an
    /// earlier attain wrote it, or it is not a results history.
    case olderSchema(file: String)
    /// SQLite refused a statement, or a row could not be read.
    case database(file: String, message: String)
    /// A column holds a value this version does not know (an unknown status, level, rule…).
    case invalidStoredValue(file: String, column: String, value: String)
    /// There is no improvement record with this id.
    case noSuchImprovement(Int64, file: String)

    /// The message, starting with the database file.
    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason):
            "\(file): cannot open the results history: \(reason)"
        case .newerSchema(let file):
            "\(file): the results history was written by a newer version of attain; upgrade attain to use it"
        case .olderSchema(let file):
            "\(file): the results history was written by an earlier version of attain (or is not one); reading only, it is left as it is: `attain history --history \(file)` brings it up to date once"
        case .database(let file, let message):
            "\(file): \(message)"
        case .invalidStoredValue(let file, let column, let value):
            "\(file): \"\(value)\" in column \(column) is not a value this version of attain knows"
        case .noSuchImprovement(let id, let file):
            "\(file): there is no improvement record with id \(id)"
        }
    }
}
