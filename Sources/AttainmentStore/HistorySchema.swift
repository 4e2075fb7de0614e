internal import GRDB

/// The tables of the results history and the migrations that make them (docs/architecture.md,
/// "The results history").
///
/// The schema is kept plain so that the same tables could live in PostgreSQL or MySQL: INTEGER,
/// REAL and TEXT columns only, dates as ISO 8601 text, ids as text, foreign keys with
/// ON DELETE CASCADE. A migration, once released, is never edited: changes go in a new one
/// appended to `migrator`.
enum HistorySchema {
    /// The migrations, in order. GRDB records the applied ones in `grdb_migrations`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2") { db in try db.execute(sql: v2) }
        return migrator
    }

    /// The runs and their values.
    static let v1 = """
        CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            programme_id TEXT NOT NULL,
            programme_name TEXT NOT NULL,
            cohort TEXT NOT NULL,
            scheme TEXT NOT NULL,
            class_threshold REAL NOT NULL,
            individual_threshold REAL NOT NULL,
            tool_version TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            fingerprint TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL
        );
        CREATE INDEX run_programme_cohort ON run (programme_id, cohort);

        CREATE TABLE run_setting (
            run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        );

        CREATE TABLE run_input (
            run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            PRIMARY KEY (run_id, path)
        );

        CREATE TABLE class_value (
            run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            target TEXT NOT NULL,
            id TEXT NOT NULL,
            course_id TEXT,
            measure TEXT NOT NULL,
            value REAL,
            verdict TEXT,
            students_evaluated INTEGER,
            students_below_individual INTEGER,
            PRIMARY KEY (run_id, target, id, measure)
        );

        CREATE TABLE student_value (
            run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            target TEXT NOT NULL,
            id TEXT NOT NULL,
            student_id TEXT NOT NULL,
            value REAL
        );
        CREATE INDEX student_value_run ON student_value (run_id, target, id);
        """

    /// The early warnings of each run and the continuous-improvement ledger.
    static let v2 = """
        CREATE TABLE warning (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            level TEXT NOT NULL,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            target TEXT NOT NULL,
            target_id TEXT NOT NULL,
            course_id TEXT,
            value REAL,
            bound REAL NOT NULL,
            previous_cohort TEXT,
            previous_value REAL,
            detail TEXT NOT NULL
        );
        CREATE INDEX warning_run ON warning (run_id);

        CREATE TABLE improvement (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            programme_id TEXT NOT NULL,
            cohort TEXT NOT NULL,
            level TEXT NOT NULL,
            target TEXT NOT NULL,
            target_id TEXT NOT NULL,
            course_id TEXT,
            rule TEXT,
            baseline_value REAL,
            bound REAL,
            source TEXT NOT NULL,
            responsible_unit TEXT NOT NULL,
            feedback TEXT NOT NULL,
            response TEXT NOT NULL,
            measures TEXT NOT NULL,
            expected_effect TEXT NOT NULL,
            deadline TEXT NOT NULL,
            responsible_person TEXT NOT NULL,
            status TEXT NOT NULL,
            created TEXT NOT NULL,
            closed TEXT,
            run_id INTEGER REFERENCES run (id) ON DELETE SET NULL
        );
        CREATE INDEX improvement_programme_cohort ON improvement (programme_id, cohort);
        CREATE INDEX improvement_target ON improvement (programme_id, target, target_id);
        """
}
