import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData
import PasanStorage

/// `pasan export sdmx FILE`: the published data as SDMX against the SDG DSD 1.14 (UN
/// reporting) or a national DSD, streamed to the file; what cannot be expressed against the DSD
/// is left out and counted by reason.
struct ExportSDMX: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdmx",
        abstract: "Write the published data as SDMX (SDMX-ML structure-specific or SDMX-CSV) against the SDG DSD or a national DSD.",
        discussion: """
            Observations that the DSD cannot express (a series not in its CL_SERIES, a code not in a \
            codelist, a subnational area in the global DSD) are left out and counted by reason; nothing \
            invalid is written. The file references the DSD (`--dataflow`: the dataflow Pasan serves, \
            IAEG-SDGs:DF_SDG_GLC for the SDG DSD); SDMX-CSV 1.0 always names the dataflow.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case structureSpecific = "structure-specific"
        case csv1
        case csv2
    }

    @Argument(help: "The file to write ('-' for standard output).")
    var file: String

    @Option(help: "structure-specific (SDMX-ML 2.1), csv1 (SDMX-CSV 1.0) or csv2 (SDMX-CSV 2.0).")
    var format: Format = .structureSpecific

    @Option(help: "sdg (the SDG DSD 1.14, for UN reporting), lsb (LSB's national DSD) or the path of a DSD file.")
    var dsd = "sdg"

    @Flag(help: "Reference the dataflow instead of the DSD in the header.")
    var dataflow = false

    @Option(help: "The sender's id in the header (Pasan's default: PASAN).")
    var sender = "PASAN"

    @Option(help: "The language of the messages: lo or en.")
    var language: Language = .lo

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let l = language
        let structure: DataStructure
        do { structure = try SDMXExportCLI.structure(dsd) } catch let error as ExchangeProblems {
            throw ValidationError(error.problems.map { SDMXExportCLI.describe($0, l) }.joined(separator: "\n"))
        }
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let target = SDMXExportTarget(structure: structure)
            let multipliers = try await ObservationStream.unitMultipliers(db)
            let destination = try SDMXExportCLI.Destination(file: file, language: l)
            let header = SDMXMessageHeader(
                id: SDMXMessageHeader.messageID(prepared: db.clock.now()),
                prepared: db.clock.now(),
                sender: sender,
                structure: dataflow || format == .csv1 ? .dataflow(target.dataflow.reference) : .dataStructure(structure.reference)
            )
            let writer = SDMXExportCLI.writer(format, output: destination.output, header: header, structure: structure)
            let exporter = SDMXExporter(target: target, writer: writer, unitMultipliers: multipliers)
            let report: SDMXExportReport
            do {
                try writer.begin()
                for try await page in ObservationStream(database: db) { try exporter.add(page) }
                report = try exporter.finish()
                try writer.finish()
                try destination.commit()
            } catch {
                destination.abandon()
                throw error
            }
            SDMXExportCLI.print(report, file: file, language: l)
        }
    }
}

/// What `pasan export sdmx` and `pasan bench-sdmx-export` share.
enum SDMXExportCLI {
    /// `sdg`, `lsb` or a path.
    static func structure(_ choice: String) throws -> DataStructure {
        switch choice {
        case "sdg": return try DataStructureReader.read(contentsOf: ShippedStructures.sdgDSD)
        case "lsb": return try DataStructureReader.read(contentsOf: ShippedStructures.lsbDSD)
        default: return try DataStructureReader.read(contentsOf: URL(fileURLWithPath: choice))
        }
    }

    static func writer(
        _ format: ExportSDMX.Format,
        output: SDMXOutput,
        header: SDMXMessageHeader,
        structure: DataStructure
    ) -> any SDMXDataWriter {
        let layout = SDMXExporter.layout(for: structure)
        switch format {
        case .structureSpecific: return SDMXMLWriter(output: output, header: header, layout: layout)
        case .csv1: return SDMXCSVWriter(output: output, version: .v1, header: header, layout: layout)
        case .csv2: return SDMXCSVWriter(output: output, version: .v2, header: header, layout: layout)
        }
    }

    /// A file written beside its final name and moved there when complete, so a failed export
    /// leaves no half-written file; or standard output.
    final class Destination {
        let output: SDMXOutput
        private let handle: FileHandle
        private let final: URL?
        private let partial: URL?

        init(file: String, language l: Language) throws {
            if file == "-" {
                handle = FileHandle.standardOutput
                final = nil
                partial = nil
            } else {
                let url = URL(fileURLWithPath: file)
                let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
                guard FileManager.default.createFile(atPath: partial.path, contents: nil),
                    let handle = try? FileHandle(forWritingTo: partial)
                else { throw ValidationError(l.t("sdmx_export.cli.unwritable", ["file": .text(file)])) }
                self.handle = handle
                self.final = url
                self.partial = partial
            }
            output = SDMXOutput(fileHandle: handle)
        }

        func commit() throws {
            guard let final, let partial else { return }
            try handle.close()
            if FileManager.default.fileExists(atPath: final.path) { try FileManager.default.removeItem(at: final) }
            try FileManager.default.moveItem(at: partial, to: final)
        }

        func abandon() {
            guard let partial else { return }
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
        }
    }

    static func describe(_ problem: ExchangeProblem, _ l: Language) -> String {
        var place = problem.file
        if let line = problem.line { place += ":\(line)" }
        return place + ": " + problem.expected.text(in: l) + (problem.found.map { " (\($0))" } ?? "")
    }

    /// The summary on standard error: written, merged, left out with reasons.
    static func print(_ report: SDMXExportReport, file: String, language l: Language) {
        var lines = [
            l.t("sdmx_export.cli.written", ["count": .number(report.written), "series": .number(report.series), "file": .text(file)])
        ]
        if report.merged > 0 { lines.append(l.t("sdmx_export.cli.merged", ["count": .number(report.merged)])) }
        lines.append(l.t("sdmx_export.cli.leftOut", ["count": .number(report.leftOutCount)]))
        for (reason, count) in report.reasons {
            lines.append("  " + l.t("sdmx_export.cli.reason", ["count": .number(count), "reason": .message(reason)]))
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
