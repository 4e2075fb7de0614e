import Foundation
internal import GRDB
internal import AttainmentIO

/// The tables of the results history and the migrations that make them (docs/architecture.md,
/// "The results history").
///
/// The schema is kept plain so that the same tables could live in PostgreSQL or MySQL: INTEGER,
/// REAL and TEXT columns only, dates as ISO 8601 text, ids as text, foreign keys with
/// ON DELETE CASCADE (in v3 a trigger deleted a run's `student_value` rows instead; since v4 a
/// run's student values are lists, one row a class value, whose key cascades again).
/// A migration, once released, is never edited: changes go in a new one
/// appended to `migrator`.
enum HistorySchema {
    /// The migrations, in order. GRDB records the applied ones in `grdb_migrations`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2") { db in try db.execute(sql: v2) }
        migrator.registerMigration("v3") { db in try migrateToV3(db) }
        migrator.registerMigration("v4") { db in try migrateToV4(db) }
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

    /// The students' values by position instead of by text (v3): each run lists its students
    /// once in `run_student`, and a student value names its class value and its student by
    /// their positions in the run. The same values in a fifth of the space, recorded in a
    /// little over half the time (docs/performance.md, "Record").
    ///
    /// `student_value.value_position` is the `class_value.position` of the value's target and
    /// id (measure `attainment`); `student_value.student_position` is the `run_student.position`
    /// of the student. These and the run are kept by construction inside `record`'s transaction
    /// rather than by foreign keys, whose look-up for each row would cost a quarter of the
    /// recording; a trigger deletes a run's student values with the run, as `ON DELETE CASCADE`
    /// does for the other tables. The key (run, value, student) allows one value per student
    /// and target.
    static let v3 = """
        CREATE TABLE run_student (
            run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            student_id TEXT NOT NULL,
            PRIMARY KEY (run_id, position),
            UNIQUE (run_id, student_id)
        ) WITHOUT ROWID;

        CREATE UNIQUE INDEX class_value_position ON class_value (run_id, position);

        CREATE TABLE student_value_v3 (
            run_id INTEGER NOT NULL,
            value_position INTEGER NOT NULL,
            student_position INTEGER NOT NULL,
            value REAL,
            PRIMARY KEY (run_id, value_position, student_position)
        ) WITHOUT ROWID;

        INSERT INTO run_student (run_id, position, student_id)
            SELECT run_id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY cohort_row IS NULL, COALESCE(cohort_row, first_row)),
                student_id
            FROM (
                SELECT run_id, student_id, MIN(rowid) AS first_row,
                    MIN(CASE WHEN target IN ('indicator', 'requirement', 'programme-objective') THEN rowid END) AS cohort_row
                FROM student_value GROUP BY run_id, student_id);

        INSERT INTO student_value_v3 (run_id, value_position, student_position, value)
            SELECT v.run_id, c.position, s.position, v.value
            FROM student_value v
            JOIN class_value c ON c.run_id = v.run_id AND c.target = v.target AND c.id = v.id AND c.measure = 'attainment'
            JOIN run_student s ON s.run_id = v.run_id AND s.student_id = v.student_id;
        """

    /// Applies v3: the new tables filled from the v2 `student_value`, which is then replaced.
    /// Each run's students with a stored value are numbered in the order `record` uses: the
    /// cohort in its order (as its indicators, requirements and programme objectives were
    /// recorded), then the students met only in a course, in the order recorded. (A student
    /// without any value has no row to be numbered from; `record` lists them too.) A student
    /// value without its class value would be lost, so it stops the migration instead (GRDB
    /// rolls the whole migration back and the file stays at v2).
    static func migrateToV3(_ db: Database) throws {
        let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM student_value") ?? 0
        try db.execute(sql: v3)
        let after = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM student_value_v3") ?? 0
        guard after == before else {
            throw DatabaseError(
                resultCode: .SQLITE_CONSTRAINT,
                message: "migration v3: \(before - after) of \(before) student values have no class value of their target "
                    + "and id (measure attainment) in their run; the file is left at v2")
        }
        try db.execute(
            sql: """
                DROP TABLE student_value;
                ALTER TABLE student_value_v3 RENAME TO student_value;
                CREATE TRIGGER student_value_of_a_deleted_run AFTER DELETE ON run BEGIN
                    DELETE FROM student_value WHERE run_id = OLD.id;
                END;
                """)
    }

