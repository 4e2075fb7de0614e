import AttainmentCore
import AttainmentIO
import AttainmentStore

/// What `attain batch` prints when it is done.
public enum BatchText {
    /// A line per programme (status, requirements met, the lowest requirement, warnings), the
    /// totals, and where the files and the history went.
    public static func render(_ summary: BatchSummary, outputDirectory: String, history: String?) -> String {
        var table = TextTable(
            header: ["Programme", "Id", "Cohort", "Status", "Met", "Lowest", "Alerts", "Watches", "Students below"],
            rightAligned: [4, 6, 7, 8])
        for entry in summary.entries {
            guard let result = entry.result else {
                table.rows.append([entry.location.relativePath, "", "", entry.status, "", "", "", "", ""])
                continue
            }
            let programme = result.programme
            let values = zip(programme.requirements, result.requirements).compactMap { requirement, attainment in
                attainment.value.value.map { (requirement.id, $0) }
            }
            let lowest = values.min { $0.1 < $1.1 }
            table.rows.append([
                entry.location.relativePath, programme.id, programme.cohort, entry.status,
                "\(result.requirements.count { $0.value.verdict == .met })/\(result.requirements.count)",
                lowest.map { "\($0.0) \(NumberStyle.fixed($0.1, decimals: 3))" } ?? "n/a",
                String(entry.warnings.count { $0.severity == .alert }), String(entry.warnings.count { $0.severity == .watch }),
                String(BelowThreshold.studentsBelowInAnyRequirement(result)),
            ])
        }
        let failed = summary.failures.count
        var text = table.render()
        text += "\n\(summary.entries.count) programmes: \(summary.entries.count - failed) ran, \(failed) failed\n"
        let recorded = summary.entries.count { if case .recorded(_)? = $0.recording { true } else { false } }
        let already = summary.entries.count { if case .alreadyRecorded(_)? = $0.recording { true } else { false } }
        if let history {
            text += "History: \(recorded) runs recorded, \(already) already there, in \(history)\n"
        }
        text += "Wrote each programme's results under \(outputDirectory)/ and the summary to \(outputDirectory)/summary/\n"
        return text
    }
}
