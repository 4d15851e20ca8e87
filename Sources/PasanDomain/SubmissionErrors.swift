/// Why a submission could not be saved or a workflow step taken, in the user's language: the
/// rules of data entry and review, spoken where they are decided.
public enum SubmissionError: Error, Sendable, Equatable, CustomStringConvertible {
    case locked(SubmissionState)
    case concurrentEdit(current: Int)
    case notAllowed(Message)
    case impossibleStep(SubmissionStep, SubmissionState)
    case cellOwnedByAnother(CellKey, String)
    case deadlinePassed(LocalDate)
    case notFound
    case needsComment

    /// The message's key and values (the text is in the catalogue, which the domain does not read).
    public var description: String { "\(message.key) \(message.arguments)" }

    public var message: Message {
        switch self {
        case .locked(let s):
            Message("workflow.error.locked", ["state": .message(s.inSentence)])
        case .concurrentEdit(let v):
            Message("workflow.error.concurrentEdit", ["version": .text(String(v))])
        case .notAllowed(let reason): reason
        case .impossibleStep(let step, let s):
            Message("workflow.error.impossibleStep", ["step": .message(step.title), "state": .message(s.inSentence)])
        case .cellOwnedByAnother(let key, let owner):
            Message("workflow.error.cellOwnedByAnother", ["owner": .text(owner), "cell": .text(key.description)])
        case .deadlinePassed(let d):
            Message("workflow.error.deadlinePassed", ["date": .date(d)])
        case .notFound: Message("workflow.error.notFound")
        case .needsComment: Message("workflow.error.needsComment")
        }
    }
}
