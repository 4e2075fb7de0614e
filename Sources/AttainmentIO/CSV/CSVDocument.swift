import Foundation

/// A CSV document: RFC 4180 quoting where needed, `\n` line ends, UTF-8 without a BOM.
package struct CSVDocument {
    package private(set) var text = ""

    package init(header: [String]) { append(header) }

    package mutating func append(_ cells: [String]) {
        text += cells.map(Self.quote).joined(separator: ",") + "\n"
    }

    package static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
