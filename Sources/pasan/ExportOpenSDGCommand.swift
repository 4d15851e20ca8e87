import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage
import PasanWeb

/// `pasan export open-sdg DIR`: the published data as an Open SDG data repository (tidy CSV,
/// metadata, indicator settings, Lao and English labels) that sdg-build builds a site from.
struct ExportOpenSDG: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open-sdg",
        abstract: "Write the published data as an Open SDG data repository that Open SDG's sdg-build can build a site from.",
        discussion:
            "Every indicator Pasan tracks gets its settings and metadata (reporting status 'complete' when it has published values, else 'notstarted'); indicators with published values get data/indicator_<id>.csv. Lao that nobody has written stays empty. docs/open-sdg.md gives the column rules, which `pasan import open-sdg` reads back."
    )

    @Argument(help: "The directory to write (created when missing; it must be empty unless --force).")
    var directory: String

    @Flag(
        help:
            "Write into a directory that is not empty: files of the same name are replaced, and data, metadata and settings files of indicators no longer exported are removed."
    )
    var force = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let root = URL(fileURLWithPath: directory)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: root.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { fail(ValidationError("\(directory) is a file, not a directory")) }
            let entries = (try? manager.contentsOfDirectory(atPath: root.path)) ?? []
            if !entries.isEmpty && !force {
                fail(ValidationError("\(directory) is not empty; choose an empty directory, or add --force to write into it"))
            }
        }
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let overrides = try await TranslationRepository(database: db).interfaceOverrides()
            let repository: OpenSDGWriter.Repository
            do {
                repository = try await OpenSDGExportBuild.repository(database: db, messages: MessageCatalogue.shipped.overlaying(overrides))
            } catch let error as ExchangeProblems {
                for problem in error.problems.prefix(50) {
                    let place = [problem.location, problem.found.map { "\"\($0)\"" }].compactMap { $0 }.joined(separator: " ")
                    FileHandle.standardError.write(
                        Data("\(problem.file)\(place.isEmpty ? "" : ", " + place): expected \(problem.expected.text(in: .en))\n".utf8)
                    )
                }
                throw ValidationError("\(error.problems.count) value(s) cannot be written; nothing was written")
            }
            let removed = try Self.removeStale(in: root, keeping: Set(repository.files.map(\.path)))
            try OpenSDGWriter.write(repository.files, to: root)
            say(
                "Wrote an Open SDG repository to \(directory): \(repository.indicators) indicators (\(repository.dataFiles) with data files), \(repository.observations) values, \(repository.translationGroups) translation groups in lo and en, \(repository.files.count) files"
                    + (removed > 0 ? "; removed \(removed) file(s) of an earlier export." : ".")
            )
        }
    }

    /// Removes what an earlier export wrote and this one does not: data files, metadata and
    /// settings of indicators no longer exported (nothing else in the directory is touched).
    static func removeStale(in root: URL, keeping: Set<String>) throws -> Int {
        let manager = FileManager.default
        var removed = 0
        for (folder, prefix, suffix) in [
            ("data", "indicator_", ".csv"), ("meta", "", ".md"), ("meta/lo", "", ".md"), ("meta/en", "", ".md"),
            ("indicator-config", "", ".yml"),
        ] {
            let entries = (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            for name in entries where name.hasPrefix(prefix) && name.hasSuffix(suffix) && !keeping.contains("\(folder)/\(name)") {
                try manager.removeItem(at: root.appendingPathComponent(folder).appendingPathComponent(name))
                removed += 1
            }
        }
        return removed
    }
}
