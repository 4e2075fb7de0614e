import ArgumentParser
import AttainmentCore
import AttainmentReport
import AttainmentStore
import Foundation

/// `attain history`: what the results history holds, and trends across cohorts.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the results history: programmes, runs, and values across cohorts.",
        discussion: """
            Without a programme, lists every programme in the history with its cohorts. With \
            one, shows its values across cohorts at a level (default: requirement), one column \
            per cohort from the latest run of each, marking values below that cohort's \
            threshold; -o writes the table (trend.csv, trend.md) and the cohort comparison chart \
            (trend.svg), their texts in --lang (default: zh when the programme's name is \
            Chinese). --runs lists every recorded run instead.

            Examples:
              attain history
              attain history SE
              attain history SE --level indicator --id 3.1 --id 3.2 -o out/se-trend
              attain history SE --runs

            Exit codes: 0 shown; 1 no history, or nothing recorded for the programme; 2 the files could not be written.
            """
    )

    @OptionGroup var history: HistoryOptions
    @Argument(help: "The programme id.") var programme: String?
    @Option(
        help: ArgumentHelp(
            "The level: requirement, indicator, programme-objective, course or course-objective.", valueName: "level"), transform: choice)
    var level: EarlyWarning.Target = .requirement
    @Option(help: ArgumentHelp("Only these ids (repeat the option); default: all.", valueName: "id"))
    var id: [String] = []
    @Option(name: .shortAndLong, help: "Write trend.csv, trend.md and trend.svg to this folder.")
    var output: String?
    @Flag(help: "List every recorded run rather than values.")
    var runs = false
    @Option(
        help: ArgumentHelp(
            "The language of trend.md and trend.svg: zh or en (default: zh when the programme's latest name is Chinese).",
            valueName: "zh|en"), transform: choice)
    var lang: ReportLanguage?

    func validate() throws {
        if level == .student { throw ValidationError("--level student: per-student values are not shown as trends; choose a class level") }
        if programme == nil, output != nil || !id.isEmpty { throw ValidationError("name a programme to show its trend") }
    }

    func run() throws { try withHistoryErrors(perform) }


    func perform() throws {
        let store = try history.openExisting()
        if runs, programme == nil {
            print(HistoryText.runs(try store.runs(programmeID: nil)), terminator: "")
            return
        }
        guard let programme else {
            let programmes = try store.programmes()
            guard !programmes.isEmpty else {
                print("The history in \(history.path) has no runs yet.")
                return
            }
            print(HistoryText.programmes(programmes), terminator: "")
            return
        }
        if runs {
            let list = try store.runs(programmeID: programme)
            guard !list.isEmpty else { return try nothingFor(programme) }
            print(HistoryText.runs(list), terminator: "")
            return
        }
        let trendTable = try store.trend(programmeID: programme, target: level, ids: id.isEmpty ? nil : id)
        guard !trendTable.cohorts.isEmpty else { return try nothingFor(programme) }
        let name = try store.programmes().first { $0.id == programme }?.name ?? ""
        let language = lang ?? ReportOptions.defaultLanguage(forName: name)
        let trend = Trend(trendTable, programmeID: programme, target: level, language: language)
        print(trend.text, terminator: "")
        if let output {
            do {
                try OutputWriter.write(trend.documents, to: output)
            } catch {
                printError(error.description)
                throw ExitStatus.outputErrors
            }
            print("Wrote trend.csv, trend.md and trend.svg to \(output)")
        }
    }

    func nothingFor(_ programme: String) throws {
        printError("\(history.path): nothing recorded for programme '\(programme)' (attain history lists the programmes)")
        throw ExitStatus.inputErrors
    }
}

