import Foundation
import PasanDomain
import PasanReferenceData

/// Reads a whole Open SDG data repository the way sdg-build does from its `config_data.yml`:
/// SDMX-ML inputs against their DSD (`InputSdmxMl_Multiple`), tidy CSV (`InputCsvData`), YAML and
/// YAML-front-matter metadata (`InputYamlMeta`, `InputYamlMdMeta`), translated metadata
/// (`InputSdgMetadata`), the UN metadata Word template (`meta/*.docm|docx`, also when no
/// `InputWordMeta` is configured: it fills fields the YAML does not give), and the local
/// translation sources. Every problem in every file is collected; the caller writes nothing
/// while any is left.
public enum OpenSDGReader {
    public static func read(directory: URL) -> (repository: OpenSDGRepository, problems: [ExchangeProblem]) {
        var problems: [ExchangeProblem] = []
        let config: OpenSDGConfig
        do { config = try OpenSDGConfig.read(directory: directory) } catch let e as ExchangeProblems {
            return (OpenSDGRepository(languages: [], indicators: [:], translations: [:]), e.problems)
        } catch {
            return (OpenSDGRepository(languages: [], indicators: [:], translations: [:]), [])
        }
        let base = config.sourceDirectory.isEmpty ? directory : directory.appendingPathComponent(config.sourceDirectory)
        let defaultLanguage = config.languages.first ?? "en"
        var indicators: [String: OpenSDGIndicator] = [:]
        func indicator(_ id: String) -> OpenSDGIndicator { indicators[id] ?? OpenSDGIndicator(id: id) }
        func capture(_ body: () throws -> Void) {
            do { try body() } catch let e as ExchangeProblems { problems += e.problems } catch {}
        }
        var wordConfigured = false
        var warnings: [ExchangeProblem] = []

        for input in config.inputs {
            switch input.className {
            case "InputSdmxMl_Multiple", "InputSdmxMl_StructureSpecific", "InputSdmxMl_Structure":
                capture {
                    let tables = try OpenSDGSdmxInput.read(input, base: base)
                    problems += tables.problems
                    warnings += tables.warnings
                    for (id, table) in tables.indicators {
                        var i = indicator(id)
                        i.data = table
                        indicators[id] = i
                    }
                }
            case "InputCsvData":
                let pattern = input.parameters["path_pattern"] ?? "data/*.csv"
                for file in Glob.files(pattern, in: base) {
                    capture {
                        let table = try OpenSDGTidyCSV.read(contentsOf: base.appendingPathComponent(file), file: file)
                        let id = indicatorID(fromFile: file, prefix: "indicator_")
                        var i = indicator(id)
                        i.data = table
                        indicators[id] = i
                    }
                }
            case "InputYamlMeta", "InputYamlMdMeta":
                let pattern = input.parameters["path_pattern"] ?? (input.className == "InputYamlMeta" ? "meta/*.yml" : "meta/*.md")
                // Translated metadata sits in a language folder beside the files (`meta/lo/1-2-1.md`),
                // as sdg-build's metadata inputs read it.
                let folder = (pattern as NSString).deletingLastPathComponent, name = (pattern as NSString).lastPathComponent
                let translated = config.languages.flatMap {
                    Glob.files(folder.isEmpty ? "\($0)/\(name)" : "\(folder)/\($0)/\(name)", in: base)
                }
                for file in Glob.files(pattern, in: base) + translated {
                    capture {
                        let url = base.appendingPathComponent(file)
                        let map: [String: Any]
                        if file.hasSuffix(".md") {
                            map = try frontMatter(url, file: file)
                        } else {
                            map = try YAMLFile.mapping(at: url, file: file)
                        }
                        let id = indicatorID(fromFile: file, prefix: "")
                        var i = indicator(id)
                        let language = languageFolder(of: file, languages: config.languages) ?? defaultLanguage
                        merge(map, into: &i, language: language, source: file)
                        indicators[id] = i
                    }
                }
            case "InputSdgMetadata":
                let folder = input.parameters["source"] ?? "translations/meta"
                let folderURL = base.appendingPathComponent(folder)
                let languages = ((try? FileManager.default.contentsOfDirectory(atPath: folderURL.path)) ?? []).sorted()
                for language in languages {
                    for file in Glob.files("\(folder)/\(language)/*.yml", in: base) {
                        capture {
                            let map = try YAMLFile.mapping(at: base.appendingPathComponent(file), file: file)
                            let id = indicatorID(fromFile: file, prefix: "")
                            var i = indicator(id)
                            merge(map, into: &i, language: language, source: file)
                            indicators[id] = i
                        }
                    }
                }
            case "InputWordMeta":
                wordConfigured = true
                readWord(
                    Glob.files(input.parameters["path_pattern"] ?? "meta/*.docx", in: base),
                    base: base,
                    language: defaultLanguage,
                    fillOnly: false,
                    into: &indicators,
                    problems: &problems
                )
            default:
                problems.append(
                    ExchangeProblem(
                        file: "config_data.yml",
                        location: "inputs",
                        found: input.className,
                        expected: Message("exchange.opensdg.inputClass")
                    )
                )
            }
        }
        if !wordConfigured {
            readWord(
                Glob.files("meta/*.docm", in: base) + Glob.files("meta/*.docx", in: base),
                base: base,
                language: "en",
                fillOnly: true,
                into: &indicators,
                problems: &problems
            )
        }
        // Translations: <source>/<lang>/<group>.yml.
        var translations: [String: [String: [String: String]]] = [:]
        for source in config.translationSources {
            let sourceURL = base.appendingPathComponent(source)
            for language in ((try? FileManager.default.contentsOfDirectory(atPath: sourceURL.path)) ?? []).sorted() {
                for file in Glob.files("\(source)/\(language)/*.yml", in: base) {
                    capture {
                        let map = try YAMLFile.mapping(at: base.appendingPathComponent(file), file: file)
                        let group = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                        var texts = translations[language, default: [:]][group, default: [:]]
                        for (key, value) in map { texts[key] = YAMLFile.text(value) }
                        translations[language, default: [:]][group] = texts
                    }
                }
            }
        }
        var repository = OpenSDGRepository(languages: config.languages, indicators: indicators, translations: translations)
        repository.warnings = warnings
        return (repository, problems)
    }

