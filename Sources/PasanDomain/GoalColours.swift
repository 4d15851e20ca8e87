import Foundation

/// The official UN SDG colours, and Pasan's proposed colour for national Goal 18.
public enum GoalColours {
    public static let official: [Int: String] = [
        1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2",
        7: "#FCC30B", 8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E",
        13: "#3F7E44", 14: "#0A97D9", 15: "#56C02B", 16: "#00689D", 17: "#19486A",
    ]

    /// Goal 18 has no UN colour; LSB's pilot red is confusable with Goal 1, so a violet is proposed
    /// (configurable, to be confirmed with LSB).
    public static let nationalGoal18 = "#6A3D9A"

    public static func colour(for goal: Int) -> String {
        official[goal] ?? nationalGoal18
    }

    /// Whether dark text reads better than white on `hex` (WCAG relative luminance).
    public static func prefersDarkText(on hex: String) -> Bool {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return false }
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
        // Contrast with white vs. with near-black (#1a1a1a, luminance ≈ 0.010).
        let withWhite = 1.05 / (luminance + 0.05)
        let withDark = (luminance + 0.05) / (0.0103 + 0.05)
        return withDark > withWhite
    }
}

