import AttainmentCore
public import AttainmentStore

/// A ledger record with its re-check against later cohorts.
public struct LedgerRow: Sendable {
    public var record: ImprovementRecord
    public var recheck: Recheck

    /// Pairs a record with its re-check.
    public init(record: ImprovementRecord, recheck: Recheck) {
        self.record = record
        self.recheck = recheck
    }
}

/// The continuous-improvement ledger (持续改进台账) as a table: on the terminal, and exported
/// as CSV, an Excel workbook or a Word document.
public enum Ledger {
    /// The export formats, chosen by the file's extension.
    public enum Format: Sendable {
        case csv
        case xlsx
        case docx

        /// The format named by a path's extension (`.csv`, `.xlsx`, `.docx`, any case), or nil.
        public init?(path: String) {
            switch path.split(separator: ".").last?.lowercased() {
            case "csv": self = .csv
            case "xlsx": self = .xlsx
            case "docx": self = .docx
            default: return nil
            }
        }
    }

    /// The ledger's table: every field of every record, and its re-check.
    static func table(_ rows: [LedgerRow]) -> DataTable {
        var table = DataTable(
            name: "ledger", sheet: "Ledger 持续改进台账", titleZh: "持续改进台账", titleEn: "Continuous-improvement ledger",
            columns: [
                .init("id", "编号", "No.", numeric: true), .init("programme_id", "专业", "Programme"),
                .init("cohort", "年级", "Cohort"), .init("target", "对象", "Target"),
                .init("rule", "预警规则", "Warning rule"),
                .init("baseline_value", "当时数值", "Value then", numeric: true), .init("bound", "目标值", "Bound", numeric: true),
                .init("source", "信息来源", "Source"), .init("responsible_unit", "责任单位", "Responsible unit"),
                .init("feedback", "反馈内容", "Feedback"), .init("response", "回应", "Response"),
                .init("measures", "改进措施", "Improvement measures"), .init("expected_effect", "预期效果", "Expected effect"),
                .init("deadline", "完成时限", "Deadline"), .init("responsible_person", "责任人", "Responsible person"),
                .init("status", "状态", "Status"), .init("created", "创建日期", "Created"), .init("closed", "关闭日期", "Closed"),
                .init("recheck", "复核", "Re-check"), .init("recheck_cohort", "复核年级", "Re-checked on cohort"),
                .init("recheck_value", "复核数值", "Value now", numeric: true),
            ])
        for row in rows {
            let r = row.record
            table.rows.append([
                .count(Int(r.id ?? 0)), .text(r.programmeID), .text(r.cohort), .text("\(r.target.rawValue) \(r.targetID)"),
                .text(r.rule?.rawValue ?? ""), .value(r.baselineValue, threshold: r.bound), .value(r.bound, threshold: nil),
                .text(r.source), .text(r.responsibleUnit), .text(r.feedback), .text(r.response), .text(r.measures),
                .text(r.expectedEffect), .text(r.deadline), .text(r.responsiblePerson), .text(r.status.rawValue),
                .text(r.created), .text(r.closed ?? ""), .text(row.recheck.status.rawValue), .text(row.recheck.cohort ?? ""),
                .value(row.recheck.value, threshold: r.bound),
            ])
        }
        return table
    }

    /// The ledger on the terminal: a line per record with its target, status and re-check,
    /// and the filled-in text fields below it.
    public static func text(_ rows: [LedgerRow]) -> String {
        guard !rows.isEmpty else { return "The ledger has no records.\n" }
        var table = TextTable(
            header: ["No.", "Programme", "Cohort", "Target", "Rule", "Value then", "Status", "Re-check", "Cohort", "Value now"],
            rightAligned: [0, 5, 9])
        for row in rows {
            let r = row.record
            table.rows.append([
                String(r.id ?? 0), r.programmeID, r.cohort, "\(r.target.rawValue) \(r.targetID)", r.rule?.rawValue ?? "by hand",
                r.baselineValue == nil ? "" : NumberStyle.shown(r.baselineValue), r.status.rawValue, row.recheck.status.rawValue,
                row.recheck.cohort ?? "", row.recheck.value == nil ? "" : NumberStyle.shown(row.recheck.value),
            ])
        }
        var text = table.render()
        let open = rows.count { $0.record.status != .closed }
        let recovered = rows.count { $0.recheck.status == .recovered }
        text += "\n\(rows.count) records, \(open) not closed; \(recovered) recovered in a later cohort\n"
        return text
    }

    /// The ledger as a file.
    /// - Parameters:
    ///   - language: the Word document's fixed texts.
    ///   - date: shown in the Word document.
    public static func export(
        _ rows: [LedgerRow], format: Format, language: ReportLanguage, date: String
    ) throws(OutputError) -> [UInt8] {
        let table = table(rows)
        switch format {
        case .csv:
            return Array(table.csv.utf8)
        case .xlsx:
            do {
                var properties = XLSXDocumentProperties()
                properties.title = "持续改进台账 Continuous-improvement ledger"
                properties.author = "attain"
                properties.comments = "attain \(attainVersion)"
                let workbook = try XLSXWorkbookWriter(properties: properties)
                try table.writeSheet(to: workbook)
                return try workbook.finish()
            } catch {
                throw OutputError(path: "ledger.xlsx", reason: error.description)
            }
        case .docx:
            let zh = language == .zh
            let title = zh ? "持续改进台账" : "Continuous-improvement ledger"
            var blocks: [ReportBlock] = [.heading(level: 1, text: title)]
            blocks.append(.paragraph([.plain(zh
                ? "日期：\(date)。共 \(rows.count) 条记录。复核：recovered 表示后续年级该数值已恢复，not-recovered 表示仍有预警，pending 表示尚无后续年级。"
                : "Date: \(date). \(rows.count) records. Re-check: recovered means a later cohort's value recovered, not-recovered that it is still warned on, pending that no later cohort has been run.")]))
            for (row, cells) in zip(rows, table.rows) {
                let r = row.record
                blocks.append(.heading(level: 3, text: "\(r.id ?? 0). \(r.programmeID) \(r.cohort) · \(r.target.rawValue) \(r.targetID)"))
                let fieldRows: [[TableCell]] = zip(table.columns, cells).map { column, cell in
                    [.text(zh ? column.zh : column.en), .text(cell.shown)]
                }
                blocks.append(.table(ReportTable(
                    caption: zh ? "记录 \(r.id ?? 0)" : "Record \(r.id ?? 0)",
                    header: [zh ? "项目" : "Field", zh ? "内容" : "Content"], rows: fieldRows)))
            }
            return DOCXWriter.make(ReportDocument(title: title, language: language, blocks: blocks))
        }
    }
}
