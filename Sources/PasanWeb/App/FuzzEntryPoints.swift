import Foundation
import PasanDomain
import PasanReferenceData

/// The entry point of the multipart libFuzzer harness in `Fuzz/` (`scripts/bench --only fuzz`;
/// see docs/operations/fuzzing.md): runs, on arbitrary bytes, the very code a submission upload
/// takes through the web interface — the parts of it that are internal to this module — without
/// a database: the validator's context is built once from the shipped reference data. The
/// server never calls it. It returns a count of what it read (fields, values, problems), so that
/// nothing is optimised away.
public enum FuzzEntryPoints {
    /// The shipped reference data, read once (series and areas for the tidy validator).
    private static let reference: ReferenceDataSet = (try? ReferenceDataLoader.bundled.load()) ?? ReferenceDataSet()

    /// What the tidy validator is given: indicator 3.1.2 and its shipped series, reference
    /// years 2015–2030, every shipped area, every series and level owned.
    private static let tidyContext: TidyContext = {
        let levels = Dictionary(reference.areas.map { ($0.code, $0.level) }, uniquingKeysWith: { a, _ in a })
        let series = Dictionary(
            reference.series.filter { $0.indicator == "3.1.2" }.map { ($0.code, $0.unit) },
            uniquingKeysWith: { a, _ in a }
        )
        return TidyContext(
            indicator: "3.1.2",
            institution: "MOH",
            series: series.isEmpty ? ["SH_STA_BRTC": "PT"] : series,
            referenceYears: Set(2015...2030),
            knownAreas: Set(levels.keys),
            ownedScopes: [(series: nil, level: nil)],
            areaLevel: { levels[$0] }
        )
    }()

    /// A submitted body with its `Content-Type` (`FormData.parse`, MultipartKit for multipart),
    /// then its `file` part read as the upload page reads it (`SubmissionUploadForm.decode`: CSV,
    /// or XLSX when it is a zip or named `.xlsx`) and validated (`TidyValidator`).
    public static func submissionBody(_ body: Data, contentType: String) -> Int {
        guard let form = FormData.parse(contentType: contentType, body: body) else { return 0 }
        return form.fields.count + form.files.count + submission(form)
    }

    private static func submission(_ form: FormData) -> Int {
        switch SubmissionUploadForm.decode(form, indicator: tidyContext.indicator) {
        case .failure(.noFile): return 0
        case .failure(.unreadable(let problems)): return problems.count
        case .success(let upload):
            let result = TidyValidator.validate(header: upload.header, rows: upload.rows, context: tidyContext)
            let located = result.errors.map { upload.locate?($0) ?? $0 }
            return result.values.count + located.count + result.warnings.count
        }
    }
}
