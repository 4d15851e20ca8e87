/// An interface text, named by its key in the message catalogue.
///
/// The domain says *which* message a user should read (a refusal's reason, a role's name, a
/// stage of a cycle) and with which values; the words themselves, in Lao and English, live in the
/// catalogue (`PasanMessages`), where translators can see and review them. The domain never holds
/// the text of a message, so nothing here needs translating.
public struct Message: Sendable, Hashable {
    /// The catalogue key (the PO entry's `msgctxt`), for example `policy.deny.signIn`.
    public var key: String
    /// Values for the `{name}` placeholders of the text.
    public var arguments: [String: MessageArgument]
    /// The number that chooses the plural form, also available as `{count}`.
    public var count: Int?

    public init(_ key: String, _ arguments: [String: MessageArgument] = [:], count: Int? = nil) {
        self.key = key
        self.arguments = arguments
        self.count = count
    }
}

/// A value put into a message's placeholder: shown in the language the message is shown in.
public indirect enum MessageArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation,
    ExpressibleByIntegerLiteral
{
    /// Text shown as it is in every language (a code, an e-mail address, a file name).
    case text(String)
    /// A whole number, formatted for the language.
    case number(Int)
    /// A text in both languages (a title): its Lao or English form.
    case localized(LocalizedText)
    /// Another catalogue message (a role's name inside a reason).
    case message(Message)
    /// A calendar day, formatted for the language.
    case date(LocalDate)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }
    public init(integerLiteral value: Int) { self = .number(value) }
}
