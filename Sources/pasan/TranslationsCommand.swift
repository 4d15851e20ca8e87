import ArgumentParser
import Foundation
import PasanDomain
import PasanMessages
import PasanStorage

/// `pasan translations export|import`: the catalogue and the reference data's Lao texts as one
/// gettext PO file, for Weblate or Poedit and back.
struct Translations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the Lao texts as a PO file for Weblate or Poedit, or import an edited one for review.",
        subcommands: [ExportTranslations.self, ImportTranslations.self]
    )
}

struct ExportTranslations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every Lao text (interface, titles, names) as a PO file; 'fuzzy' marks the unreviewed ones."
    )

    @Argument(help: "The PO file to write ('-' for standard output).")
    var file: String

    @Option(help: "Only these kinds of text, comma-separated: \(TranslatableKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kinds: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var selected = Set(TranslatableKind.allCases)
        if let kinds {
            let names = kinds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let parsed = names.compactMap(TranslatableKind.init(rawValue:))
            guard parsed.count == names.count else {
                throw ValidationError("--kinds takes: \(TranslatableKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            selected = Set(parsed)
        }
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let repository = TranslationRepository(database: db)
            let catalogue = MessageCatalogue.shipped.overlaying(try await repository.interfaceOverrides())
            let po = try await repository.exportPO(catalogue: catalogue, kinds: selected)
            let text = Data(po.serialized().utf8)
            if file == "-" {
                FileHandle.standardOutput.write(text)
            } else {
                try text.write(to: URL(fileURLWithPath: file), options: .atomic)
                FileHandle.standardError.write(Data("\(po.entries.count) entries written to \(file)\n".utf8))
            }
        }
    }
}

struct ImportTranslations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Read an edited PO file: every changed Lao text becomes a proposal that a second reviewer approves in Pasan. A file with any problem imports nothing."
    )

    @Argument(help: "The PO file (from `pasan translations export`, edited in Weblate or Poedit).")
    var file: String

    @Option(name: .customLong("as"), help: "The e-mail of the translator's account: the proposals are theirs.")
    var translator: String

    @Option(help: "The language of the messages: lo or en.")
    var language: Language = .lo

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let l = language
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw ValidationError(l.t("translations.cli.unreadable", ["file": .text(file)]))
        }
        try await withDatabase(database, logger: makeLogger(), announcing: .data) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            guard let account = try await AccountRepository(database: db).account(email: translator) else {
                throw ValidationError(l.t("translations.cli.noAccount", ["email": .text(translator)]))
            }
            guard Policy.decide(account.actor, .translate, .system).isAllowed else {
                throw ValidationError(l.t("translations.cli.notTranslator", ["email": .text(translator)]))
            }
            let repository = TranslationRepository(database: db)
            let catalogue = MessageCatalogue.shipped.overlaying(try await repository.interfaceOverrides())
            let change = ChangeContext(actorID: account.id, actorName: account.email, address: nil)
            do {
                let outcome = try await repository.importPO(data, file: file, catalogue: catalogue, change: change)
                say(
                    l.t(
                        "translations.cli.imported",
                        [
                            "proposed": .number(outcome.proposed), "unchanged": .number(outcome.unchanged),
                            "untranslated": .number(outcome.untranslated),
                        ]
                    )
                )
            } catch let error as POProblems {
                for problem in error.problems.prefix(100) {
                    FileHandle.standardError.write(Data("\(problem.file):\(problem.line): \(problem.message.text(in: l))\n".utf8))
                }
                throw ValidationError(l.t("translations.cli.nothingImported", count: error.problems.count))
            }
        }
    }
}

extension Language: ExpressibleByArgument {}
