import Foundation
import PasanDomain
import PasanReferenceData

/// Why an uploaded plan file was refused: every problem, each with its line (or cell) and column.
public struct PlanUploadFailure: Error, Sendable, Hashable {
    /// The file as uploaded.
    public var file: String
    public var problems: [PlanProblem]

    public init(file: String, problems: [PlanProblem]) {
        self.file = file
        self.problems = problems
    }
}

/// An uploaded plan file (CSV or XLSX, told apart by content), read and checked whole: the file's
/// structure (`PlanFile`, `PlanWorkbook`), then `PlanCheck` on the plan as it would be once
/// imported (`existing` merged with the file: an import is an upsert). Nothing is returned as a
/// success while any problem is left.
public enum PlanUpload {
    /// The document the file holds, and the plan it makes merged over `existing` (when `existing`
    /// is the same plan).
    public static func read(
        _ data: Data,
        filename: String,
        context: PlanCheck.Context,
        existing: PlanDocument?
    ) -> Result<(document: PlanDocument, merged: PlanDocument), PlanUploadFailure> {
        var problems: [PlanProblem]
        let document: PlanDocument?
        let lines: [String: Int]
        var locate: (PlanProblem) -> PlanProblem = { $0 }
        if isZip(data) {
            let read = PlanWorkbook.read(data, file: filename)
            problems = read.reading.problems
            document = read.reading.document
            lines = read.reading.lines
            locate = read.located
        } else {
            let read = PlanFile.read(data: data, file: filename)
            problems = read.problems
            document = read.document
            lines = read.lines
        }
        guard let document else { return .failure(PlanUploadFailure(file: filename, problems: problems)) }
        let merged = existing.flatMap { $0.plan.code == document.plan.code ? $0.merging(document) : nil } ?? document
        var own = context
        own.plans.remove(document.plan.code)
        own.results = own.results.filter { !$0.hasPrefix(document.plan.code + "/") }
        problems += PlanCheck.problems(merged, lines: lines, context: own).map(locate)
        guard problems.isEmpty else { return .failure(PlanUploadFailure(file: filename, problems: problems)) }
        return .success((document, merged))
    }

    /// Whether `data` starts as a zip archive does (an XLSX workbook).
    public static func isZip(_ data: Data) -> Bool {
        data.prefix(4).elementsEqual([0x50, 0x4B, 0x03, 0x04])
    }
}
