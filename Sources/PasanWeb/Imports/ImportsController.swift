import Foundation
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage
import PasanViews

/// Imports on the web, for the Secretariat and LSB (`Action.importData`): the batches, the
/// uploads (an Open SDG repository as a zip, an SDMX message with its DSD), and one batch's page
/// with what publishing it would change and the two decisions. Uploads take the same path as
/// `pasan import …` (`ExchangeImport`); a refused file comes back to the upload page with every
/// problem, and nothing was written. Publishing reloads the portal's state, so the new values
/// are shown at once.
struct ImportsController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.imports, .importData, use: listView)
        secure.get(SitePath.Pattern.importNew, .importData, use: newView)
        secure.post(SitePath.Pattern.importOpenSDG, .importData, body: .upload, use: uploadOpenSDG)
        secure.post(SitePath.Pattern.importSDMX, .importData, body: .upload, use: uploadSDMX)
        secure.get(SitePath.Pattern.importBatch, .importData, use: batchView)
        secure.post(SitePath.Pattern.importPublish, .importData, use: publish)
        secure.post(SitePath.Pattern.importDiscard, .importData, use: discard)
    }

    var repository: ImportBatchRepository { ImportBatchRepository(database: database) }

    /// The page session, with the notice of the last decision (`?done=`).
    func session(_ request: Request, _ context: AppRequestContext, _ l: Language, errors: [String] = []) -> PageSession {
        var session = context.pageSession(request, l, errors: errors)
        switch request.uri.queryParameters.get("done") {
        case "staged": session.notices.append(l.t("imports_web.notice.staged"))
        case "published": session.notices.append(l.t("imports_web.notice.published"))
        case "discarded": session.notices.append(l.t("imports_web.notice.discarded"))
        default: break
        }
        return session
    }

    /// Pasan's limits, as the upload page states them.
    static var limits: ImportNewPage.Limits {
        let zip = SafeUnzip.Limits.pasanDefault
        return ImportNewPage.Limits(
            uploadMegabytes: BodyLimit.upload.bytes / 1_048_576,
            zipEntries: zip.maximumEntries,
            unpackedMegabytes: Int(zip.maximumTotalBytes / 1_048_576)
        )
    }

    /// The upload page, with what was refused (400 for a form left incomplete, 422 for a file
    /// that was read and refused).
    func newPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        refusal: ImportNewPage.Refusal? = nil,
        name: String = "",
        structure: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let page = ImportNewPage(
            language: l,
            session: session(request, context, l, errors: errors),
            structures: SDMXStructureChoice.offered,
            structure: structure,
            limits: Self.limits,
            refusal: refusal,
            name: name
        )
        return Pages.response(page.render(), status: status)
    }

    /// The batch named by the address.
    func batchID(_ context: AppRequestContext, _ l: Language) throws -> Int64 {
        guard let id = context.parameters.get("batch", as: Int64.self) else { throw PortalError.notFound(l) }
        return id
    }

    func batchPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        id: Int64,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let preview: ImportPreview
        do { preview = try await repository.preview(batchID: id) } catch ImportBatchError.notFound { throw PortalError.notFound(l) }
        let catalog = state.catalog
        var titles: [String: LocalizedText] = [:]
        for indicator in preview.indicators {
            if let found = catalog.indicator(indicator.indicator) { titles[indicator.indicator] = found.title }
        }
        let confirm = request.uri.queryParameters.get("confirm").flatMap(ImportBatchPage.Decision.init(rawValue:))
        let page = ImportBatchPage(
            language: l,
            session: session(request, context, l, errors: errors),
            preview: preview,
            titles: titles,
            confirm: errors.isEmpty ? confirm : nil
        )
        return Pages.response(page.render(), status: status)
    }

    /// A refused file's problems as the page lists them.
    static func rows(_ problems: [ExchangeProblem]) -> [ImportRefusal] {
        problems.map { ImportRefusal(file: $0.file, line: $0.line, location: $0.location, found: $0.found, expected: $0.expected) }
    }
}

