import Foundation

/// `value` with `digits` decimals.
func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

/// A share as a percent with one decimal.
func percent(_ share: Double) -> String { fixed(share * 100, 1) + " %" }
