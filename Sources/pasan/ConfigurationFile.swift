import Foundation
import Yams

/// A problem of the configuration: where it is (`file:line`, an environment variable, a flag)
/// and what is wrong. Never repeats a secret.
struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    let place: String
    let message: String

    var description: String { "\(place): \(message)" }
}

/// Pasan's own reading of a YAML configuration file, before swift-configuration's provider
/// reads its values: the provider reports neither unknown keys nor lines, so every key is
/// checked against ``ConfigurationKey/fileKeys`` here and its line kept for
/// `pasan config check` and for the problems of its value.
struct ConfigurationFile: Sendable {
    let path: String
    /// The line of each key the file gives.
    private(set) var lines: [String: Int] = [:]
    private(set) var problems: [ConfigurationProblem] = []
    /// The file could be read and parsed (its keys may still be wrong).
    private(set) var isReadable = false

    /// The place of a key in problems and in `pasan config check`: `path:line`.
    func place(of key: String) -> String { "\(path):\(lines[key] ?? 1)" }

    /// Reads and checks the file at `path`, named at `place` (`--config`, `PASAN_CONFIG`).
    static func read(path: String, namedAt place: String) -> ConfigurationFile {
        switch SecretFile.read(path) {
        case .success(let text): return ConfigurationFile(path: path, text: text)
        case .failure(let problem):
            var file = ConfigurationFile(path: path)
            file.problems.append(ConfigurationProblem(place: place, message: "the configuration file \(problem.reason)"))
            return file
        }
    }

    private init(path: String) { self.path = path }

    /// Checks `text` as the content of the file at `path`.
    init(path: String, text: String) {
        self.path = path
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            problems.append(Self.problem(of: error, path: path))
            return
        } catch {
            problems.append(ConfigurationProblem(place: path, message: "not valid YAML: \(error)"))
            return
        }
        isReadable = true
        guard let root else { return }  // empty, or comments only
        guard let mapping = root.mapping else {
            problems.append(
                ConfigurationProblem(
                    place: "\(path):\(root.mark?.line ?? 1)",
                    message: "expected lines of the form `key: value` (see docs/operations/configuration.md)"
                )
            )
            return
        }
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line ?? 1
            let place = "\(path):\(line)"
            guard let name = keyNode.scalar?.string else {
                problems.append(ConfigurationProblem(place: place, message: "a key must be a plain name such as port"))
                continue
            }
            guard let key = ConfigurationKey.named(name), key.inFile else {
                problems.append(ConfigurationProblem(place: place, message: Self.unknownKeyMessage(name)))
                continue
            }
            lines[name] = line
            if let problem = Self.shapeProblem(of: value, key: key) {
                problems.append(ConfigurationProblem(place: place, message: problem))
            }
        }
    }

    static func unknownKeyMessage(_ name: String) -> String {
        switch name {
        case ConfigurationKey.config.name:
            return "unknown key config (a file cannot name another; use --config or PASAN_CONFIG)"
        case ConfigurationKey.secretKey.name:
            return "unknown key secret-key (the key is not kept in the configuration file: use secret-key-file or PASAN_SECRET_KEY)"
        default:
            let known = ConfigurationKey.fileKeys.map(\.name)
            let near = known.filter { editDistance($0, name) <= 2 }
            let hint = near.isEmpty ? "" : " (did you mean \(near.joined(separator: " or "))?)"
            return "unknown key \(name)\(hint); known keys: \(known.joined(separator: ", "))"
        }
    }

    /// A list key takes a YAML list of values; any other key one value.
    private static func shapeProblem(of value: Node, key: ConfigurationKey) -> String? {
        if key.isList {
            guard let sequence = value.sequence else {
                if value.scalar != nil && value.null == nil {
                    return "\(key.name) takes a list, e.g. [127.0.0.1, \"::1\"]"
                }
                return "\(key.name) has no value (leave the key out for Pasan's default)"
            }
            for element in sequence where element.scalar == nil || element.null != nil {
                return "\(key.name): every element of the list must be one value (line \(element.mark?.line ?? 1))"
            }
            return nil
        }
        guard value.scalar != nil else { return "\(key.name) takes one value, not a list or a mapping" }
        if value.null != nil { return "\(key.name) has no value (leave the key out for Pasan's default)" }
        return nil
    }

    private static func problem(of error: YamlError, path: String) -> ConfigurationProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigurationProblem(place: "\(path):\(mark.line)", message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationProblem(
                place: "\(path):\(context.mark.line)",
                message: "key \(duplicates.joined(separator: ", ")) given more than once"
            )
        default:
            return ConfigurationProblem(place: path, message: "not valid YAML: \(error)")
        }
    }

    /// Levenshtein distance, for the hint of a misspelt key.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A file holding one secret (or the configuration): read whole, trailing line breaks dropped.
enum SecretFile {
    struct Problem: Error, Sendable {
        let reason: String
    }

    static func read(_ path: String) -> Result<String, Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Problem(reason: "\(path) does not exist"))
        }
        if isDirectory.boolValue { return .failure(Problem(reason: "\(path) is a directory, not a file")) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return .failure(Problem(reason: "\(path) cannot be read (permission denied)"))
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            return .failure(Problem(reason: "\(path) cannot be read (\(error.localizedDescription))"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Problem(reason: "\(path) is not UTF-8 text"))
        }
        return .success(text)
    }

    /// The secret in the file at `path`: its text without the line break(s) that end it.
    static func secret(at path: String) -> Result<String, Problem> {
        read(path).flatMap { text in
            var secret = Substring(text)
            while let last = secret.last, last == "\n" || last == "\r" || last == "\r\n" { secret.removeLast() }
            guard !secret.isEmpty else { return .failure(Problem(reason: "\(path) is empty")) }
            return .success(String(secret))
        }
    }
}
