import PasanDomain
import PasanMessages

/// The e-mail with a password reset link: Lao first, then English, since the account's language
/// may not be the one its owner reads.
struct PasswordResetMail: Sendable, Hashable {
    var name: String
    var link: String

    /// The subject in Lao, then " / " and the subject in English.
    var subject: String {
        let subject = Message("accounts.resetMail.subject")
        return subject.text(in: .lo) + " / " + subject.text(in: .en)
    }

    /// The greeting and the link in Lao, then in English; what to do if it was not asked for.
    var text: String {
        let body = Message("accounts.resetMail.body", ["name": .text(name), "link": .text(link)])
        let ignore = Message("accounts.resetMail.ignore")
        return body.text(in: .lo) + "\n\n" + body.text(in: .en) + "\n\n" + ignore.text(in: .en) + " / " + ignore.text(in: .lo)
    }
}
