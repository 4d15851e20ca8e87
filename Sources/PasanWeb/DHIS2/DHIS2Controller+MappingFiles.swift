import Foundation
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage
import PasanViews

/// An instance's mapping as files people edit in a spreadsheet (`DHIS2MappingFile`): the
/// element mappings as CSV (`mapping/export.csv`), the organisation unit matches as CSV
/// (`mapping/org-units.csv`), both as one XLSX workbook (`mapping/export.xlsx`); and an upload of
/// any of them. Every line of an upload is checked against the framework and the areas; with any
/// problem nothing changes. An uploaded element table replaces the whole mapping; uploaded
/// organisation unit rows are confirmed matches.
extension DHIS2Controller {
    @Sendable func exportMapping(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        let base = "pasan-dhis2-\(instance.id)"
        switch context.parameters.get("file") ?? "" {
        case "export.csv":
            let csv = DHIS2MappingFile.elementsCSV(try await repository.mappings(instanceID: instance.id))
            return Pages.csv(csv, filename: base + "-mapping.csv")
        case "org-units.csv":
            let csv = DHIS2MappingFile.orgUnitsCSV(try await repository.orgUnits(instanceID: instance.id))
            return Pages.csv(csv, filename: base + "-org-units.csv")
        case "export.xlsx":
            let file = DHIS2MappingFile(
                elements: try await repository.mappings(instanceID: instance.id),
                orgUnits: try await repository.orgUnits(instanceID: instance.id)
            )
            return Pages.xlsx(try file.xlsx(), filename: base + "-mapping.xlsx")
        default:
            throw PortalError.notFound(l)
        }
    }

    @Sendable func importMapping(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        guard let file = context.form?.files["file"], !file.data.isEmpty else {
            return try await instancePage(request, context, l, mappingErrors: [l.t("dhis2_web.mapping.chooseFile")], status: .badRequest)
        }
        let catalog = state.catalog
        let references = DHIS2MappingFile.References(
            indicators: Set(catalog.indicators.map(\.code)),
            series: Set(catalog.series.map(\.code)),
            areas: Set(try await matchableAreas().map(\.code))
        )
        let read: DHIS2MappingFile
        do {
            let name = file.filename.lowercased()
            if name.hasSuffix(".xlsx") {
                read = try DHIS2MappingFile.readWorkbook(file.data, file: file.filename, references: references)
            } else if String(decoding: file.data.prefix(200), as: UTF8.self).lowercased().contains("dhis2_org_unit") {
                read = DHIS2MappingFile(
                    orgUnits: try DHIS2MappingFile.readOrgUnitsCSV(file.data, file: file.filename, references: references)
                )
            } else {
                read = DHIS2MappingFile(
                    elements: try DHIS2MappingFile.readElementsCSV(file.data, file: file.filename, references: references)
                )
            }
        } catch let refused as ExchangeProblems {
            return try await instancePage(
                request,
                context,
                l,
                mappingErrors: refused.problems.prefix(200).map { Self.text(of: $0, l) },
                status: .unprocessableContent
            )
        } catch let problem as ExchangeProblem {
            return try await instancePage(request, context, l, mappingErrors: [Self.text(of: problem, l)], status: .unprocessableContent)
        }
        // An element table (CSV, or a workbook's first sheet) is the whole mapping.
        if !read.elements.isEmpty || !file.filename.lowercased().hasSuffix(".csv") || read.orgUnits.isEmpty {
            try await repository.replaceAllMappings(instanceID: instance.id, read.elements, change: context.change)
        }
        if !read.orgUnits.isEmpty {
            try await repository.storeOrgUnits(instanceID: instance.id, proposals: read.orgUnits)
            try await repository.confirmMatches(
                instanceID: instance.id,
                Dictionary(read.orgUnits.map { ($0.orgUnit.uid, $0.areaCode) }, uniquingKeysWith: { a, _ in a }),
                change: context.change
            )
        }
        return redirect(l, .dhis2Instance(instance.id), done: "mapping")
    }

    /// A file's problem in the reader's language: where, what was found, what was expected.
    static func text(of problem: ExchangeProblem, _ l: Language) -> String {
        let place = [problem.file, problem.line.map { l.t("dhis2_web.mapping.line", ["line": .number($0)]) }, problem.location]
            .compactMap { $0 }.joined(separator: ", ")
        let found = problem.found.map { " “\($0)”" } ?? ""
        return "\(place)\(found): \(problem.expected.text(in: l))"
    }
}
