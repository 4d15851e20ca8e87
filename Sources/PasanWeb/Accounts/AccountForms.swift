import PasanDomain

/// The sign-in form. Nothing is refused here: a blank or unknown e-mail and a wrong password get
/// the same answer from `AccountRepository.signIn` (and count as a failed attempt).
struct SignInForm: Sendable, Hashable {
    /// Trimmed; empty when not given.
    var email: String
    /// As typed, not trimmed.
    var password: String

    init(email: String, password: String) {
        self.email = email
        self.password = password
    }

    init(_ form: FormData) {
        let reader = FormReader(form)
        self.init(email: reader.optional("email") ?? "", password: reader.verbatim("password"))
    }
}

/// The password reset request: an e-mail address. Never refused: the page answers the same
/// whether or not an account uses it.
struct PasswordResetRequestForm: Sendable, Hashable {
    /// Trimmed; empty when not given.
    var email: String

    init(email: String) { self.email = email }

    init(_ form: FormData) {
        self.init(email: FormReader(form).optional("email") ?? "")
    }
}

/// The new password sent with a one-time reset link (the token is in the address). Its strength
/// is checked by `AccountRepository.resetPassword`, which also consumes the token.
struct NewPasswordForm: Sendable, Hashable {
    /// As typed, not trimmed.
    var password: String

    init(password: String) { self.password = password }

    init(_ form: FormData) {
        self.init(password: FormReader(form).verbatim("password"))
    }
}
