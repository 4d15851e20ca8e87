import Foundation
import Yams

/// YAML as the export writes it (through Yams): mappings keep their order, Lao stays Lao (no
/// escapes), lines are never folded, and a text that a YAML 1.1 or 1.2 reader could take for
/// something else — a number (`1.2`, `'1.2.1'` is quoted too), a boolean (`no`, `on`), null,
/// a date — is single-quoted, so PyYAML and ruamel (what sdg-build reads with) see a string.
enum OpenSDGExportYAML {
    indirect enum Value: Sendable, Hashable {
        case text(String)
        case bool(Bool)
        case int(Int)
        case number(Double)
        case list([Value])
        case map([Pair])
    }

    struct Pair: Sendable, Hashable {
        var key: String
        var value: Value
        init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// One YAML document of a top-level mapping (`{}` when empty).
    static func document(_ pairs: [Pair]) throws -> String {
        if pairs.isEmpty { return "{}\n" }
        return try Yams.serialize(node: node(.map(pairs)), width: -1, allowUnicode: true)
    }

    static func node(_ value: Value) -> Node {
        switch value {
        case .text(let text): return .scalar(Node.Scalar(text, Tag(.str), needsQuotes(text) ? .singleQuoted : .any))
        case .bool(let flag): return .scalar(Node.Scalar(flag ? "true" : "false", Tag(.bool), .plain))
        case .int(let number): return .scalar(Node.Scalar(String(number), Tag(.int), .plain))
        case .number(let number): return .scalar(Node.Scalar(OpenSDGExportCSV.number(number), Tag(.float), .plain))
        case .list(let items): return .sequence(Node.Sequence(items.map(node), Tag(.seq), .block))
        case .map(let pairs): return .mapping(Node.Mapping(pairs.map { (node(.text($0.key)), node($0.value)) }, Tag(.map), .block))
        }
    }

    /// Whether a plain scalar could be read as something other than this text: empty, a
    /// YAML 1.1 boolean or null word, or anything starting like a number, a date or a time
    /// (a digit, a sign, a dot). Over-quoting is harmless; under-quoting turns `1.10` into 1.1.
    static func needsQuotes(_ text: String) -> Bool {
        guard let first = text.first else { return true }
        if first.isNumber || "+-.".contains(first) { return true }
        return reservedWords.contains(text.lowercased())
    }

    static let reservedWords: Set<String> = [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "nan", "inf",
    ]
}