    /// `data/indicator_1-2-1.csv` → `1-2-1`; `translations/meta/lo/1-2-1.yml` → `1-2-1`.
    static func indicatorID(fromFile file: String, prefix: String) -> String {
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if !prefix.isEmpty, name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        return name.replacingOccurrences(of: ".", with: "-")
    }

    /// `meta/lo/1-2-1.yml` is Lao metadata.
    static func languageFolder(of file: String, languages: [String]) -> String? {
        let parts = file.split(separator: "/")
        guard parts.count >= 3 else { return nil }
        let folder = String(parts[parts.count - 2])
        return languages.contains(folder) ? folder : nil
    }

    /// Upper-case keys are metadata concepts (`SDG_TARGET`); lower-case keys are configuration
    /// (`reporting_status`) — the split Open SDG's own schema makes.
    static func merge(_ map: [String: Any], into indicator: inout OpenSDGIndicator, language: String, source: String) {
        for (key, value) in map {
            let text = YAMLFile.text(value)
            if key.first?.isUppercase == true {
                indicator.metadata[language, default: [:]][key] = text
                indicator.metadataSources[language, default: [:]][key] = source
            } else {
                indicator.config[key] = text
            }
        }
    }

    /// Reads Word templates side by side (each file is independent; they are the slowest part of
    /// a repository), then merges them in name order.
    static func readWord(
        _ files: [String],
        base: URL,
        language: String,
        fillOnly: Bool,
        into indicators: inout [String: OpenSDGIndicator],
        problems: inout [ExchangeProblem]
    ) {
        let results = WordResults(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            do {
                results.set(i, .success(try UNMetadataTemplate.read(contentsOf: base.appendingPathComponent(files[i]), file: files[i])))
            } catch let e as ExchangeProblems {
                results.set(i, .failure(e))
            } catch {
                results.set(i, .failure(ExchangeProblems([ExchangeProblem(file: files[i], expected: Message("exchange.word.zip"))])))
            }
        }
        for (file, result) in zip(files, results.values) {
            switch result {
            case .failure(let e): problems += e.problems
            case .success(let fields):
                let id = indicatorID(fromFile: file, prefix: "")
                var i = indicators[id] ?? OpenSDGIndicator(id: id)
                for (key, value) in fields where !fillOnly || (i.metadata[language]?[key] ?? "").isEmpty {
                    i.metadata[language, default: [:]][key] = value
                    i.metadataSources[language, default: [:]][key] = file
                }
                indicators[id] = i
            case nil: break
            }
        }
    }

    /// Results written by concurrent readers, one slot each.
    final class WordResults: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Result<[String: String], ExchangeProblems>?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: Result<[String: String], ExchangeProblems>) { lock.withLock { values[i] = value } }
    }

    /// YAML front matter of a Markdown metadata file (`---` … `---`); the body is `page_content`.
    static func frontMatter(_ url: URL, file: String) throws -> [String: Any] {
        guard let data = try? Data(contentsOf: url), var text = String(data: data, encoding: .utf8) else {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("exchange.file.unreadable"))])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else {
            throw ExchangeProblems([ExchangeProblem(file: file, line: 1, expected: Message("exchange.opensdg.frontMatter"))])
        }
        var map = try YAMLFile.mapping(Data(lines[1..<end].joined(separator: "\n").utf8), file: file)
        let body = lines[(end + 1)...].joined(separator: "\n").trimmedWhitespace
        if !body.isEmpty, map["page_content"] == nil { map["page_content"] = body }
        return map
    }
}

/// `data/*.xml`-style patterns: a folder and a file-name pattern with `*` and `?` (what Open SDG
/// repositories use). Names are returned relative to the base, sorted, so every run reads the
/// files in the same order.
enum Glob {
    static func files(_ pattern: String, in base: URL) -> [String] {
        let trimmed = pattern.hasPrefix("./") ? String(pattern.dropFirst(2)) : pattern
        let folder = (trimmed as NSString).deletingLastPathComponent
        let namePattern = (trimmed as NSString).lastPathComponent
        let url = folder.isEmpty ? base : base.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { matches($0, namePattern) }.sorted().map { folder.isEmpty ? $0 : "\(folder)/\($0)" }
    }

    static func matches(_ name: String, _ pattern: String) -> Bool {
        let n = Array(name.unicodeScalars), p = Array(pattern.unicodeScalars)
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (p.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if j == p.count {
                result = i == n.count
            } else if p[j] == "*" {
                result = match(i, j + 1) || (i < n.count && match(i + 1, j))
            } else {
                result = i < n.count && (p[j] == "?" || p[j] == n[i]) && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
