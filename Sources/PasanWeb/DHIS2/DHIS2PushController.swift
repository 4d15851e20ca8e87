import Foundation
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage

/// DHIS2's own import, for a DHIS2 instance (or any system speaking DHIS2) that pushes to Pasan:
/// `POST /api/v1/dataValueSets` with DHIS2's data value set (JSON, or CSV with
/// `Content-Type: application/csv`), authenticated by an institution's API token with write
/// scope (`Authorization: ApiToken …` as DHIS2 clients send it, or `Bearer …`). The values go
/// through the institution's DHIS2 mapping and the same validation and submission as a pull,
/// and the answer is DHIS2's web message with its import summary (imported, updated, ignored,
/// conflicts), 200 for SUCCESS and WARNING as DHIS2 2.43 answers, 409 for ERROR.
///
/// So that a DHIS2 client pointed at Pasan's address works unchanged, the same import is also
/// at DHIS2's path `/api/dataValueSets`, with `/api/system/info` and `/api/me`, the first calls
/// of DHIS2's Python clients.
struct DHIS2PushController: PortalFeature {
    let state: PortalState

    /// The largest data value set Pasan reads (about 500,000 values as JSON).
    static let maximumBytes = 64 * 1_048_576

    /// DHIS2's own paths, for DHIS2 clients given Pasan's address as their base URL.
    static let dhis2Paths: Set<String> = ["/api/dataValueSets", "/api/system/info", "/api/me"]

    func register(on router: Router<AppRequestContext>) {
        router.post(RouterPath(APIOperation.dataValueSets.path), use: importDataValueSet)
        router.post("/api/dataValueSets", use: importDataValueSet)
        router.get("/api/system/info", use: systemInfo)
        router.get("/api/me", use: me)
    }

    /// The language of the conflicts' texts: `lo` when the client asks for Lao
    /// (`Accept-Language: lo`), English otherwise (what DHIS2 clients expect).
    static func language(_ request: Request) -> Language {
        let accepted = (request.headers[.acceptLanguage] ?? "").lowercased()
        return accepted.hasPrefix("lo") ? .lo : .en
    }

    static func json(_ message: DHIS2WebMessage) -> Response {
        Response(
            status: .init(code: message.httpStatusCode ?? 200),
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: DHIS2WebMessageWriter.json(message)))
        )
    }

    /// A DHIS2-shaped error (DHIS2 clients read `message` from the body of any failure).
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(
            DHIS2WebMessage(
                httpStatus: status.reasonPhrase,
                httpStatusCode: Int(status.code),
                status: "ERROR",
                message: message
            )
        )
    }
}

// MARK: - Handlers

