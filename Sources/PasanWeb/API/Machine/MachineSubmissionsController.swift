import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PasanDomain
import PasanMessages
import PasanReferenceData
import PasanStorage

/// `GET` and `POST /api/v1/submissions/{cycle}/{institution}/{indicator}`: an institution's own
/// systems read its submission (state, version, values, validation report) and save tidy rows
/// into it with an API token of the institution. Saves take the one path of tidy rows into a
/// submission (`saveTidyRows`: the same validator, one point of reporting and optimistic lock
/// as the data-entry grid). Answers are JSON, never cached; refusals have the API's error shape.
struct MachineSubmissionsController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        let api = router.group(RouterPath(APIOperation.prefix))
        api.get(RouterPath(APIOperation.submission.route), use: submissionAPI)
        api.post(RouterPath(APIOperation.submissionSave.route), use: saveSubmissionAPI)
    }
}

// MARK: - Handlers

extension MachineSubmissionsController {
    @Sendable func submissionAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try await authenticate(request, context: context, scope: .read, institution: Self.institution(context))
        let l = try Self.language(request, .submission)
        let (cycle, institution, indicator) = try await submissionTarget(context)
        let repository = SubmissionRepository(database: database)
        let submission = try await repository.latest(cycleID: cycle.id!, institution: institution, indicator: indicator.code)
        let values = try await submission.asyncMap { try await repository.values(submissionID: $0.id) } ?? []
        let header = TidyFormat.header(dimensions: TidyFormat.dimensions.keys.sorted())
        let rows = values.map { Self.tidyRow($0, header: header) }
        let result = TidyValidator.validate(
            header: header,
            rows: rows.enumerated().map { (line: $0.offset + 2, fields: $0.element) },
            context: try await tidyContext(cycle: cycle, institution: institution, indicator: indicator)
        )
        let answer = APISubmission(
            cycle: cycle.id!,
            institution: institution,
            indicator: indicator.code,
            state: submission?.state.rawValue,
            revision: submission?.revision ?? 1,
            version: submission?.version ?? 0,
            updatedAt: submission?.updatedAt,
            deadline: cycle.ownerDeadline(for: institution).description,
            acceptsSubmissions: cycle.acceptsSubmissions(from: institution, on: today),
            values: rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) },
            report: APIValidationReport(result, language: l) { $0 >= 2 ? $0 - 2 : nil }
        )
        return try Self.json(APIItem(data: answer), headers: [.eTag: "\"\(answer.version)\""])
    }

    @Sendable func saveSubmissionAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let token = try await authenticate(request, context: context, scope: .write, institution: Self.institution(context))
        let query = APIQuery(request, .submissionSave)
        let version = try query.int(.version)
        let comment = try query.string(.comment)
        let l = try Self.language(request, .submissionSave)
        let (cycle, institution, indicator) = try await submissionTarget(context)
        var request = request
        let body = try await Self.body(&request)
        let decoded = MachineSubmissionBody.decode(
            body,
            contentType: request.headers[.contentType],
            indicator: indicator.code,
            ifMatch: request.headers[.ifMatch],
            queryVersion: version,
            queryComment: comment
        )
        let rows: MachineSubmissionBody
        switch decoded {
        case .failure(.request(let error)):
            throw error
        case .failure(.unreadable(let issues)):
            let report = APIValidationReport(errors: issues, warnings: [], language: l) { $0 >= 1 ? $0 : nil }
            return try Self.refusal(Message("api_tokens.save.unreadable"), report)
        case .success(let parsed):
            rows = parsed
        }
        // A locked submission or a stale version is answered before the rows are validated (the
        // save checks both again, in its transaction).
        if let current = try await SubmissionRepository(database: database).latest(
            cycleID: cycle.id!,
            institution: institution,
            indicator: indicator.code
        ) {
            if !current.state.isEditable { throw Self.conflict(SubmissionError.locked(current.state).message) }
            if (rows.version ?? 0) != current.version {
                throw Self.conflict(SubmissionError.concurrentEdit(current: current.version).message)
            }
        }
        switch try await saveTidyRows(
            cycle: cycle,
            institution: institution,
            indicator: indicator,
            header: rows.header,
            rows: rows.rows,
            version: rows.version,
            comment: rows.comment,
            change: token.change
        ) {
        case .deadlinePassed(let deadline):
            throw Self.conflict(SubmissionError.deadlinePassed(deadline).message)
        case .refused(let result):
            let report = APIValidationReport(result, language: l, row: rows.row(ofLine:))
            return try Self.refusal(Message("api_tokens.save.refused", count: result.errors.count), report)
        case .needsComment(let result):
            let report = APIValidationReport(result, language: l, row: rows.row(ofLine:))
            return try Self.refusal(Message("api_tokens.save.needsComment", count: result.warnings.count), report)
        case .conflict(let error, _):
            throw Self.conflict(error.message)
        case .saved(let submission, let result):
            let receipt = APISubmissionReceipt(
                cycle: cycle.id!,
                institution: institution,
                indicator: indicator.code,
                state: submission.state.rawValue,
                revision: submission.revision,
                version: submission.version,
                saved: result.values.count,
                report: APIValidationReport(result, language: l, row: rows.row(ofLine:))
            )
            return try Self.json(APIItem(data: receipt), headers: [.eTag: "\"\(submission.version)\""])
        }
    }
}

