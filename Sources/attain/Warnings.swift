import ArgumentParser
import AttainmentCore
import AttainmentReport
import AttainmentStore
import Foundation

/// `attain warnings`: the early warnings of the latest run of each programme and cohort.
struct Warnings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the early warnings in the results history by level: programme, course, student.",
        discussion: """
            Shows the warnings of the latest recorded run of every programme and cohort (or of \
            the ones chosen), grouped by level, alerts first. The rules are applied when a \
            programme is run (attain run, attain batch); docs/methods.md §10 describes them.

            Examples:
              attain warnings
              attain warnings --programme SE --cohort 2023 --level course
              attain warnings --level student --format csv > students.csv

            Exit codes: 0 listed (also when there are none); 1 there is no history.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case csv
        case md
    }

    @OptionGroup var history: HistoryOptions
    @Option(help: "Only this programme.") var programme: String?
    @Option(help: "Only this cohort.") var cohort: String?
    @Option(help: ArgumentHelp("Only this level: programme, course or student.", valueName: "level"), transform: choice)
    var level: EarlyWarning.Level?
    @Option(help: ArgumentHelp("text (default), csv or md.", valueName: "format"))
    var format: OutputFormat = .text

    func run() throws { try withHistoryErrors(perform) }


    func perform() throws {
        let store = try history.openExisting()
        let stored = try store.warnings(programmeID: programme, cohort: cohort, level: level)
        let warnings = stored.map {
            ProgrammeWarning(programmeID: $0.programmeID, programmeName: $0.programmeName, cohort: $0.cohort, warning: $0.warning)
        }
        switch format {
        case .csv: print(WarningText.csv(warnings), terminator: "")
        case .md: print(WarningText.markdownList(warnings), terminator: "")
        case .text: print(WarningText.terminal(warnings), terminator: "")
        }
    }
}

