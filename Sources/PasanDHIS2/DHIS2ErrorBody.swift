import Foundation
import PasanExchange

/// What DHIS2 said in the body of a refusal: the web message's `message` (or, for a bare import
/// summary, its description) and the import summary's conflicts as `object: value`.
struct DHIS2ErrorBody: Sendable {
    var message: String?
    var conflicts: [String]

    /// The body read by `DHIS2WebMessageReader`; `nil` when it is no web message (empty, plain
    /// text, JSON of another shape).
    static func read(_ body: Data) -> DHIS2ErrorBody? {
        guard !body.isEmpty, let message = try? DHIS2WebMessageReader.read(body, file: "response") else { return nil }
        let conflicts = (message.response?.conflicts ?? []).map { conflict in
            [conflict.object, conflict.value].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        }
        let text = [message.message, message.response?.description].compactMap { $0 }.first { !$0.isEmpty }
        guard text != nil || !conflicts.isEmpty else { return nil }
        return DHIS2ErrorBody(message: text, conflicts: conflicts)
    }
}
