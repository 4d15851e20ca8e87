import Foundation
import PasanDomain
import PasanReferenceData

extension PlanUpload {
    /// A plan file checked against what Pasan holds: the framework, the institutions and the
    /// plans in `catalog`; a file about a plan Pasan has is merged over it (an import is an
    /// upsert). The one reading of an upload, for the web and the command line.
    public static func read(
        _ data: Data,
        filename: String,
        catalog: FrameworkCatalog
    ) -> Result<(document: PlanDocument, merged: PlanDocument), PlanUploadFailure> {
        let documents = catalog.plans.compactMap { catalog.planDocument($0.code) }
        let context = PlanCheck.Context(
            indicators: catalog.indicators,
            series: catalog.series,
            institutions: catalog.institutions,
            plans: documents
        )
        let existing = planCode(of: data, filename: filename).flatMap { code in documents.first { $0.plan.code == code } }
        return read(data, filename: filename, context: context, existing: existing)
    }

    /// The code of the plan a file is about (its plan row), if the file can be read that far.
    public static func planCode(of data: Data, filename: String) -> String? {
        isZip(data)
            ? PlanWorkbook.read(data, file: filename).reading.document?.plan.code
            : PlanFile.read(data: data, file: filename).document?.plan.code
    }
}