    /// The students' values as lists (v4): one row per class value (target and id), holding the
    /// positions of its students in `run_student` and their values as two JSON arrays of the
    /// same length (`StudentValueList`), where v3 had a row per student and value. The benchmark
    /// university's 7.7 million student values are 51,040 rows instead, recorded in a fraction of the time
    /// (docs/performance.md, "Record"). The view `student_value` gives the rows of v3's table,
    /// with the same columns, through SQLite's `json_each` and `json_extract`.
    ///
    /// A list names its run by a foreign key again: one look-up a list costs nothing. A value is
    /// JSON's shortest decimal of the double, which SQLite's JSON functions and any correct
    /// reader turn back into the same double; `null` is not evaluable, as NULL was.
    static let v4 = """
        CREATE TABLE student_value_list (
            run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            value_position INTEGER NOT NULL,
            student_positions TEXT NOT NULL,
            value_list TEXT NOT NULL,
            PRIMARY KEY (run_id, value_position)
        );
        """

    /// `student_value` as v3 stored it, read from the lists.
    static let studentValueView = """
        CREATE VIEW student_value (run_id, value_position, student_position, value) AS
            SELECT l.run_id, l.value_position, s.value, json_extract(l.value_list, '$[' || s.key || ']')
            FROM student_value_list l, json_each(l.student_positions) s;
        """

    /// Applies v4: each v3 class value's student rows, in their key's order (by student
    /// position), become one list; then the v3 table (and its trigger) is replaced by the view,
    /// once the view has given back every v3 row unchanged (else GRDB rolls the migration back
    /// and the file stays at v3).
    static func migrateToV4(_ db: Database) throws {
        try db.execute(sql: v4)
        let insert = try db.makeStatement(
            sql: "INSERT INTO student_value_list (run_id, value_position, student_positions, value_list) VALUES (?, ?, ?, ?)")
        var key: (run: Int64, value: Int64)?
        var students: [Int] = []
        var values: [Double?] = []
        func flush() throws {
            guard let key else { return }
            var text = TextBuffer(capacity: 20 * values.count)
            guard StudentValueList.values(count: values.count, into: &text, { values[$0] }) else {
                throw DatabaseError(
                    resultCode: .SQLITE_CONSTRAINT,
                    message: "migration v4: run \(key.run) has a student value that is not a finite number; the file is left at v3")
            }
            try insert.execute(arguments: [
                key.run, key.value, String(decoding: StudentValueList.positions(students), as: UTF8.self), text.text,
            ])
            students.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
        let rows = try Row.fetchCursor(
            db, sql: "SELECT run_id, value_position, student_position, value FROM student_value ORDER BY run_id, value_position, student_position")
        var before = 0
        while let row = try rows.next() {
            let rowKey: (Int64, Int64) = (row[0], row[1])
            if let current = key, current != rowKey {
                try flush()
            }
            key = rowKey
            students.append(row[2])
            values.append(row[3])
            before += 1
        }
        try flush()
        // The view under another name first: it must give back the v3 rows, every one unchanged.
        try db.execute(sql: studentValueView.replacingOccurrences(of: "VIEW student_value ", with: "TEMP VIEW student_value_v4 "))
        let listed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM student_value_v4") ?? 0
        let differing = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM (SELECT * FROM student_value EXCEPT SELECT * FROM student_value_v4)") ?? 0
        guard listed == before, differing == 0 else {
            throw DatabaseError(
                resultCode: .SQLITE_CONSTRAINT,
                message: "migration v4: the lists give back \(listed) student values, \(differing) of the \(before) stored "
                    + "differently or not at all; the file is left at v3")
        }
        // v3's trigger is on `run`, so it outlives the table it deleted from: it goes first.
        try db.execute(
            sql: """
                DROP VIEW student_value_v4;
                DROP TRIGGER student_value_of_a_deleted_run;
                DROP TABLE student_value;
                """ + "\n" + studentValueView)
    }
}
