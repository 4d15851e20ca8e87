import Foundation
import Logging
import PasanDHIS2
import PasanDomain
import PasanStorage

/// One pull from a DHIS2 instance into the owner's submissions of the open cycle:
///
/// 1. the credential is opened (`SecretBox`), the mapping and the confirmed organisation units read;
/// 2. DHIS2 is asked for the mapped data of the cycle's reference years (`DHIS2Client`:
///    analytics for aggregated values, data value sets for raw ones);
/// 3. `DHIS2Mapper` turns DHIS2's values into tidy rows, each with "DHIS2 <instance>, pulled at …"
///    as its source, and lists what it left aside and what no mapping covers;
/// 4. per indicator, the rows join the submission's other values and go through the same
///    `TidyValidator` and `SubmissionRepository.save` as typed data: all of an indicator's values
///    are written, or none (a refused indicator is listed with every problem);
/// 5. the pull is recorded with its report and cells, compared with the previous pull.
///
/// A failure of DHIS2 (down, slow, 401, 409, 500, a web page instead of JSON) writes nothing and
/// is recorded with the reason; a scheduled pull that failed for a reason worth retrying is tried
/// again with back-off (`retryDelays`).
struct DHIS2Puller: Sendable {
    let state: PortalState
    /// Opens the credential for a pull (a push needs none); `nil` when no key is set.
    let secrets: SecretBox?
    var httpClient: DHIS2Client.HTTP = .shared
    /// Sent with every request to DHIS2 besides Pasan's own (the tests name their stand-in session).
    var headers: [String: String] = [:]
    var logger = Logger(label: "pasan.dhis2")

    enum Trigger: String, Sendable {
        case manual, schedule
    }

    /// Back-off of scheduled pulls that failed: 1, 5, 15 and 60 minutes after each failure, then
    /// the next scheduled pull (Pasan's default).
    static let retryDelays: [TimeInterval] = [60, 300, 900, 3_600]

    var database: Database { state.database }

    /// Runs one pull and records it; returns the pull's id.
    @discardableResult
    func pull(instanceID: Int64, trigger: Trigger, attempt: Int = 1, change: ChangeContext) async throws -> Int64 {
        let measured = ContinuousClock.now
        var pulled = false
        defer { PasanMetrics.importFinished(format: "dhis2", succeeded: pulled, since: measured) }
        let repository = DHIS2Repository(database: database)
        guard let instance = try await repository.instance(id: instanceID) else { throw DHIS2Repository.Problem.notFound }
        let started = database.clock.now()
        let provenance = Self.provenance(instance: instance.name, at: started)
        var report = DHIS2PullReport(provenance: provenance)
        var cells: [CellKey: Double?] = [:]
        do {
            cells = try await run(instance: instance, provenance: provenance, report: &report, change: change)
        } catch let error as DHIS2ClientError {
            report.failure = .init(error.message)
            report.dhis2Message = error.dhis2Message
            logger.warning("DHIS2 pull failed", metadata: ["instance": "\(instance.id)", "reason": "\(error.message.key)"])
            return try await record(instance, trigger, attempt, started, change, report, [:], retryable: error.isRetryable)
        } catch let problem as PullProblem {
            report.failure = .init(problem.message)
            return try await record(instance, trigger, attempt, started, change, report, [:], retryable: false)
        } catch is SecretBox.Problem {
            // Sealed under another key (PASAN_SECRET_KEY changed): a person gives the credential again.
            report.failure = .init(Message("dhis2_web.pull.cannotOpen", ["variable": .text(SecretBox.environmentVariable)]))
            return try await record(instance, trigger, attempt, started, change, report, [:], retryable: false)
        }
        pulled = report.failure == nil
        return try await record(instance, trigger, attempt, started, change, report, cells, retryable: false)
    }

    private func record(
        _ instance: DHIS2Instance,
        _ trigger: Trigger,
        _ attempt: Int,
        _ started: Date,
        _ change: ChangeContext,
        _ report: DHIS2PullReport,
        _ cells: [CellKey: Double?],
        retryable: Bool
    ) async throws -> Int64 {
        let now = database.clock.now()
        var retryAt: Date?
        if trigger == .schedule, report.failure != nil, retryable, attempt <= Self.retryDelays.count {
            retryAt = now.addingTimeInterval(Self.retryDelays[attempt - 1])
        }
        let nextPull = trigger == .schedule && attempt == 1 ? instance.schedule.interval.map { now.addingTimeInterval($0) } : nil
        return try await DHIS2Repository(database: database).recordPull(
            instanceID: instance.id,
            trigger: trigger.rawValue,
            attempt: attempt,
            startedAt: started,
            actor: change.actorName,
            report: report,
            values: cells,
            retryAt: retryAt,
            nextPullAt: nextPull
        )
    }

