import Foundation
import PasanDomain

extension MessageCatalogue {
    /// The catalogue shipped in `Resources/po`. A broken shipped file stops the program with its
    /// problems listed (the catalogue tests fail on it first).
    public static let shipped: MessageCatalogue = {
        do throws(POProblems) {
            return try loadShipped()
        } catch {
            let lines = error.problems.map { "\($0.file):\($0.line): \(MessageCatalogue(entries: []).text($0.message, in: .en))" }
            fatalError("The shipped message catalogue is broken:\n" + lines.joined(separator: "\n"))
        }
    }()

    /// The PO files shipped with Pasan, one per component: (component, file URL).
    public static func shippedFiles() -> [(component: String, url: URL)] {
        guard let root = Bundle.module.url(forResource: "po", withExtension: nil, subdirectory: "Resources"),
            let components = try? FileManager.default.contentsOfDirectory(atPath: root.path)
        else { return [] }
        return components.sorted().compactMap { component in
            let url = root.appendingPathComponent(component).appendingPathComponent("lo.po")
            return FileManager.default.fileExists(atPath: url.path) ? (component, url) : nil
        }
    }

    /// Reads every shipped PO file; all problems of all files are collected.
    public static func loadShipped() throws(POProblems) -> MessageCatalogue {
        var entries: [Entry] = []
        var problems: [POProblem] = []
        var seen: [String: String] = [:]
        for (component, url) in shippedFiles() {
            let name = "po/\(component)/lo.po"
            guard let data = try? Data(contentsOf: url) else {
                problems.append(POProblem(file: name, line: 0, message: Message("po.problem.unreadable")))
                continue
            }
            do {
                let po = try POFile.parse(data, file: name)
                if po.pluralCount != 1 {
                    problems.append(POProblem(file: name, line: 1, message: Message("po.problem.laoPlural")))
                }
                for entry in po.entries {
                    guard let key = entry.context, !key.isEmpty else {
                        problems.append(POProblem(file: name, line: entry.line, message: Message("po.problem.noKey")))
                        continue
                    }
                    if let other = seen[key] {
                        problems.append(
                            POProblem(
                                file: name,
                                line: entry.line,
                                message: Message("po.problem.keyTwice", ["key": .text(key), "file": .text(other)])
                            )
                        )
                    }
                    seen[key] = name
                    entries.append(Entry(component: component, po: entry))
                }
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw POProblems(problems: problems) }
        return MessageCatalogue(entries: entries)
    }
}

extension MessageCatalogue.Entry {
    init(component: String, po entry: POEntry) {
        let lao = entry.msgstr.first ?? ""
        self.init(
            key: entry.context ?? "",
            component: component,
            english: entry.msgid,
            englishPlural: entry.msgidPlural,
            lao: lao.isEmpty ? nil : lao,
            isReviewed: !entry.isFuzzy && !lao.isEmpty,
            notes: entry.extractedComments
        )
    }
}
