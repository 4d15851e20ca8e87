import PasanDomain

/// The one place where numbers and dates become text for a reader.
public enum TextFormat {
    /// A whole number as shown to a reader.
    public static func number(_ value: Int, in language: Language) -> String {
        String(value)
    }

    /// A calendar day as shown to a reader.
    public static func date(_ day: LocalDate, in language: Language) -> String {
        day.description
    }
}