    /// "DHIS2 <instance>, pulled at 2026-12-02 10:15 UTC": kept as the source of every value.
    static func provenance(instance: String, at date: Date) -> String {
        "DHIS2 \(instance), pulled at \(minute(date)) UTC"
    }

    /// `2026-12-02 10:15`: the UTC minute a provenance names.
    static func minute(_ date: Date) -> String {
        Timestamp.string(from: date).prefix(16).replacingOccurrences(of: "T", with: " ")
    }

    /// A reason a pull cannot start, before DHIS2 is asked.
    struct PullProblem: Error {
        var message: Message
    }

    /// What a pull or a push works with: the mapping, the confirmed areas, and the open cycle
    /// that asks the institution for each mapped indicator.
    struct Plan: Sendable {
        var mappings: [DHIS2ElementMapping]
        var areas: [String: String]
        var targets: [String: ReportingCycle]
        var years: Set<Int> { Set(targets.values.flatMap(\.referenceYears)) }
    }

    func plan(_ instance: DHIS2Instance) async throws -> Plan {
        let repository = DHIS2Repository(database: database)
        let mappings = try await repository.mappings(instanceID: instance.id)
        guard !mappings.isEmpty else { throw PullProblem(message: Message("dhis2_web.pull.noMapping")) }
        let areas = try await repository.confirmedAreas(instanceID: instance.id)
        guard !areas.isEmpty else { throw PullProblem(message: Message("dhis2_web.pull.noOrgUnits")) }
        let targets = try await openSubmissions(institution: instance.institution, indicators: Set(mappings.map(\.indicator)))
        guard !targets.isEmpty else {
            throw PullProblem(message: Message("dhis2_web.pull.noOpenCycle", ["institution": .text(instance.institution)]))
        }
        return Plan(mappings: mappings, areas: areas, targets: targets)
    }

    private func run(
        instance: DHIS2Instance,
        provenance: String,
        report: inout DHIS2PullReport,
        change: ChangeContext
    ) async throws -> [CellKey: Double?] {
        let plan = try await plan(instance)
        let years = plan.years
        guard let secrets else {
            throw PullProblem(message: Message("dhis2_web.register.noKey", ["variable": .text(SecretBox.environmentVariable)]))
        }
        let secret = try await DHIS2Repository(database: database).openCredential(instanceID: instance.id, secrets: secrets)
        let client = DHIS2Client(connection: try connection(instance, secret: secret), http: httpClient, headers: headers)
        let orgUnits = plan.areas.keys.sorted()
        var values: [DHIS2DataValue] = []
        let analytics = plan.mappings.filter { $0.source == .analytics }
        if !analytics.isEmpty {
            let items = Set(analytics.map { m in m.categoryOptionCombo.map { "\(m.dataElement).\($0)" } ?? m.dataElement })
            values += try await client.analyticsValues(
                dataItems: items.sorted(),
                periods: years.sorted().map(String.init),
                orgUnits: orgUnits
            )
        }
        let raw = plan.mappings.filter { $0.source == .raw }
        if !raw.isEmpty {
            values += try await client.rawValues(
                dataElements: Set(raw.map(\.dataElement)).sorted(),
                periods: years.sorted().flatMap(Self.periodsOfYear),
                orgUnits: orgUnits,
                children: false
            )
        }
        return try await apply(values, plan: plan, instance: instance, provenance: provenance, report: &report, change: change)
    }

