import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanReferenceData
import PasanStorage
import PasanWeb

/// `pasan plans import|export|list`: plans as CSV or XLSX files (`docs/plans.md`).
struct Plans: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import, export or list development plans (NSEDP, sector plans) as CSV or Excel (XLSX).",
        subcommands: [ImportPlan.self, ExportPlan.self, ListPlans.self]
    )
}

struct ImportPlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add or update a plan from a plan file: the whole file, or nothing if any row is faulty.",
        discussion:
            "The file has the columns of `pasan plans export` (docs/plans.md). What the file names is added or updated; nothing else is deleted. Changed targets and values become new revisions."
    )

    @Argument(help: "CSV file or XLSX workbook (.xlsx) with the columns of `pasan plans export`.")
    var file: String

    @Option(help: "Why the plan is imported (kept with every revision).")
    var reason = "Imported with pasan plans import"

    @Flag(help: "Check the file and report, but write nothing.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            fail(ValidationError("\(file) cannot be read (\(error.localizedDescription))"))
        }
        try await withDatabase(database, logger: makeLogger(), announcing: .data) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let catalog = try await CatalogRepository(database: db).load()
            let name = URL(fileURLWithPath: file).lastPathComponent
            switch PlanUpload.read(data, filename: name, catalog: catalog) {
            case .failure(let failure):
                for problem in failure.problems.prefix(100) {
                    FileHandle.standardError.write(Data((describe(problem, file: name) + "\n").utf8))
                }
                fail(ValidationError("\(failure.problems.count) problem(s) in \(name); nothing was imported"))
            case .success(let upload):
                let document = upload.document
                if dryRun {
                    say(
                        "\(name): plan \(document.plan.code), \(document.results.count) outcome(s) and output(s), \(document.indicators.count) indicator(s), \(document.values.count) value(s); no problem. Nothing written (--dry-run)."
                    )
                    return
                }
                let summary = try await PlanRepository(database: db).save(
                    document,
                    actor: .commandLine,
                    reason: reason,
                    seriesOf: catalog.series(ofIndicator:)
                )
                let s = summary
                say(
                    "Imported plan \(document.plan.code) from \(name): outcomes and outputs \(s.resultsAdded) added, \(s.resultsChanged) changed; indicators \(s.indicatorsAdded) added, \(s.indicatorsChanged) changed; SDG link sets changed \(s.linkSetsChanged); targets \(s.targetsAdded) added, \(s.targetsRevised) revised, \(s.targetsRemoved) removed; plan values \(s.valuesAdded) added, \(s.valuesChanged) revised; SDG series values \(s.sdgValuesAdded) added, \(s.sdgValuesChanged) changed."
                )
            }
        }
    }

    func describe(_ problem: PlanProblem, file: String) -> String {
        var place = file
        if let line = problem.line { place += ":\(line)" }
        if let column = problem.column { place += " [\(column)]" }
        let found = problem.found.map { " (found \"\($0)\")" } ?? ""
        return "\(place): \(problem.message.text(in: .en))\(found)"
    }
}

struct ExportPlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a plan as CSV to standard output, or to a CSV or XLSX file."
    )

    @Argument(help: "The plan's code (pasan plans list shows them), e.g. nsedp9.")
    var code: String

    @Option(help: "Write to this file instead: an XLSX workbook when it ends in .xlsx, CSV otherwise.")
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let catalog = try await CatalogRepository(database: db).load()
            guard let document = catalog.planDocument(code) else {
                fail(ValidationError("no plan has the code \(code); pasan plans list shows them"))
            }
            let values = PlanRendering.ownValues(
                try await PlanRepository(database: db).values(plan: code, seriesOf: catalog.series(ofIndicator:))
            )
            guard let output else {
                FileHandle.standardOutput.write(Data(PlanFile.write(document, values: values).utf8))
                return
            }
            let data =
                output.lowercased().hasSuffix(".xlsx")
                ? try PlanWorkbook.data(document, values: values) : Data(PlanFile.write(document, values: values).utf8)
            do { try data.write(to: URL(fileURLWithPath: output)) } catch {
                fail(ValidationError("\(output) cannot be written (\(error.localizedDescription))"))
            }
            say("Wrote plan \(code) to \(output).")
        }
    }
}

struct ListPlans: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the plans: code, period, status and name.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let catalog = try await CatalogRepository(database: db).load()
            for plan in catalog.plans {
                let mark = plan.isIllustrative ? " (illustrative)" : ""
                say(
                    "\(plan.code)\t\(plan.startYear)–\(plan.endYear)\t\(plan.kind.rawValue), \(plan.status.rawValue)\t\(plan.name.en)\(mark)"
                )
            }
        }
    }
}
