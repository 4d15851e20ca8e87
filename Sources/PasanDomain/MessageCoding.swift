/// A catalogue message as data is stored with it (an import's refusal, a DHIS2 pull's reasons):
/// its arguments as JSON, so that the message is shown later in the reader's language.
public enum MessageCoding {
    public struct Arguments: Codable, Sendable, Hashable {
        public var arguments: [String: Argument]
        public var count: Int?

        public init(_ message: Message) {
            arguments = message.arguments.mapValues(Argument.init)
            count = message.count
        }

        public func message(key: String) -> Message {
            Message(key, arguments.mapValues(\.argument), count: count)
        }
    }

    public indirect enum Argument: Codable, Sendable, Hashable {
        case text(String)
        case number(Int)
        case localized(LocalizedText)
        case message(key: String, arguments: Arguments)
        case date(LocalDate)

        public init(_ argument: MessageArgument) {
            switch argument {
            case .text(let t): self = .text(t)
            case .number(let n): self = .number(n)
            case .localized(let l): self = .localized(l)
            case .message(let m): self = .message(key: m.key, arguments: Arguments(m))
            case .date(let d): self = .date(d)
            }
        }

        public var argument: MessageArgument {
            switch self {
            case .text(let t): .text(t)
            case .number(let n): .number(n)
            case .localized(let l): .localized(l)
            case .message(let key, let arguments): .message(arguments.message(key: key))
            case .date(let d): .date(d)
            }
        }
    }
}
