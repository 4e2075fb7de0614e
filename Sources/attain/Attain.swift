import ArgumentParser
import AttainmentCore

/// The `attain` command: subcommands only.
struct Attain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attain",
        abstract: "Outcome-based attainment for programme accreditation (CEEAA, teacher education, NBA, ABET).",
        discussion: """
            attain reads a programme folder (programme.yaml, support.csv, courses/, scores/), or \
            a programme workbook with scores/ beside it, and computes attainment from course objectives to indicators, graduation requirements \
            and programme objectives, for the class and for every student.

            Examples:
              attain init my-programme
              attain check fixtures/engineering
              attain run fixtures/engineering -o out/engineering
              attain init --xlsx cs-2024/programme.xlsx
              attain convert fixtures/engineering -o cs-2022/programme.xlsx
              attain batch fixtures/university -o out/university
              attain history SE
              attain compare fixtures/engineering --method indicator=min --method course_objective=pooled-marks

            Exit codes: 0 success; 1 the input has errors (or warnings with --strict); \
            2 the outputs could not be written; 64 the command line is wrong.
            """,
        version: attainVersion,
        subcommands: [
            Init.self, Check.self, Run.self, Report.self, Compare.self, Batch.self, History.self, Warnings.self, Improve.self, Convert.self,
            Info.self,
        ]
    )
}

/// Exit codes, documented in docs/cli.md.
enum ExitStatus {
    static let inputErrors = ExitCode(1)
    static let outputErrors = ExitCode(2)
}
