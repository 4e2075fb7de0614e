package import AttainmentCore
import Foundation
internal import GRDB

/// The results history: every recorded run of every programme, its values, its early warnings
/// and the continuous-improvement ledger, in one SQLite database (docs/architecture.md,
/// "The results history").
///
/// Calls are serialised on one connection; the store can be shared between tasks. Another
/// process writing the same file makes a call wait up to five seconds for the lock.
public final class HistoryStore: Sendable {
    /// The database file, as given, or `:memory:`; named in every error.
    let path: String
    let dbQueue: DatabaseQueue

    private init(path: String, dbQueue: DatabaseQueue) {
        self.path = path
        self.dbQueue = dbQueue
    }

    /// Opens the history in `path`, creating the folders and the file if needed and bringing
    /// the tables up to date.
    /// - Throws: `HistoryError.cannotOpen` when the file cannot be created, opened or migrated;
    ///   `HistoryError.newerSchema` when a newer attain has migrated it further.
    /// - Parameter upgrading: called before an existing history is brought up to date, with the
    ///   migrations it is about to apply (`v3`, …), so that a caller can say why opening takes
    ///   a while; not called for a new file or one already up to date.
    public convenience init(path: String, upgrading: ((_ migrations: [String]) -> Void)? = nil) throws(HistoryError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(file: path, reason: "cannot create the folder \(folder)")
            }
        }
        try self.init(path: path, dbQueue: Self.openQueue(path: path))
        try migrate(upTo: nil, upgrading: upgrading)
    }

    /// Opens an existing history for reading only: nothing is created, brought up to date or
    /// written, and the file stays byte for byte as it was.
    /// - Throws: `HistoryError.cannotOpen` when the file cannot be opened or read as a database;
    ///   `newerSchema` as for `init(path:)`; `olderSchema` when it lacks migrations this
    ///   version would apply (an earlier attain wrote it, or it is not a results history).
    public convenience init(readingOnly path: String) throws(HistoryError) {
        self.init(path: path, dbQueue: try Self.openQueue(path: path, readonly: true))
        let migrator = HistorySchema.migrator
        let state: (superseded: Bool, complete: Bool)
        do {
            state = try dbQueue.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
        } catch {
            throw .cannotOpen(file: path, reason: Self.message(error))
        }
        if state.superseded { throw .newerSchema(file: path) }
        if !state.complete { throw .olderSchema(file: path) }
    }

    /// A history that lives in memory and is gone when the store is: for tests and dry runs.
    /// - Throws: `HistoryError.cannotOpen` if SQLite cannot create it.
    public static func inMemory() throws(HistoryError) -> HistoryStore {
        let path = ":memory:"
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration)
        } catch {
            throw .cannotOpen(file: path, reason: Self.message(error))
        }
        let store = HistoryStore(path: path, dbQueue: queue)
        try store.migrate(upTo: nil)
        return store
    }

    /// The history file used when none is given: `ATTAIN_HISTORY` if set, else
    /// `$XDG_DATA_HOME/attain/history.sqlite`, else `$HOME/.local/share/attain/history.sqlite`
    /// (`attain-history.sqlite` in the working folder when HOME is not set either).
    /// An `XDG_DATA_HOME` that is not absolute is ignored, as the XDG specification says.
    /// - Parameter environment: the process environment.
    public static func defaultPath(environment: [String: String]) -> String {
        if let path = environment["ATTAIN_HISTORY"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return join(data, "attain/history.sqlite")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return join(home, ".local/share/attain/history.sqlite")
        }
        return "attain-history.sqlite"
    }

    private static func join(_ folder: String, _ relative: String) -> String {
        folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    /// Foreign keys on (GRDB's default), and a wait for other processes' locks.
    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        return configuration
    }

    private static func openQueue(path: String, readonly: Bool = false) throws(HistoryError) -> DatabaseQueue {
        var configuration = Self.configuration
        configuration.readonly = readonly
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(file: path, reason: message(error))
        }
    }

    /// Applies the migrations up to `last` (all when nil), refusing a database that a newer
    /// version migrated further; `upgrading` hears of the pending ones of a history that has
    /// some applied already.
    private func migrate(upTo last: String?, upgrading: (([String]) -> Void)? = nil) throws(HistoryError) {
        let migrator = HistorySchema.migrator
        do {
            if try dbQueue.read({ try migrator.hasBeenSuperseded($0) }) {
                throw HistoryError.newerSchema(file: path)
            }
            if let upgrading {
                let applied = try dbQueue.read { try migrator.appliedIdentifiers($0) }
                let pending = migrator.migrations.filter { !applied.contains($0) }
                if !applied.isEmpty, !pending.isEmpty { upgrading(pending) }
            }
            if let last {
                try migrator.migrate(dbQueue, upTo: last)
            } else {
                try migrator.migrate(dbQueue)
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw .cannotOpen(file: path, reason: Self.message(error))
        }
    }

    // MARK: Running statements

    /// Runs `updates` in one write transaction; everything is rolled back if it throws.
    func write<T>(_ updates: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            return try dbQueue.write(updates)
        } catch {
            throw historyError(error)
        }
    }

    /// Runs `value` in a read transaction.
    func read<T>(_ value: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            return try dbQueue.read(value)
        } catch {
            throw historyError(error)
        }
    }

    private func historyError(_ error: any Error) -> HistoryError {
        if let error = error as? HistoryError { return error }
        return .database(file: path, message: Self.message(error))
    }

    /// SQLite's own message, without the statement's arguments (student ids stay out).
    private static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// A stored text read back as one of an enumeration's raw values.
    func decode<Value: RawRepresentable<String>>(_ row: Row, _ column: String, table: String) throws -> Value {
        let text: String = try row.decode(forColumn: column)
        guard let value = Value(rawValue: text) else {
            throw HistoryError.invalidStoredValue(file: path, column: "\(table).\(column)", value: text)
        }
        return value
    }

    /// Like `decode`, for a column that may be NULL.
    func decodeIfPresent<Value: RawRepresentable<String>>(_ row: Row, _ column: String, table: String) throws -> Value? {
        let text: String? = try row.decode(forColumn: column)
        guard let text else { return nil }
        guard let value = Value(rawValue: text) else {
            throw HistoryError.invalidStoredValue(file: path, column: "\(table).\(column)", value: text)
        }
        return value
    }

    // MARK: Test hooks

    /// Opens (creating if needed) the history in `path` with the migrations up to `last` only:
    /// for testing that a database of an older version opens and migrates.
    package static func open(path: String, migratedUpTo last: String) throws(HistoryError) -> HistoryStore {
        let store = HistoryStore(path: path, dbQueue: try openQueue(path: path))
        try store.migrate(upTo: last)
        return store
    }

    /// Runs raw SQL statements in one transaction: for testing.
    package func execute(sql: String) throws(HistoryError) {
        try write { try $0.execute(sql: sql) }
    }

    /// The number of rows a `SELECT COUNT(*) …` statement counts: for testing.
    package func count(sql: String) throws(HistoryError) -> Int {
        try read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    /// The rows a query selects, each column as a number (nil for NULL): for testing.
    package func numbers(sql: String) throws(HistoryError) -> [[Double?]] {
        try read { db in
            try Row.fetchAll(db, sql: sql).map { row in (0..<row.count).map { row[$0] as Double? } }
        }
    }

    /// The stored per-student values of one target and id of a run, in the order of the run's
    /// students (`run_student.position`), as its list holds them (`student_value_list`).
    /// - Throws: `HistoryError.invalidStoredValue` when a list is not as `record` writes it, or
    ///   names a student the run does not list.
    package func studentValues(runID: Int64, target: EarlyWarning.Target, id: String) throws(HistoryError) -> [(studentID: String, value: Double?)] {
        let path = path
        return try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT l.student_positions, l.value_list
                    FROM class_value c
                    JOIN student_value_list l ON l.run_id = c.run_id AND l.value_position = c.position
                    WHERE c.run_id = ? AND c.target = ? AND c.id = ? AND c.measure = 'attainment'
                    """,
                arguments: [runID, target.rawValue, id])
            guard let row else { return [] }
            let positionsText: String = try row.decode(forColumn: "student_positions")
            let valuesText: String = try row.decode(forColumn: "value_list")
            // A list is long: the error shows its start.
            func invalid(_ column: String, _ text: String) -> HistoryError {
                .invalidStoredValue(file: path, column: "student_value_list." + column, value: String(text.prefix(80)))
            }
            guard let positions = StudentValueList.decodePositions(positionsText) else {
                throw invalid("student_positions", positionsText)
            }
            guard let values = StudentValueList.decode(valuesText), values.count == positions.count else {
                throw invalid("value_list", valuesText)
            }
            let ids = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT position, student_id FROM run_student WHERE run_id = ?", arguments: [runID]
                ).map { row -> (Int, String) in (try row.decode(forColumn: "position"), try row.decode(forColumn: "student_id")) })
            return try zip(positions, values).sorted { $0.0 < $1.0 }.map { position, value in
                guard let studentID = ids[position] else { throw invalid("student_positions", positionsText) }
                return (studentID, value)
            }
        }
    }

    /// The names of the tables, sorted, without SQLite's and GRDB's own.
    package func tableNames() throws(HistoryError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name NOT LIKE 'grdb_%' ORDER BY name
                    """)
        }
    }

    /// Every row of every table (GRDB's and SQLite's included), as text: two dumps are equal
    /// when the database content is.
    package func contentDump() throws(HistoryError) -> String {
        try read { db in
            var dump = ""
            let tables = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
            for table in tables {
                let name: String = try table.decode(forColumn: "name")
                let definition: String? = try table.decode(forColumn: "sql")
                dump += "# \(name)\n"
                let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                // A table WITHOUT ROWID has no rowid; its rows go in the order of its key.
                let order = definition?.hasSuffix("WITHOUT ROWID") == true ? "" : " ORDER BY rowid"
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(quoted)\(order)") {
                    dump += row.description + "\n"
                }
            }
            return dump
        }
    }
}