    /// Maps DHIS2's values and writes them, indicator by indicator, into the owner's submissions
    /// (nothing is written on a dry run); the report says what became of every value and what
    /// changed since the previous pull. Returns the cells written.
    func apply(
        _ values: [DHIS2DataValue],
        plan: Plan,
        instance: DHIS2Instance,
        provenance: String,
        report: inout DHIS2PullReport,
        change: ChangeContext,
        isPush: Bool = false,
        dryRun: Bool = false
    ) async throws -> [CellKey: Double?] {
        report.fetched = values.count
        let units = Dictionary(state.catalog.series.map { ($0.code, $0.unit ?? "") }, uniquingKeysWith: { a, _ in a })
        let mapped = DHIS2Mapper.map(
            values: values,
            mappings: plan.mappings,
            orgUnits: plan.areas,
            units: units,
            provenance: provenance,
            years: plan.years
        )
        report.ignoredCount = mapped.ignored.count
        report.ignored = mapped.ignored.prefix(DHIS2PullReport.listLimit).map { DHIS2PullReport.Ignored($0.value, reason: $0.reason) }
        report.unmappedElements = mapped.unmappedElements.prefix(DHIS2PullReport.listLimit).map {
            DHIS2PullReport.Unmapped(id: $0.dataElement, detail: $0.categoryOptionCombo, count: $0.count)
        }
        report.unmappedOrgUnits = mapped.unmappedOrgUnits.prefix(DHIS2PullReport.listLimit).map {
            DHIS2PullReport.Unmapped(id: $0.uid, detail: nil, count: $0.count)
        }
        report.mapped = mapped.rows.count
        var written: [CellKey: Double?] = [:]
        for code in mapped.indicators {
            let rows = mapped.rows(of: code)
            guard let cycle = plan.targets[code] else {
                report.outcomes.append(
                    .init(indicator: code, cycleID: nil, cells: rows.count, version: nil, refusal: Message("dhis2_web.pull.notRequested"))
                )
                continue
            }
            let outcome = try await write(
                rows: rows,
                cells: Set(mapped.cells.lazy.filter { $0.key.indicator == code }.map(\.key)),
                header: mapped.header,
                indicator: code,
                cycle: cycle,
                institution: instance.institution,
                provenance: provenance,
                change: change,
                dryRun: dryRun
            )
            report.outcomes.append(outcome.outcome)
            report.imported += outcome.imported
            report.updated += outcome.updated
            report.unchangedInSubmission += outcome.unchanged
            written.merge(outcome.cells) { _, b in b }
        }
        // A push carries what its sender chose: its report says what it did to the submission
        // (imported, updated), not what is missing since the last pull.
        guard !isPush else { return written }
        let previous = try await DHIS2Repository(database: database).lastPulledValues(instanceID: instance.id)
        report.firstPull = previous == nil
        let changes = DHIS2PullChanges(previous: previous ?? [:], current: written)
        func entry(_ key: CellKey, _ before: Double?, _ after: Double?) -> DHIS2PullReport.Change {
            .init(cell: key.description, before: before, after: after)
        }
        report.added = changes.added.prefix(DHIS2PullReport.listLimit).map { entry($0.key, nil, $0.value) }
        report.changed = changes.changed.prefix(DHIS2PullReport.listLimit).map { entry($0.key, $0.old, $0.new) }
        report.removed = changes.removed.prefix(DHIS2PullReport.listLimit).map { entry($0.key, $0.value, nil) }
        report.unchanged = changes.unchanged
        return written
    }

    /// The periods a raw pull asks for: the year and its six-months, quarters and months (values
    /// entered for shorter periods are summed or averaged into the year by the mapping).
    static func periodsOfYear(_ year: Int) -> [String] {
        ["\(year)", "\(year)S1", "\(year)S2"] + (1...4).map { "\(year)Q\($0)" }
            + (1...12).map { "\(year)" + ($0 < 10 ? "0\($0)" : "\($0)") }
    }

    func connection(_ instance: DHIS2Instance, secret: String) throws -> DHIS2Connection {
        let credential: DHIS2Credential =
            switch instance.authKind {
            case .token: .token(secret)
            case .basic: .basic(username: instance.username ?? "", password: secret)
            }
        return try DHIS2Connection(baseURL: instance.baseURL, credential: credential)
    }

    /// The open cycle that asks the institution for each indicator, today.
    private func openSubmissions(institution: String, indicators: Set<String>) async throws -> [String: ReportingCycle] {
        let cycles = CycleRepository(database: database)
        var result: [String: ReportingCycle] = [:]
        for cycle in try await cycles.all().sorted(by: { ($0.id ?? 0) > ($1.id ?? 0) })
        where cycle.acceptsSubmissions(from: institution, on: database.clock.today) {
            guard let id = cycle.id, let request = try await cycles.request(cycleID: id, institution: institution) else { continue }
            for assignment in request.assignments where indicators.contains(assignment.indicator) && result[assignment.indicator] == nil {
                result[assignment.indicator] = cycle
            }
        }
        return result
    }

