/// Where a piece of input came from: a file, and where known a line and a column.
///
/// Lines and columns are 1-based. In a CSV file the column is the field number; in a YAML
/// file it is the character column reported by the YAML parser. In a workbook the location
/// names a sheet, and line and column are the cell's row and column: `book.xlsx:课程目标!C14`.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's path as the user would recognise it (relative to the programme folder).
    public var file: String
    /// The worksheet's name, for a location in a workbook.
    public var sheet: String?
    /// The 1-based line (a workbook's row), or nil when the problem concerns the whole file.
    public var line: Int?
    /// The 1-based column, or nil when the problem concerns a whole line.
    public var column: Int?

    /// Creates a location.
    public init(file: String, sheet: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
    }

    /// `file:line:column` in text files, `file:sheet!C14` in workbooks, leaving out what is
    /// not known.
    public var description: String {
        var text = file
        if let sheet {
            text += ":\(sheet)"
            if let line {
                text += "!" + (column.map(SourceLocation.columnLetters) ?? "") + "\(line)"
            }
            return text
        }
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    /// A spreadsheet's column letters for a 1-based column number: 1 → A, 27 → AA.
    public static func columnLetters(_ column: Int) -> String {
        precondition(column >= 1, "columns are 1-based")
        var letters: [Character] = []
        var rest = column
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + digit))))
            rest = (rest - 1) / 26
        }
        return String(letters.reversed())
    }
}

/// What part of a programme a diagnostic is about, independent of files.
///
/// The engine and the model's validation speak in subjects; the readers map subjects to the
/// file, line and column where the thing was defined.
public enum DiagnosticSubject: Hashable, Sendable {
    case programme
    case programmeObjective(String)
    case requirement(String)
    case indicator(String)
    case requirementSupport(requirement: String, objective: String)
    case course(String)
    case courseObjective(course: String, objective: String)
    case component(course: String, component: String)
    case item(course: String, item: String)
    case courseSupport(course: String, indicator: String)
    /// A survey, by its id (methods.md §13).
    case survey(String)
    /// An elective group of programme.yaml's `elective_groups` (methods.md §14).
    case electiveGroup(String)
    /// A threshold, `class` or `individual` (where it is given; else the programme).
    case threshold(String)
}

/// The kind of a diagnostic, stable across versions so that scripts and tests can match on it.
public enum DiagnosticCode: String, Sendable, CaseIterable {
    // Files and syntax.
    case fileMissing = "file-missing"
    case fileUnreadable = "file-unreadable"
    case encoding = "encoding"
    case syntax = "syntax"
    case missingField = "missing-field"
    case invalidValue = "invalid-value"
    case duplicateID = "duplicate-id"
    case unknownID = "unknown-id"
    // Score sheets.
    case notANumber = "not-a-number"
    case scoreAboveFullMarks = "score-above-full-marks"
    case negativeScore = "negative-score"
    case blankScore = "blank-score"
    case duplicateStudent = "duplicate-student"
    case itemNotInPlan = "item-not-in-plan"
    case itemNotInSheet = "item-not-in-sheet"
    case ambiguousColumn = "ambiguous-column"
    case fullMarksMismatch = "full-marks-mismatch"
    case malformedWorkbook = "malformed-workbook"
    case studentNotOnRoster = "student-not-on-roster"
    case rosterStudentWithoutScores = "roster-student-without-scores"
    case decodedAsGB18030 = "decoded-as-gb18030"
    // Programme structure.
    case objectiveNotAssessed = "objective-not-assessed"
    case indicatorUnsupported = "indicator-unsupported"
    case supportWithoutObjective = "support-without-objective"
    case objectiveWithoutSupport = "objective-without-support"
    case componentWeight = "component-weight"
    case marksDoNotAddUp = "marks-do-not-add-up"
    case weightsNormalised = "weights-normalised"
    case singleSupportingCourse = "single-supporting-course"
    case singleItemObjective = "single-item-objective"
    case objectiveUnsupported = "objective-unsupported"
    case notEvaluable = "not-evaluable"
    // Surveys.
    case ambiguousSurveyTarget = "ambiguous-survey-target"
    case lowSurveyCoverage = "low-survey-coverage"
    /// A survey with more respondents than its declared population.
    case surveyAbovePopulation = "survey-above-population"
    /// A blended survey on an elective group's course does not reach the group's pooled value.
    case surveyOutsideGroupValue = "survey-outside-group-value"
    /// A student has rows in several courses of one elective group; the first in group order counts.
    case severalElectives = "several-electives"
    /// Students are counted with a resit or retake rather than a first attempt (methods.md §14).
    case laterAttemptCounted = "later-attempt-counted"
}

/// A problem found in a programme's input or while computing it.
///
/// Messages never contain student names or scores; they name files, ids and columns.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// Whether the problem stops a run.
    public enum Severity: String, Sendable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    public var code: DiagnosticCode
    /// What the diagnostic is about, when it concerns a part of the model.
    public var subject: DiagnosticSubject?
    /// Where in the input, when known.
    public var location: SourceLocation?
    /// A sentence for the user, with ids but no student data.
    public var message: String

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String,
        subject: DiagnosticSubject? = nil, location: SourceLocation? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.subject = subject
        self.location = location
    }

    /// `location: severity: message [code]`, as compilers print it.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(code.rawValue)]"
    }
}

/// Thrown when input has errors; carries every diagnostic found, warnings included.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    /// All diagnostics, errors and warnings, in the order found.
    public var diagnostics: [Diagnostic]

    /// Creates the error from its diagnostics.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// Only the errors.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
