import PasanDomain
import PasanMessages

/// Why a submitted form was refused: one catalogue message per missing or invalid field,
/// shown in the language of the page, in the order the page lists them.
struct FormProblems: Error, Sendable, Hashable {
    var messages: [Message]

    init(_ messages: [Message]) { self.messages = messages }

    func texts(in l: Language) -> [String] { messages.map { $0.text(in: l) } }
}

extension Result where Failure == FormProblems {
    /// The messages of a refused form in `l`; none when the form was accepted.
    func problems(in l: Language) -> [String] {
        if case .failure(let problems) = self { problems.texts(in: l) } else { [] }
    }

    /// The messages of a refused form (to show beside others, in the page's language); none
    /// when the form was accepted.
    var failureMessages: [Message] {
        if case .failure(let problems) = self { problems.messages } else { [] }
    }
}

/// Reads a submitted form (`FormData`, already read and parsed by `FormGate`) field by field
/// into typed values, collecting a message for each required field that is missing or does not
/// convert. Every form struct (`…Form.decode`) reads through it, so a field means the same
/// everywhere: its text trimmed, and blank the same as missing.
struct FormReader {
    let form: FormData
    private(set) var problems: [Message] = []

    init(_ form: FormData) { self.form = form }

    /// The trimmed text of a field; `nil` when it is missing or blank.
    func optional(_ name: String) -> String? { form.value(name) }

    /// The field converted by `parse`; `nil` when it is missing, blank or does not convert.
    func optional<T>(_ name: String, _ parse: (String) -> T?) -> T? { form.value(name).flatMap(parse) }

    /// The field exactly as sent, not trimmed (passwords); empty when missing.
    func verbatim(_ name: String) -> String { form[name] ?? "" }

    /// A required field converted by `parse`; when missing, blank or not convertible, `message`
    /// is recorded and the result is `nil`.
    mutating func required<T>(_ name: String, _ parse: (String) -> T?, else message: Message) -> T? {
        guard let value = optional(name, parse) else {
            problems.append(message)
            return nil
        }
        return value
    }

    /// A required text field (trimmed); when missing or blank, `message` is recorded.
    mutating func required(_ name: String, else message: Message) -> String? {
        required(name, { $0 }, else: message)
    }

    /// Records a problem that is not about a single field (two fields asked for together, a
    /// value that names something unknown).
    mutating func refuse(_ message: Message) { problems.append(message) }

    /// The decoded form when nothing was refused and it could be made, otherwise the problems.
    func result<T>(_ value: T?) -> Result<T, FormProblems> {
        guard problems.isEmpty, let value else { return .failure(FormProblems(problems)) }
        return .success(value)
    }
}
