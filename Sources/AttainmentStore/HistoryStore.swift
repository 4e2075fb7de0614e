public import AttainmentCore
internal import GRDB

/// The results history: every run of every programme, in one SQLite database.
public final class HistoryStore: Sendable {
}
