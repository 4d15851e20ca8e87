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
        guard let rgb = components(hex) else { return false }
        return contrast(rgb, darkText) > contrast(rgb, white)
    }

    /// The colour to put text on: `hex` itself when its text (white or near-black, whichever
    /// reads better) already reaches WCAG AA's 4.5:1, otherwise `hex` darkened (under white
    /// text) or lightened (under dark text) by the smallest step that does. Some official SDG
    /// colours (Goals 1, 5, 9, 10, 11…) are a little too light for small white text.
    public static func readableBackground(_ hex: String) -> String {
        guard let rgb = components(hex) else { return hex }
        let dark = contrast(rgb, darkText) > contrast(rgb, white)
        let text = dark ? darkText : white
        for step in 0...50 {
            let f = 1 - Double(step) / 50
            let adjusted = dark ? rgb.map { $0 + (1 - $0) * (1 - f) } : rgb.map { $0 * f }
            if contrast(adjusted, text) >= 4.5 {
                return step == 0 ? hex : "#" + adjusted.map { String(format: "%02X", Int(($0 * 255).rounded())) }.joined()
            }
        }
        return dark ? "#FFFFFF" : "#000000"
    }

    /// WCAG 2.x contrast ratio of two colours given as hex strings (`nil` if either is malformed).
    public static func contrastRatio(_ a: String, _ b: String) -> Double? {
        guard let x = components(a), let y = components(b) else { return nil }
        return contrast(x, y)
    }

    private static let white: [Double] = [1, 1, 1]
    private static let darkText: [Double] = [0x1A, 0x1A, 0x1A].map { Double($0) / 255 }  // #1a1a1a

    /// Red, green and blue in 0…1.
    private static func components(_ hex: String) -> [Double]? {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        return [16, 8, 0].map { Double((value >> $0) & 0xFF) / 255 }
    }

    private static func luminance(_ rgb: [Double]) -> Double {
        let linear = rgb.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }

    private static func contrast(_ a: [Double], _ b: [Double]) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}
