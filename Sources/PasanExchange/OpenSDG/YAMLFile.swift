import Foundation
import PasanDomain
import Yams

/// YAML as Open SDG repositories write it: every scalar read as text (no implicit booleans,
/// numbers or dates — `'1.2.1'`, `false` and `2021-06-01` stay as written), a UTF-8 byte-order
/// mark tolerated (LSB's files start with one).
enum YAMLFile {
    /// The document's top-level mapping (empty for an empty file).
    static func mapping(_ data: Data, file: String) throws -> [String: Any] {
        guard var text = String(data: data, encoding: .utf8) else {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("exchange.file.utf8"))])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text, .basic) } catch {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    line: line(of: error),
                    found: String(describing: error),
                    expected: Message("exchange.yaml.valid")
                )
            ])
        }
        guard let loaded else { return [:] }
        guard let mapping = loaded as? [String: Any] else {
            throw ExchangeProblems([ExchangeProblem(file: file, line: 1, expected: Message("exchange.yaml.mapping"))])
        }
        return mapping
    }

    static func mapping(at url: URL, file: String) throws -> [String: Any] {
        guard let data = try? Data(contentsOf: url) else {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("exchange.file.unreadable"))])
        }
        return try mapping(data, file: file)
    }

    /// A scalar as text; lists and maps as compact YAML (kept, not interpreted).
    static func text(_ value: Any) -> String {
        switch value {
        case let s as String: return s
        case let list as [Any]: return (try? Yams.dump(object: list, width: -1).trimmingCharacters(in: .newlines)) ?? ""
        case let map as [String: Any]: return (try? Yams.dump(object: map, width: -1).trimmingCharacters(in: .newlines)) ?? ""
        default: return String(describing: value)
        }
    }

    /// The line a Yams error points at, when it says.
    static func line(of error: Error) -> Int? {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return mark.line
            default: return nil
            }
        }
        return nil
    }
}
