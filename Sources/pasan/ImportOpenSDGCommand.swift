import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage
import PasanWeb

/// `pasan import open-sdg DIR`: a whole Open SDG data repository as one import batch.
struct ImportOpenSDG: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open-sdg",
        abstract: "Import an Open SDG data repository (as sdg-build reads it from its config_data.yml) as an import batch.",
        discussion:
            "The batch waits for the Secretariat or LSB to publish or discard it on the import page, unless --publish publishes it at once (an administrator's first migration; recorded as such). A repository with any unreadable file imports nothing."
    )

    @Argument(help: "The repository's folder (the one holding config_data.yml).")
    var directory: String

    @Flag(help: "Print what would be added, changed and refused, per goal and indicator; write nothing.")
    var dryRun = false

    @Flag(help: "Publish the batch at once.")
    var publish = false

    @Option(
        help:
            "A name for the source (default: the folder's name); re-importing the same source changes its values instead of conflicting with them."
    )
    var name: String?

    @Option(
        name: .customLong("as"),
        help: "The e-mail of the Secretariat or LSB account the batch is recorded for (default: the command line)."
    )
    var account: String?

    @Option(help: "The language of the report: lo or en.")
    var language: Language = .en

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if dryRun && publish { throw ValidationError("--dry-run and --publish exclude each other") }
    }

    func run() async throws {
        let l = language
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError(l.t("exchange.cli.noDirectory", ["path": .text(directory)]))
        }
        try await withDatabase(database, logger: makeLogger(), announcing: .data) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let actor = try await importActor(account, db: db, language: l)
            let started = Date()
            let outcome = try await ExchangeImport(database: db).openSDG(
                directory: url,
                name: name ?? url.lastPathComponent,
                actor: actor,
                mode: dryRun ? .dryRun : (publish ? .publish : .stage)
            )
            switch outcome {
            case .refused(let problems):
                printProblems(problems, language: l)
                throw ExitCode(1)
            case .imported(let preview, let publication, let summary):
                for warning in summary.warnings { say(l.t("exchange.cli.warning", ["text": .text(describe(warning, language: l))])) }
                say(
                    l.t(
                        "exchange.cli.openSDGRead",
                        [
                            "indicators": .number(summary.indicatorsWithData), "files": .number(summary.files),
                            "metadata": .number(summary.metadataFields),
                        ]
                    )
                )
                printPreview(preview, language: l)
                report(preview: preview, publication: publication, dryRun: dryRun, language: l, seconds: Date().timeIntervalSince(started))
            }
        }
    }
}
