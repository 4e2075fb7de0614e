import ArgumentParser
import AttainmentCore
import AttainmentReport
import AttainmentStore
import Foundation

/// `attain improve`: the continuous-improvement ledger (持续改进台账).
struct Improve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep the continuous-improvement ledger: add, edit, list, close and export records.",
        discussion: """
            A record says what was found, who answers for it and what is done about it: source \
            of the information, responsible unit, feedback, response, improvement measures, \
            expected effect, deadline, responsible person and status, linked to a programme, a \
            cohort and an indicator, requirement, course or course objective. `attain run` and \
            `attain batch` draft an open record for every new programme or course warning; a \
            person fills it in. `list` shows, for each record, whether a later cohort's value \
            recovered (the re-check that closes the loop).

            Examples:
              attain improve list
              attain improve list --programme SE --status open
              attain improve edit 3 --unit 计算机学院 --person 张老师 --measures "增加习题课" --deadline 2025-06-30
              attain improve add --programme SE --cohort 2022 --target indicator:3.2 --feedback "学生反映实验课时不足"
              attain improve close 3
              attain improve export -o ledger.xlsx
            """,
        subcommands: [List.self, Add.self, Edit.self, Close.self, Export.self]
    )

    /// The text fields of a record, shared by `add` and `edit`.
    struct Fields: ParsableArguments {
        @Option(help: ArgumentHelp("Source of the information (信息来源), e.g. 毕业生调查.", valueName: "text"))
        var source: String?
        @Option(help: ArgumentHelp("Responsible unit (责任单位).", valueName: "text"))
        var unit: String?
        @Option(help: ArgumentHelp("Feedback content (反馈内容).", valueName: "text"))
        var feedback: String?
        @Option(help: ArgumentHelp("Response (回应).", valueName: "text"))
        var response: String?
        @Option(help: ArgumentHelp("Improvement measures (改进措施).", valueName: "text"))
        var measures: String?
        @Option(help: ArgumentHelp("Expected effect (预期效果).", valueName: "text"))
        var effect: String?
        @Option(help: ArgumentHelp("Deadline, YYYY-MM-DD.", valueName: "date"))
        var deadline: String?
        @Option(help: ArgumentHelp("Responsible person (责任人).", valueName: "name"))
        var person: String?
        @Option(help: ArgumentHelp("Status: open, in-progress or closed.", valueName: "status"), transform: choice)
        var status: ImprovementRecord.Status?

        func validate() throws {
            if let deadline { _ = try Day.validated(deadline, option: "--deadline") }
        }

        /// Sets every field that was given.
        func apply(to record: inout ImprovementRecord, today: String) {
            if let source { record.source = source }
            if let unit { record.responsibleUnit = unit }
            if let feedback { record.feedback = feedback }
            if let response { record.response = response }
            if let measures { record.measures = measures }
            if let effect { record.expectedEffect = effect }
            if let deadline { record.deadline = deadline }
            if let person { record.responsiblePerson = person }
            if let status {
                record.status = status
                record.closed = status == .closed ? (record.closed ?? today) : nil
            }
        }

        var isEmpty: Bool {
            [source, unit, feedback, response, measures, effect, deadline, person].allSatisfy { $0 == nil } && status == nil
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List ledger records with their re-check against later cohorts.")

        @OptionGroup var history: HistoryOptions
        @Option(help: "Only this programme's records.") var programme: String?
        @Option(help: ArgumentHelp("Only records with this status: open, in-progress or closed.", valueName: "status"), transform: choice)
        var status: ImprovementRecord.Status?

        func run() throws { try withHistoryErrors(perform) }


        func perform() throws {
            let store = try history.openExisting()
            let records = try store.improvements(programmeID: programme, status: status)
            let rows = try records.map { LedgerRow(record: $0, recheck: try store.recheck($0)) }
            print(Ledger.text(rows), terminator: "")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a record by hand.")

        @OptionGroup var history: HistoryOptions
        @Option(help: "The programme id.") var programme: String
        @Option(help: "The cohort the record is about, e.g. 2022.") var cohort: String
        @Option(
            help: ArgumentHelp(
                "What it is about: requirement:GR3, indicator:3.2, programme-objective:PEO1, course:CS101 or course-objective:CS101/CO2.",
                valueName: "kind:id"))
        var target: String
        @Option(help: ArgumentHelp("The value to reach, for the re-check (default: none).", valueName: "value"))
        var bound: Double?
        @OptionGroup var fields: Fields
        @Option(help: ArgumentHelp("The day it was recorded (default: SOURCE_DATE_EPOCH, else today).", valueName: "date"))
        var date: String?

        func validate() throws {
            _ = try parsedTarget()
            if let date { _ = try Day.validated(date) }
        }

        func parsedTarget() throws -> (EarlyWarning.Target, String, String?) {
            let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
            let kinds = EarlyWarning.Target.allCases.filter { $0 != .student }
            guard parts.count == 2, let kind = EarlyWarning.Target(rawValue: parts[0]), kind != .student, !parts[1].isEmpty
            else {
                throw ValidationError(
                    "--target must be KIND:ID with KIND one of \(kinds.map(\.rawValue).joined(separator: ", ")), not '\(target)'")
            }
            let course: String? = switch kind {
            case .course: parts[1]
            case .courseObjective: parts[1].split(separator: "/").first.map(String.init)
            default: nil
            }
            return (kind, parts[1], course)
        }

        func run() throws { try withHistoryErrors(perform) }


        func perform() throws {
            let (kind, id, course) = try parsedTarget()
            let today = date ?? Day.today()
            var record = ImprovementRecord(
                programmeID: programme, cohort: cohort, level: course == nil ? .programme : .course, target: kind,
                targetID: id, courseID: course, bound: bound, created: today)
            fields.apply(to: &record, today: today)
            let store = try history.open()
            let number = try store.addImprovement(record)
            print("Added record \(number)")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change fields of a record.")

        @OptionGroup var history: HistoryOptions
        @Argument(help: "The record's number.") var id: Int64
        @OptionGroup var fields: Fields

        func validate() throws {
            if fields.isEmpty { throw ValidationError("name at least one field to change, e.g. --measures or --person") }
        }

        func run() throws { try withHistoryErrors(perform) }


        func perform() throws {
            let store = try history.openExisting()
            guard var record = try store.improvement(id: id) else {
                printError("no ledger record \(id) in \(history.path)")
                throw ExitStatus.inputErrors
            }
            fields.apply(to: &record, today: Day.today())
            try store.updateImprovement(record)
            print("Updated record \(id)")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a record.")

        @OptionGroup var history: HistoryOptions
        @Argument(help: "The record's number.") var id: Int64
        @Option(help: ArgumentHelp("The day it was closed (default: SOURCE_DATE_EPOCH, else today).", valueName: "date"))
        var date: String?

        func validate() throws {
            if let date { _ = try Day.validated(date) }
        }

        func run() throws { try withHistoryErrors(perform) }


        func perform() throws {
            let store = try history.openExisting()
            guard try store.improvement(id: id) != nil else {
                printError("no ledger record \(id) in \(history.path)")
                throw ExitStatus.inputErrors
            }
            try store.closeImprovement(id: id, on: date ?? Day.today())
            print("Closed record \(id)")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the ledger as CSV, an Excel workbook or a Word document.",
            discussion: "The format follows the file's extension: .csv, .xlsx or .docx.")

        @OptionGroup var history: HistoryOptions
        @Option(name: .shortAndLong, help: "The file to write (.csv, .xlsx or .docx).") var output: String
        @Option(help: "Only this programme's records.") var programme: String?
        @Option(help: ArgumentHelp("Only records with this status.", valueName: "status"), transform: choice)
        var status: ImprovementRecord.Status?
        @Option(help: ArgumentHelp("The language of a Word document: zh or en.", valueName: "zh|en"), transform: choice)
        var lang: ReportLanguage = .zh
        @Option(help: ArgumentHelp("The date on a Word document (default: SOURCE_DATE_EPOCH, else today).", valueName: "date"))
        var date: String?

        func validate() throws {
            guard Ledger.Format(path: output) != nil else {
                throw ValidationError("-o must end in .csv, .xlsx or .docx, not '\(output)'")
            }
            if let date { _ = try Day.validated(date) }
        }

        func run() throws { try withHistoryErrors(perform) }


        func perform() throws {
            let store = try history.openExisting()
            let records = try store.improvements(programmeID: programme, status: status)
            let rows = try records.map { LedgerRow(record: $0, recheck: try store.recheck($0)) }
            guard let format = Ledger.Format(path: output) else { throw ExitStatus.inputErrors }  // validated above
            do {
                let bytes = try Ledger.export(rows, format: format, language: lang, date: date ?? Day.today())
                let path = output as NSString
                try OutputWriter.write(
                    [OutputDocument(name: path.lastPathComponent, contents: bytes)], to: path.deletingLastPathComponent.nonEmpty ?? ".")
            } catch {
                printError(error.description)
                throw ExitStatus.outputErrors
            }
            print("Wrote \(rows.count) records to \(output)")
        }
    }
}

