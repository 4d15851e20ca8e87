import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanWeb

/// `pasan import sdmx FILE`: one SDMX data message (SDMX-ML 2.1 structure-specific or generic,
/// SDMX-CSV 1.0 or 2.0), checked against its DSD, as one import batch.
///
/// A message with any problem — in the file, against the DSD, in mapping it to Pasan's values,
/// or a value the rules of every submission refuse — is refused whole: every problem is printed
/// and nothing is written. The path is `ExchangeImport.sdmx`, the same as the import page's.
struct ImportSDMX: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdmx",
        abstract: "Import an SDMX data message (SDMX-ML 2.1 structure-specific or generic, SDMX-CSV 1.0 or 2.0) as an import batch.",
        discussion:
            "The message is checked against the DSD (the shipped global SDG DSD 1.14 unless --dsd names another, such as LSB_DSD.xml): structure reference, unknown components, key completeness, codes, mandatory attributes, numbers, duplicates. A message with any problem imports nothing. The batch waits for the Secretariat or LSB to publish or discard it on the import page, unless --publish publishes it at once (recorded as such)."
    )

    @Argument(help: "The SDMX data message: an .xml or .csv file.")
    var file: String

    @Option(help: "The SDMX-ML 2.1 structure message holding the DSD (default: the shipped IAEG-SDGs:SDG(1.14)).")
    var dsd: String?

    @Option(help: "Content constraints per series, as a CSV (SERIES, Name, then one column per component: ALL or codes separated by ';').")
    var constraints: String?

    @Option(
        name: .customLong("accept-structure"),
        help: "Also take a message naming this structure (AGENCY:ID(VERSION)) as one for the DSD, when you know the file was made for it."
    )
    var acceptedStructures: [String] = []

    @Flag(help: "Print what would be added, changed and refused, per goal and indicator; write nothing.")
    var dryRun = false

    @Flag(help: "Publish the batch at once (an administrator's first migration; recorded as such).")
    var publish = false

    @Option(
        help:
            "A name for the source (default: the file's name); re-importing the same source changes its values instead of conflicting with them."
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
        if dryRun && publish { throw ValidationError(language.t("sdmx.cli.dryRunOrPublish")) }
        for text in acceptedStructures where SDMXReference(parsing: text) == nil {
            throw ValidationError(language.t("sdmx.cli.structureReference", ["value": .text(text)]))
        }
    }

    func run() async throws {
        let l = language
        let started = Date()
        let url = URL(fileURLWithPath: file)
        let fileName = url.lastPathComponent
        // The files first: a message, constraints or DSD that cannot be read never opens the database.
        let data: Data
        let options: SDMXDataCheck.Options
        do {
            data = try read(url, name: fileName)
            options = try checkOptions()
        } catch let error as ExchangeProblems {
            printProblems(error.problems, language: l)
            throw ExitCode(1)
        }
        try await withDatabase(database, logger: makeLogger(), announcing: .data) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let actor = try await importActor(account, db: db, language: l)
            let outcome = try await ExchangeImport(database: db).sdmx(
                data: data,
                fileName: fileName,
                dsd: dsd.map { URL(fileURLWithPath: $0) } ?? ShippedStructures.sdgDSD,
                name: name ?? fileName,
                actor: actor,
                mode: dryRun ? .dryRun : (publish ? .publish : .stage),
                options: options
            )
            switch outcome {
            case .refused(let problems):
                printProblems(problems, language: l)
                throw ExitCode(1)
            case .imported(let preview, let publication, let summary):
                say(
                    l.t(
                        "sdmx.cli.read",
                        [
                            "file": .text(fileName), "format": .text(summary.format.rawValue), "series": .number(summary.series),
                            "observations": .number(summary.observations), "structure": .text(summary.structure),
                        ]
                    )
                )
                printPreview(preview, language: l)
                report(preview: preview, publication: publication, dryRun: dryRun, language: l, seconds: Date().timeIntervalSince(started))
                // A dry run shows the rows a real import would refuse; the real one would refuse the message.
                if dryRun && preview.refused > 0 { throw ExitCode(1) }
            }
        }
    }

    func read(_ url: URL, name: String) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw ExchangeProblems([ExchangeProblem(file: name, expected: Message("exchange.file.unreadable"))])
        }
    }

    /// The structures the user accepts besides the DSD's own, and the content constraints.
    func checkOptions() throws -> SDMXDataCheck.Options {
        var options = SDMXDataCheck.Options(alsoAccepted: Set(acceptedStructures.compactMap(SDMXReference.init(parsing:))))
        if let constraints {
            let url = URL(fileURLWithPath: constraints)
            options.constraints = try SDMXContentConstraints.read(read(url, name: url.lastPathComponent), file: url.lastPathComponent)
        }
        return options
    }
}
