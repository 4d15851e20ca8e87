import PasanDomain
import PasanMessages

/// The e-mails storage sends (data requests, deadline reminders), written in Lao and then English
/// (a recipient may read either), with their texts from the message catalogue (`mail.*`). Outside
/// a request (reminders run in the background) the current catalogue is the shipped one. (The
/// password-reset e-mail is the accounts feature's: `PasswordResetMail`.)
public enum Mails {
    public struct Mail: Sendable, Hashable {
        public var subject: String
        public var text: String
    }

    /// A subject in both languages: "ປະສານ: … / Pasan: …".
    static func subject(_ message: Message) -> String {
        "\(message.text(in: .lo)) / \(message.text(in: .en))"
    }

    /// A text in Lao, a blank line, then in English.
    static func both(_ message: Message) -> String {
        "\(message.text(in: .lo))\n\n\(message.text(in: .en))"
    }

    /// The request for data sent to an owner's focal points when a cycle opens.
    public static func dataRequest(
        name: String,
        institution: String,
        cycle: LocalizedText,
        indicators: [String],
        years: [Int],
        deadline: LocalDate,
        link: String
    ) -> Mail {
        Mail(
            subject: subject(Message("mail.dataRequest.subject")) + " — " + cycle.en,
            text: both(
                Message(
                    "mail.dataRequest.body",
                    [
                        "name": .text(name), "institution": .text(institution), "cycle": .localized(cycle),
                        "indicators": .text(indicators.joined(separator: ", ")),
                        "years": .text(years.map(String.init).joined(separator: ", ")), "deadline": .date(deadline),
                        "link": .text(link),
                    ]
                )
            )
        )
    }
}