// MARK: - Steps of the handlers

extension MachineSubmissionsController {
    /// The institution the address names (codes are upper case).
    static func institution(_ context: AppRequestContext) -> String {
        (context.parameters.get("institution") ?? "").uppercased()
    }

    /// The cycle (open or closed, not a draft), institution and indicator the address names; 404
    /// otherwise.
    func submissionTarget(_ context: AppRequestContext) async throws -> (ReportingCycle, String, Indicator) {
        let code = Self.institution(context)
        let indicatorCode = context.parameters.get("indicator") ?? ""
        let cycleText = context.parameters.get("cycle") ?? ""
        guard let id = Int64(cycleText), let cycle = try await CycleRepository(database: database).cycle(id: id), cycle.status != .draft,
            let indicator = state.catalog.indicator(indicatorCode), let institution = state.catalog.institution(code)
        else {
            let message = Message(
                "api_tokens.submission.notFound",
                [
                    "cycle": .text(TidyIssue.echo(cycleText)), "institution": .text(TidyIssue.echo(code)),
                    "indicator": .text(TidyIssue.echo(indicatorCode)),
                ]
            )
            throw APIError(status: .notFound, code: "not_found", message: message.text(in: .en))
        }
        return (cycle, institution.code, indicator)
    }

    /// The language of the report's messages: `lang`, else the first of lo or en the client's
    /// `Accept-Language` prefers, else English.
    static func language(_ request: Request, _ operation: APIOperation) throws -> Language {
        if let chosen = try APIQuery(request, operation).value(.language, as: Language.self) { return chosen }
        return preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? .en
    }

    /// The language of `lo` and `en` with the highest `q` in an `Accept-Language` value (the
    /// first listed on a tie), `nil` when it names neither.
    static func preferred(acceptLanguage: String?) -> Language? {
        var best: (language: Language, q: Double)?
        for item in (acceptLanguage ?? "").split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), let language = Language(rawValue: String(tag.prefix { $0 != "-" })) else { continue }
            let q = parts.dropFirst().first { $0.lowercased().hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if q > 0, q > (best?.q ?? 0) { best = (language, q) }
        }
        return best?.language
    }

    /// The body, at most `BodyLimit.upload` (20 MB): over it, 413 before or while reading.
    static func body(_ request: inout Request) async throws -> Data {
        let limit = BodyLimit.upload.bytes
        let tooLarge = APIError(
            status: .contentTooLarge,
            code: "payload_too_large",
            message: Message("api_tokens.body.tooLarge", ["megabytes": .number(limit / 1_048_576)]).text(in: .en)
        )
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw tooLarge }
        do {
            return Data(buffer: try await request.collectBody(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        }
    }

    /// A stored value as a tidy row of `header` (the template's columns; blank for the total).
    static func tidyRow(_ value: SubmittedValue, header: [String]) -> [String] {
        let dimensions = Observation.dimensions(fromKey: value.key.dimensions)
        let number = value.value.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) } ?? ""
        return header.map { column in
            switch column {
            case "Year": value.key.period
            case "SERIES": value.key.series
            case "UNIT_MEASURE": value.unit
            case "OBS_STATUS": value.status ?? ""
            case "COMMENT_OBS": value.comment ?? ""
            case "SOURCE_DETAIL": value.source ?? ""
            case "GeoCode": value.key.area
            case "Value": number
            default: dimensions[column] ?? ""
            }
        }
    }

    static func conflict(_ reason: Message) -> APIError {
        APIError(status: .conflict, code: "conflict", message: reason.text(in: .en))
    }

    /// 422 with the report: nothing was written.
    static func refusal(_ message: Message, _ report: APIValidationReport) throws -> Response {
        let failure = APIValidationFailure(
            error: .init(status: 422, code: "validation_failed", message: message.text(in: .en), parameter: nil),
            report: report
        )
        return try json(failure, status: .unprocessableContent)
    }

    /// A JSON answer of the machine API: never stored by caches (it is one institution's).
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let data = try APIController.encoder.encode(value)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
