import PasanDomain
import SQLKit

extension PlanRepository {
    // MARK: Targets

    /// Sets a target (one per year and kind) as a new revision, audited; the earlier revisions
    /// stay. Returns the revision written, `nil` when the current target already has that value.
    @discardableResult
    public func setTarget(
        plan: String,
        indicator: String,
        target: PlanTarget,
        actor: ChangeContext,
        reason: String
    ) async throws -> PlanTargetRevision? {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            try await Self.requireIndicator(db, plan: plan, indicator: indicator)
            let latest = try await Self.latestTarget(db, plan: plan, indicator: indicator, key: TargetKey(target))
            if let latest, !latest.isRemoved, latest.target.value == target.value { return nil }
            let revision = (latest?.stamp.revision ?? 0) + 1
            try await db.insertBatched(
                into: "plan_targets",
                columns: Self.targetColumns,
                rows: [Self.targetRow(plan: plan, indicator: indicator, target, removed: false, revision, actor, at, reason)]
            )
            try await AuditLog.record(
                db,
                actor,
                action: "set-target",
                entity: "plan-target",
                id: "\(plan)/\(indicator)/\(TargetKey(target))",
                before: latest.flatMap { $0.isRemoved ? nil : $0.target },
                after: TargetAudit(target: target, reason: reason)
            )
            return PlanTargetRevision(
                plan: plan,
                indicator: indicator,
                target: target,
                stamp: PlanRevisionStamp(revision: revision, by: actor.actorName, at: at, reason: reason.nilIfBlank)
            )
        }
    }

    /// Removes a target (a removal revision; the earlier revisions stay), audited.
    @discardableResult
    public func removeTarget(
        plan: String,
        indicator: String,
        year: Int,
        kind: PlanTargetKind,
        actor: ChangeContext,
        reason: String
    ) async throws -> PlanTargetRevision {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            try await Self.requireIndicator(db, plan: plan, indicator: indicator)
            let key = TargetKey(year: year, kind: kind)
            guard let latest = try await Self.latestTarget(db, plan: plan, indicator: indicator, key: key), !latest.isRemoved else {
                throw PlanStorageError.noTarget(plan: plan, indicator: indicator, year: year, kind: kind)
            }
            let revision = latest.stamp.revision + 1
            try await db.insertBatched(
                into: "plan_targets",
                columns: Self.targetColumns,
                rows: [Self.targetRow(plan: plan, indicator: indicator, latest.target, removed: true, revision, actor, at, reason)]
            )
            try await AuditLog.record(
                db,
                actor,
                action: "remove-target",
                entity: "plan-target",
                id: "\(plan)/\(indicator)/\(key)",
                before: latest.target,
                after: TargetAudit(target: nil, reason: reason)
            )
            return PlanTargetRevision(
                plan: plan,
                indicator: indicator,
                target: latest.target,
                isRemoved: true,
                stamp: PlanRevisionStamp(revision: revision, by: actor.actorName, at: at, reason: reason.nilIfBlank)
            )
        }
    }

    /// Every revision of a plan indicator's targets (all years and kinds), oldest first.
    public func targetHistory(plan: String, indicator: String) async throws -> [PlanTargetRevision] {
        try await database.read { db in
            try await Self.requireIndicator(db, plan: plan, indicator: indicator)
            return try await db.select().column("*").from("plan_targets").where("plan", .equal, plan).where("indicator", .equal, indicator)
                .orderBy("id").all().compactMap(Self.targetRevision)
        }
    }

    static func latestTarget(_ db: any SQLDatabase, plan: String, indicator: String, key: TargetKey) async throws -> PlanTargetRevision? {
        try await db.select().column("*").from("plan_targets").where("plan", .equal, plan).where("indicator", .equal, indicator)
            .where("year", .equal, key.year).where("kind", .equal, key.kind.rawValue).orderBy("revision", .descending).limit(1).all()
            .compactMap(Self.targetRevision).first
    }

    static func targetRevision(_ row: any SQLRow) throws -> PlanTargetRevision? {
        guard let kind = PlanTargetKind(rawValue: try row.string("kind")) else { return nil }
        return PlanTargetRevision(
            plan: try row.string("plan"),
            indicator: try row.string("indicator"),
            target: PlanTarget(year: try row.int("year"), value: try row.double("value"), kind: kind),
            isRemoved: try row.bool("is_removed"),
            stamp: PlanRevisionStamp(
                revision: try row.int("revision"),
                by: try row.string("entered_by"),
                at: try row.string("entered_at"),
                reason: try row.optionalString("reason")
            )
        )
    }

    // MARK: Mainstreaming decisions

    /// Records a mainstreaming decision for an SDG indicator in a plan (a new revision; the
    /// earlier decisions stay), audited.
    @discardableResult
    public func decide(
        plan: String,
        sdgIndicator: String,
        choice: MainstreamingChoice,
        reason: String,
        actor: ChangeContext
    ) async throws -> MainstreamingDecision {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            try await Self.requirePlan(db, plan)
            let known = try await db.select().column("code").from("indicators").where("code", .equal, sdgIndicator).first()
            if known == nil { throw PlanStorageError.unknownSDGIndicator(sdgIndicator) }
            let previous = try await Self.decisionRows(db, plan: plan, sdgIndicator: sdgIndicator).last
            let decision = MainstreamingDecision(
                plan: plan,
                sdgIndicator: sdgIndicator,
                choice: choice,
                reason: reason,
                stamp: PlanRevisionStamp(revision: (previous?.stamp.revision ?? 0) + 1, by: actor.actorName, at: at, reason: reason)
            )
            try await db.insert(into: "plan_mainstreaming")
                .columns("plan", "sdg_indicator", "choice", "reason", "revision", "decided_by", "decided_at")
                .values(
                    SQLBind(plan),
                    SQLBind(sdgIndicator),
                    SQLBind(choice.rawValue),
                    SQLBind(reason),
                    SQLBind(decision.stamp.revision),
                    SQLBind(actor.actorName),
                    SQLBind(at)
                ).run()
            try await AuditLog.record(
                db,
                actor,
                action: "decide-mainstreaming",
                entity: "plan-mainstreaming",
                id: "\(plan)/\(sdgIndicator)",
                before: previous.map { DecisionAudit(choice: $0.choice, reason: $0.reason) },
                after: DecisionAudit(choice: choice, reason: reason)
            )
            return decision
        }
    }

    /// The current decision for each SDG indicator of a plan, in framework order.
    public func decisions(plan: String) async throws -> [MainstreamingDecision] {
        try await database.read { db in
            try await Self.requirePlan(db, plan)
            let rows = try await db.raw(
                """
                SELECT d.* FROM plan_mainstreaming d WHERE d.plan = \(bind: plan) AND d.revision = (SELECT MAX(m.revision)
                    FROM plan_mainstreaming m WHERE m.plan = d.plan AND m.sdg_indicator = d.sdg_indicator)
                """
            ).all()
            return try rows.compactMap(Self.decision).sorted { FrameworkCode.areInIncreasingOrder($0.sdgIndicator, $1.sdgIndicator) }
        }
    }

    /// Every decision for one SDG indicator in a plan, oldest first.
    public func decisionHistory(plan: String, sdgIndicator: String) async throws -> [MainstreamingDecision] {
        try await database.read { db in
            try await Self.requirePlan(db, plan)
            return try await Self.decisionRows(db, plan: plan, sdgIndicator: sdgIndicator)
        }
    }

    static func decisionRows(_ db: any SQLDatabase, plan: String, sdgIndicator: String) async throws -> [MainstreamingDecision] {
        try await db.select().column("*").from("plan_mainstreaming").where("plan", .equal, plan).where(
            "sdg_indicator",
            .equal,
            sdgIndicator
        )
        .orderBy("revision").all().compactMap(Self.decision)
    }

    static func decision(_ row: any SQLRow) throws -> MainstreamingDecision? {
        guard let choice = MainstreamingChoice(rawValue: try row.string("choice")) else { return nil }
        let reason = try row.string("reason")
        return MainstreamingDecision(
            plan: try row.string("plan"),
            sdgIndicator: try row.string("sdg_indicator"),
            choice: choice,
            reason: reason,
            stamp: PlanRevisionStamp(
                revision: try row.int("revision"),
                by: try row.string("decided_by"),
                at: try row.string("decided_at"),
                reason: reason
            )
        )
    }

    struct TargetAudit: Encodable {
        var target: PlanTarget?
        var reason: String
    }

    struct DecisionAudit: Encodable {
        var choice: MainstreamingChoice
        var reason: String
    }
}
