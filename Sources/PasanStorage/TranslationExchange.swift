import Foundation
import PasanDomain
import PasanMessages

/// What an import of a PO file did.
public struct TranslationImportOutcome: Sendable, Equatable {
    /// Proposals recorded (each waits for a second reviewer).
    public var proposed: Int
    /// Entries whose text and review state did not change.
    public var unchanged: Int
    /// Entries without a Lao text.
    public var untranslated: Int
}

extension TranslationRepository {
    /// The PO header Pasan writes: Lao, one plural form, UTF-8.
    static func header(revision: String) -> [(name: String, value: String)] {
        [
            ("Project-Id-Version", "Pasan"),
            ("PO-Revision-Date", revision),
            ("Last-Translator", "Pasan export"),
            ("Language-Team", "Lao"),
            ("Language", "lo"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", "nplurals=1; plural=0;"),
            ("X-Generator", "pasan translations export"),
        ]
    }

    /// Every text as one PO file for Weblate or Poedit: `msgctxt` is the key (`indicator:3.1.2`
    /// for data texts), `msgid` the English, `msgstr` the current Lao, `fuzzy` when no reviewer
    /// approved it. `kinds` limits the export.
    public func exportPO(catalogue: MessageCatalogue, kinds: Set<TranslatableKind> = Set(TranslatableKind.allCases)) async throws -> POFile
    {
        let texts = try await texts(catalogue: catalogue).filter { kinds.contains($0.kind) }
        let revision = Self.poDate(database.clock.now())
        let entries = texts.map { text in
            var notes: [String] = []
            if let component = text.component { notes.append("component: \(component)") }
            if let goal = text.goal { notes.append("goal: \(goal)") }
            if text.status == .machine { notes.append("machine translation") }
            if let entryNotes = catalogue[text.key]?.notes, text.kind == .interface { notes += entryNotes }
            return POEntry(
                context: text.kind.context(for: text.key),
                msgid: text.english,
                msgidPlural: text.englishPlural,
                msgstr: [text.lao ?? ""],
                flags: text.lao != nil && text.needsReview ? ["fuzzy"] : [],
                extractedComments: notes
            )
        }
        return POFile(header: Self.header(revision: revision), entries: entries)
    }

    static func poDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))+0000"
    }

    /// Reads a PO file exported by Pasan (and edited in Weblate or Poedit) and records a proposal
    /// for every entry whose Lao text changed, or whose `fuzzy` flag was removed. Every problem of
    /// the file is listed with its line, and then nothing is recorded.
    public func importPO(
        _ data: Data,
        file: String,
        catalogue: MessageCatalogue,
        change: ChangeContext
    ) async throws -> TranslationImportOutcome {
        let po: POFile
        do {
            po = try POFile.parse(data, file: file)
        } catch {
            throw error
        }
        var problems: [POProblem] = []
        let language = po.headerValue("Language") ?? ""
        if !(language == "lo" || language.hasPrefix("lo_") || language.hasPrefix("lo-")) {
            problems.append(POProblem(file: file, line: 1, message: Message("po.problem.language", ["found": .text(language)])))
        }
        if po.pluralCount != 1 {
            problems.append(POProblem(file: file, line: 1, message: Message("po.problem.laoPlural")))
        }
        let texts = try await texts(catalogue: catalogue)
        var byItem: [TranslationItem: TranslatableText] = [:]
        for text in texts { byItem[text.id] = text }
        var proposals: [Proposal] = []
        var outcome = TranslationImportOutcome(proposed: 0, unchanged: 0, untranslated: 0)
        for entry in po.entries {
            guard let context = entry.context, let (kind, key) = TranslatableKind.parse(context: context),
                let current = byItem[TranslationItem(kind: kind, key: key)]
            else {
                problems.append(
                    POProblem(file: file, line: entry.line, message: Message("po.problem.unknownKey", ["key": .text(entry.context ?? "")]))
                )
                continue
            }
            if entry.msgid != current.english || entry.msgidPlural != current.englishPlural {
                problems.append(
                    POProblem(file: file, line: entry.line, message: Message("po.problem.englishChanged", ["key": .text(context)]))
                )
                continue
            }
            let lao = (entry.msgstr.first ?? "").trimmingSpaces
            if lao.isEmpty {
                outcome.untranslated += 1
                continue
            }
            let marksReviewed = !entry.isFuzzy && current.needsReview
            guard lao != current.lao || marksReviewed else {
                outcome.unchanged += 1
                continue
            }
            if let problem = TranslationReview.problem(proposing: lao, for: current.englishPlural ?? current.english) {
                problems.append(POProblem(file: file, line: entry.line, message: problem))
                continue
            }
            proposals.append(Proposal(item: current.id, current: current, lao: lao, note: entry.translatorComments.joined(separator: " ")))
        }
        guard problems.isEmpty else { throw POProblems(problems: problems) }
        outcome.proposed = try await record(proposals, change: change, source: .po).count
        return outcome
    }
}
