public import AttainmentCore

/// The settings of a self-study report (`attain report`).
public struct ReportOptions: Sendable, Equatable {
    /// The language of every fixed text; the programme's own texts stay as written.
    public var language: ReportLanguage
    /// When true, student ids are replaced by stable pseudonyms and names are left out.
    public var pseudonymise: Bool
    /// The secret the pseudonyms are derived from; nil derives them from the programme id and
    /// cohort, which keeps them stable but lets anyone with the roster recompute them.
    public var pseudonymKey: String?
    /// A value at or above its threshold but below threshold + `nearMargin` is reported as near
    /// the threshold (amber in the tables, named in the findings).
    public var nearMargin: Double
    /// The date shown on the cover, as written (e.g. `2026-11-22`).
    public var date: String

    /// Creates report settings.
    public init(
        language: ReportLanguage, pseudonymise: Bool = false, pseudonymKey: String? = nil,
        nearMargin: Double = 0.05, date: String
    ) {
        self.language = language
        self.pseudonymise = pseudonymise
        self.pseudonymKey = pseudonymKey
        self.nearMargin = nearMargin
        self.date = date
    }

    /// Chinese when the programme's name has a Chinese character, English otherwise.
    public static func defaultLanguage(for programme: Programme) -> ReportLanguage {
        programme.name.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? .zh : .en
    }
}
