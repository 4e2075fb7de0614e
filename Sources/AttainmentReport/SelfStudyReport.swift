public import AttainmentCore

/// The formats of `attain report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// `report.docx`: Word tables, heading styles, landscape pages for wide matrices, charts as
    /// DrawingML shapes.
    case docx
    /// `report.html`: one self-contained file with inline SVG charts, printable to A4.
    case html
    /// `report.md` with the charts as SVG files under `charts/`.
    case md
}

/// The self-study report (自评报告): the tables and charts a programme pastes into its
/// accreditation report, in Word, HTML and Markdown.
public enum SelfStudyReport {
    /// The report's files for the chosen formats, in a fixed order.
    ///
    /// The same result, inputs and options always give the same bytes; the date is an option,
    /// not the clock.
    /// - Parameters:
    ///   - result: the computed results.
    ///   - inputs: the files read, named with their hashes on the cover.
    ///   - options: language, pseudonyms, the near-threshold margin and the date.
    ///   - formats: which formats to write.
    ///   - continuity: the run's early warnings and the programme's earlier cohorts, shown in
    ///     the findings; nil leaves both out.
    public static func build(
        _ result: AttainmentResult, inputs: [InputFile], options: ReportOptions, formats: [ReportFormat],
        continuity: ReportContinuity? = nil
    ) -> [OutputDocument] {
        let document = ReportBuilder.build(result, inputs: inputs, options: options, continuity: continuity)
        var files: [OutputDocument] = []
        if formats.contains(.docx) {
            files.append(OutputDocument(name: "report.docx", contents: DOCXWriter.make(document)))
        }
        if formats.contains(.html) {
            files.append(OutputDocument(name: "report.html", text: HTMLReport.render(document)))
        }
        if formats.contains(.md) {
            let markdown = MarkdownReport.render(document)
            files.append(OutputDocument(name: "report.md", text: markdown.text))
            files += markdown.charts.map { OutputDocument(name: $0.name, text: $0.svg) }
        }
        return files
    }
}