    /// One indicator's outcome, the cells written, and how they compare with the submission.
    struct Written: Sendable {
        var outcome: DHIS2PullReport.Outcome
        var cells: [CellKey: Double?] = [:]
        var imported = 0
        var updated = 0
        var unchanged = 0
    }

    /// Writes one indicator's pulled rows into the owner's submission, beside its values that the
    /// pull does not bring, through the same validation as typed data.
    private func write(
        rows: [(line: Int, fields: [String])],
        cells pulled: Set<CellKey>,
        header: [String],
        indicator code: String,
        cycle: ReportingCycle,
        institution: String,
        provenance: String,
        change: ChangeContext,
        dryRun: Bool
    ) async throws -> Written {
        func refused(_ reason: Message, errors: [TidyIssue] = [], warnings: [TidyIssue] = []) -> Written {
            Written(
                outcome: .init(
                    indicator: code,
                    cycleID: cycle.id,
                    cells: rows.count,
                    version: nil,
                    refusal: reason,
                    errors: errors.prefix(DHIS2PullReport.listLimit).map(DHIS2PullReport.Problem.init),
                    warnings: warnings.prefix(DHIS2PullReport.listLimit).map(DHIS2PullReport.Problem.init)
                )
            )
        }
        guard let indicator = state.catalog.indicator(code) else { return refused(Message("dhis2_web.pull.notRequested")) }
        let submissions = SubmissionRepository(database: database)
        let current = try await submissions.latest(cycleID: cycle.id!, institution: institution, indicator: code)
        if let current, !current.state.isEditable { return refused(SubmissionError.locked(current.state).message) }
        // The submission's own values that the pull does not bring stay as they are.
        let kept = try await current.asyncMap { try await submissions.values(submissionID: $0.id) } ?? []
        let before = Dictionary(kept.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let dims = header.filter { TidyFormat.dimensions.keys.contains($0) }
        let others = kept.filter { !pulled.contains($0.key) }
        // A kept value with a breakdown the pulled rows do not have cannot share their table.
        let extra = Set(others.flatMap { Observation.dimensions(fromKey: $0.key.dimensions).keys }).subtracting(dims)
        guard extra.isEmpty else {
            return refused(Message("dhis2_web.pull.breakdownsDiffer", ["breakdowns": .text(extra.sorted().joined(separator: ", "))]))
        }
        var all = rows
        var line = (rows.map(\.line).max() ?? 0) + 1
        for v in others {
            let d = Observation.dimensions(fromKey: v.key.dimensions)
            let fields =
                [v.key.period, v.key.series, v.unit] + dims.map { d[$0] ?? "" }
                + [v.status ?? "", v.comment ?? "", v.source ?? "", v.key.area, v.value.map(ObservationRules.format) ?? ""]
            all.append((line: line, fields: fields))
            line += 1
        }
        let context = try await SubmissionsController(state: state).tidyContext(
            cycle: cycle,
            institution: institution,
            indicator: indicator
        )
        let result = TidyValidator.validate(header: header, rows: all, context: context)
        guard result.errors.isEmpty else {
            return refused(Message("dhis2_web.pull.refused"), errors: result.errors, warnings: result.warnings)
        }
        let sourced = result.values.filter { pulled.contains($0.key) }
        var written = Written(
            outcome: .init(
                indicator: code,
                cycleID: cycle.id,
                cells: sourced.count,
                version: current?.version,
                refusal: nil,
                warnings: result.warnings.prefix(DHIS2PullReport.listLimit).map(DHIS2PullReport.Problem.init)
            ),
            cells: Dictionary(sourced.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        )
        for value in sourced {
            switch before[value.key] {
            case .none: written.imported += 1
            case .some(let old) where old == value.value: written.unchanged += 1
            case .some: written.updated += 1
            }
        }
        guard !dryRun else { return written }
        do {
            let saved = try await submissions.save(
                cycleID: cycle.id!,
                institution: institution,
                indicator: code,
                values: result.values,
                basedOn: current?.version,
                // Outliers and gaps are for the reviewers to see; the pull says where the values came from.
                warningsComment: result.warnings.isEmpty ? nil : provenance,
                change: change
            )
            written.outcome.version = saved.version
            return written
        } catch let error as SubmissionError {
            return refused(error.message)
        }
    }
}
