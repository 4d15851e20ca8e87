import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/assignments/new` and `/{lang}/admin/assignments/{id}`.
public struct AssignmentFormPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var assignment: Assignment?
    public var fields: [String: String]
    public var problems: [String]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        assignment: Assignment?,
        fields: [String: String] = [:],
        problems: [String] = []
    ) {
        self.language = language; self.session = session; self.assignment = assignment; self.fields = fields; self.problems = problems
    }

    public func render() -> String {
        let l = language
        let page: SitePath.Page = assignment?.id.map { .assignment($0) } ?? .assignmentNew
        let title = assignment?.id == nil ? l.t("admin.assignmentForm.titleNew") : l.t("admin.assignmentForm.titleEdit")
        var values = fields
        if let a = assignment, fields.isEmpty {
            values = Dictionary(uniqueKeysWithValues: zip(AssignmentImport.columns, AssignmentImport.fields(of: a)))
        }
        return Layout(title: title, description: title, path: SitePath(language: l, page: page)).render(
            .div(
                .class("wrap narrow"),
                .h1(.text(title)),
                FormParts.messages([], errors: problems + session.errors),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: page).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    .forEach(AssignmentImport.columns) { column in
                        FormParts.field(
                            column + (AssignmentImport.required.contains(column) ? " *" : ""),
                            name: column,
                            value: values[column] ?? "",
                            required: AssignmentImport.required.contains(column),
                            hint: Self.hint(column, l)
                        )
                    },
                    FormParts.submit(l.t("admin.assignmentForm.save"))
                )
            )
        )
    }

    static func hint(_ column: String, _ l: PasanDomain.Language) -> String? {
        switch column {
        case "owners", "contributors": l.t("admin.assignmentForm.hint.institutionCodes")
        case "geographic_level": "country, province, district, village"
        case "source_kind": DataSourceKind.allCases.map(\.rawValue).joined(separator: ", ")
        case "frequency": CollectionFrequency.allCases.map(\.rawValue).joined(separator: ", ")
        case "collection_due": l.t("admin.assignmentForm.hint.collectionDue")
        case "legal_date", "valid_from", "valid_to": "YYYY-MM-DD"
        default: nil
        }
    }
}