// MARK: - Handlers

extension ImportsController {
    @Sendable func listView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let page = ImportsPage(language: l, session: session(request, context, l), batches: try await repository.batches())
        return Pages.response(page.render())
    }

    @Sendable func newView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        newPage(request, context, l)
    }

    @Sendable func uploadOpenSDG(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let decoded = OpenSDGUploadForm.decode(context.form ?? FormData())
        guard case .success(let form) = decoded else {
            return newPage(
                request,
                context,
                l,
                errors: decoded.problems(in: l),
                name: context.form?.value("name") ?? "",
                status: .badRequest
            )
        }
        let upload = form.upload
        let started = ContinuousClock.now
        let outcome = try await ExchangeImport(database: database).openSDG(
            zip: upload.file.data,
            fileName: upload.file.filename,
            name: upload.name,
            actor: context.change,
            mode: .stage
        )
        PasanMetrics.importFinished(format: "open-sdg", succeeded: !outcome.isRefused, since: started)
        switch outcome {
        case .refused(let problems):
            return newPage(
                request,
                context,
                l,
                refusal: ImportNewPage.Refusal(kind: .openSDG, fileName: upload.file.filename, problems: Self.rows(problems)),
                name: upload.typedName,
                status: .unprocessableContent
            )
        case .imported(let preview, _, _):
            return Pages.redirect(SitePath(language: l, page: .importBatch(preview.batch.id)).path + "?done=staged")
        }
    }

    @Sendable func uploadSDMX(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let decoded = SDMXUploadForm.decode(context.form ?? FormData())
        guard case .success(let form) = decoded else {
            return newPage(
                request,
                context,
                l,
                errors: decoded.problems(in: l),
                name: context.form?.value("name") ?? "",
                structure: context.form?.value("dsd"),
                status: .badRequest
            )
        }
        let upload = form.upload
        let started = ContinuousClock.now
        let outcome = try await ExchangeImport(database: database).sdmx(
            data: upload.file.data,
            fileName: ExchangeImport.folderName(for: upload.file.filename),
            dsd: form.structure.url,
            name: upload.name,
            actor: context.change,
            mode: .stage
        )
        PasanMetrics.importFinished(format: "sdmx", succeeded: !outcome.isRefused, since: started)
        switch outcome {
        case .refused(let problems):
            return newPage(
                request,
                context,
                l,
                refusal: ImportNewPage.Refusal(kind: .sdmx, fileName: upload.file.filename, problems: Self.rows(problems)),
                name: upload.typedName,
                structure: form.structure.rawValue,
                status: .unprocessableContent
            )
        case .imported(let preview, _, _):
            return Pages.redirect(SitePath(language: l, page: .importBatch(preview.batch.id)).path + "?done=staged")
        }
    }

    @Sendable func batchView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await batchPage(request, context, l, id: try batchID(context, l))
    }

    @Sendable func publish(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let id = try batchID(context, l)
        do {
            try await repository.publish(batchID: id, actor: context.change)
        } catch let error as ImportBatchError {
            if error == .notFound { throw PortalError.notFound(l) }
            return try await batchPage(request, context, l, id: id, errors: [error.message.text(in: l)], status: .conflict)
        }
        // New values, and perhaps new national series: the catalog, the progress results and the
        // page cache are renewed, so the portal and the API show them at once.
        try await state.reload()
        return Pages.redirect(SitePath(language: l, page: .importBatch(id)).path + "?done=published")
    }

    @Sendable func discard(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let id = try batchID(context, l)
        do {
            try await repository.discard(batchID: id, actor: context.change)
        } catch let error as ImportBatchError {
            if error == .notFound { throw PortalError.notFound(l) }
            return try await batchPage(request, context, l, id: id, errors: [error.message.text(in: l)], status: .conflict)
        }
        return Pages.redirect(SitePath(language: l, page: .importBatch(id)).path + "?done=discarded")
    }
}
