import ArgumentParser
import Foundation
import PasanDomain
import PasanReferenceData

/// `pasan progress`: runs a progress method over a CSV fixture and prints the rows with the
/// computed columns appended, so the engine can be checked against any published results.
struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute progress for each row of a CSV file and print the rows with the results appended.",
        discussion: """
            --method opensdg-statcan reads the columns of opensdg_statcan_series_published.csv (base_year, base_value, current_year, \
            current_value, target, target_year, direction, limit; lines starting with # are comments, extra columns are kept) and \
            appends progress_value,score,status. An empty target means no quantitative target; an empty limit means none.
            --method sdsn reads the columns of sdsn_sdr2019_normalized.csv (code, raw) with --bounds (the shape of \
            sdsn_sdr2019_bounds.csv) and appends score.
            """
    )

    @Option(help: "The progress method.")
    var method: ProgressCSV.Method

    @Option(help: "Bounds file, for --method sdsn.")
    var bounds: String?

    @Argument(help: "The CSV file.")
    var file: String

    func run() throws {
        do {
            let table = try CSVTable(contentsOf: URL(fileURLWithPath: file), file: file)
            let boundsTable = try bounds.map { path throws(DataFileIssue) in
                try CSVTable(contentsOf: URL(fileURLWithPath: path), file: path)
            }
            let (header, rows) = try ProgressCSV.run(method, table: table, bounds: boundsTable)
            FileHandle.standardOutput.write(
                Data(CSVWriter.write(header: header, rows: rows).replacingOccurrences(of: "\r\n", with: "\n").utf8)
            )
        } catch {
            fail(error)
        }
    }
}