extension DHIS2PushController {
    @Sendable func importDataValueSet(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let token = try await authenticate(request, context: context, scope: .write)
        let l = Self.language(request)
        let instances = try await DHIS2Repository(database: database).instances().filter { $0.institution == token.institution }
        let named = request.uri.queryParameters.get("instance").map { String($0) }
        let candidates = named.map { name in instances.filter { $0.name == name || String($0.id) == name } } ?? instances
        guard candidates.count == 1, let instance = candidates.first else {
            let arguments: [String: MessageArgument] = [
                "institution": .text(token.institution), "names": .text(instances.map(\.name).joined(separator: ", ")),
            ]
            let message =
                candidates.isEmpty
                ? Message("dhis2_web.push.noInstance", arguments) : Message("dhis2_web.push.whichInstance", arguments)
            return Self.error(.conflict, message.text(in: l))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBytes)
        } catch {
            return Self.error(
                .contentTooLarge,
                Message("dhis2_web.push.tooLarge", ["megabytes": .number(Self.maximumBytes / 1_048_576)]).text(in: l)
            )
        }
        let data = Data(buffer: body)
        let set: DHIS2DataValueSet
        do {
            let type = (request.headers[.contentType] ?? "").lowercased()
            if type.contains("csv") {
                set = try DHIS2DataValueSetReader.readCSV(
                    data,
                    file: "dataValueSet.csv",
                    dataSet: request.uri.queryParameters.get("dataSet").map { String($0) }
                )
            } else {
                set = try DHIS2DataValueSetReader.readJSON(data, file: "dataValueSet.json")
            }
        } catch let problems as ExchangeProblems {
            let summary = DHIS2ImportSummary(
                status: .error,
                importCount: DHIS2ImportCount(),
                conflicts: problems.problems.prefix(DHIS2PullReport.listLimit).map {
                    DHIS2ImportConflict(object: $0.location ?? $0.file, value: DHIS2Controller.text(of: $0, l))
                },
                description: Message("dhis2_web.push.unreadable").text(in: l)
            )
            return Self.json(DHIS2WebMessage(importSummary: summary, message: Message("dhis2_web.push.unreadable").text(in: l)))
        }
        let query = request.uri.queryParameters
        let dryRun = set.dryRun ?? (query.get("dryRun").map { $0 == "true" } ?? false)
        let puller = DHIS2Puller(state: state, secrets: state.secrets)
        let started = database.clock.now()
        let provenance = Self.provenance(instance: instance.name, token: token.prefix, at: started)
        var report = DHIS2PullReport(provenance: provenance)
        var cells: [CellKey: Double?] = [:]
        do {
            let plan = try await puller.plan(instance)
            cells = try await puller.apply(
                set.values,
                plan: plan,
                instance: instance,
                provenance: provenance,
                report: &report,
                change: token.change,
                isPush: true,
                dryRun: dryRun
            )
        } catch let problem as DHIS2Puller.PullProblem {
            report.failure = .init(problem.message)
        }
        if !dryRun {
            try await DHIS2Repository(database: database).recordPull(
                instanceID: instance.id,
                trigger: "push",
                attempt: 1,
                startedAt: started,
                actor: token.change.actorName,
                report: report,
                values: cells,
                retryAt: nil,
                nextPullAt: nil
            )
            await state.invalidate()
        }
        let summary = Self.importSummary(report, values: set.values.count, dryRun: dryRun, in: l)
        return Self.json(DHIS2WebMessage(importSummary: summary, message: summary.description ?? ""))
    }

    /// What a DHIS2 client reads of a push: counts of the cells imported, updated and ignored;
    /// a conflict for every value left aside and for every indicator refused, with the reason in
    /// the client's language.
    static func importSummary(_ report: DHIS2PullReport, values: Int, dryRun: Bool, in l: Language) -> DHIS2ImportSummary {
        var conflicts: [DHIS2ImportConflict] = []
        if let failure = report.failure {
            conflicts.append(DHIS2ImportConflict(object: "dataValueSet", value: failure.message.text(in: l)))
        }
        for ignored in report.ignored {
            conflicts.append(
                DHIS2ImportConflict(
                    object: ignored.dataElement,
                    value: ignored.reason.message.text(in: l),
                    objects: ["dataElement": ignored.dataElement, "period": ignored.period, "orgUnit": ignored.orgUnit]
                )
            )
        }
        for u in report.unmappedElements {
            conflicts.append(
                DHIS2ImportConflict(
                    object: u.id,
                    value: Message(
                        "dhis2_web.push.unmappedElement",
                        ["id": .text(u.id + (u.detail.map { ".\($0)" } ?? "")), "count": .number(u.count)]
                    ).text(in: l),
                    errorCode: "E7610"
                )
            )
        }
        for u in report.unmappedOrgUnits {
            conflicts.append(
                DHIS2ImportConflict(
                    object: u.id,
                    value: Message("dhis2_web.push.unmappedOrgUnit", ["id": .text(u.id), "count": .number(u.count)]).text(in: l),
                    errorCode: "E7612"
                )
            )
        }
        var refusedCells = 0
        for outcome in report.outcomes {
            guard let refusal = outcome.refusal else { continue }
            refusedCells += outcome.cells
            let problems = outcome.errors.map { " " + $0.column + " “" + $0.value + "”: " + $0.expected.message.text(in: l) }
            conflicts.append(
                DHIS2ImportConflict(object: outcome.indicator, value: refusal.message.text(in: l) + problems.joined(separator: ";"))
            )
        }
        let unmapped = report.unmappedElements.map(\.count).reduce(0, +) + report.unmappedOrgUnits.map(\.count).reduce(0, +)
        let ignored = report.ignoredCount + unmapped + refusedCells + report.unchangedInSubmission
        let written = report.imported + report.updated
        let status: DHIS2ImportStatus =
            report.failure != nil || (written == 0 && !conflicts.isEmpty) ? .error : conflicts.isEmpty ? .success : .warning
        let counts: [String: MessageArgument] = [
            "values": .number(values), "imported": .number(report.imported), "updated": .number(report.updated),
            "ignored": .number(ignored),
        ]
        let description = (dryRun ? Message("dhis2_web.push.dryRun", counts) : Message("dhis2_web.push.done", counts)).text(in: l)
        return DHIS2ImportSummary(
            status: status,
            importCount: DHIS2ImportCount(imported: report.imported, updated: report.updated, ignored: ignored, deleted: 0),
            conflicts: conflicts,
            importOptions: ["dryRun": .bool(dryRun), "importStrategy": .string("CREATE_AND_UPDATE")],
            description: description
        )
    }

    /// "DHIS2 <instance>, pushed at … with token pasan_ab12cd34": kept as the source of every value.
    static func provenance(instance: String, token: String, at date: Date) -> String {
        "DHIS2 \(instance), pushed at \(DHIS2Puller.minute(date)) UTC with token \(token)"
    }

    /// `GET /api/system/info`: what DHIS2 clients read first (a version of the API Pasan speaks).
    @Sendable func systemInfo(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try await authenticate(request, context: context, scope: .read)
        let info: [String: String] = [
            "version": "2.41.0", "revision": "pasan", "calendar": "iso8601", "dateFormat": "yyyy-mm-dd",
            "systemName": "Pasan (DHIS2-compatible data value import)", "serverTimeZoneId": "Asia/Vientiane",
        ]
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(info)))
        )
    }

    /// `GET /api/me`: the token's institution, as DHIS2's current user.
    @Sendable func me(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let token = try await authenticate(request, context: context, scope: .read)
        let me: [String: String] = [
            "id": token.prefix, "username": token.name, "name": token.institution, "displayName": token.institution,
        ]
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(me)))
        )
    }
}
