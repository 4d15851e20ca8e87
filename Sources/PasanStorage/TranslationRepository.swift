import Foundation
import PasanDomain
import PasanMessages
import SQLKit

/// Why a translation change was refused.
public enum TranslationError: Error, Sendable, Equatable {
    /// The rules refused it (four eyes, an empty text, markup, placeholders…).
    case refused(Message)
    /// No such text: an unknown kind or key.
    case unknownItem(TranslationItem)
    /// No such proposal.
    case noSuchChange(Int64)
    /// The proposed text is the reviewed text already.
    case unchanged
}

/// The Lao texts under review: the interface's catalogue and the titles and names of the
/// reference data, their proposals (pending, approved, rejected — the history), and the PO
/// export and import that translators use with Weblate or Poedit.
public struct TranslationRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Where a kind of data text is stored, and how its table holds the English and the Lao.
    struct Source: Sendable {
        /// How a table holds a text's English and Lao.
        enum Layout: Sendable {
            /// One row per text, with `<prefix>_en`, `<prefix>_lo` and `lo_status` columns
            /// (the framework's titles, series and institution names).
            case columns(prefix: String)
            /// One row per text and language (`code_labels`): `language` (`en`, `lo`), the text
            /// in `textColumn`, its review state in `status`, when it changed in `updated_at`.
            /// A text exists once any of its rows does; without an English row its English is
            /// the key's last part (the code itself), without a Lao row it has no Lao.
            case rowPerLanguage(textColumn: String)
        }

        var kind: TranslatableKind
        var table: String
        var keyColumns: [String]
        var layout: Layout
        var goalColumn: String?

        static let all: [Source] = [
            Source(kind: .goal, table: "goals", keyColumns: ["number"], layout: .columns(prefix: "title"), goalColumn: "number"),
            Source(kind: .target, table: "targets", keyColumns: ["code"], layout: .columns(prefix: "title"), goalColumn: "goal"),
            Source(kind: .indicator, table: "indicators", keyColumns: ["code"], layout: .columns(prefix: "title"), goalColumn: "goal"),
            Source(kind: .series, table: "series", keyColumns: ["code", "indicator"], layout: .columns(prefix: "name"), goalColumn: nil),
            Source(kind: .institution, table: "institutions", keyColumns: ["code"], layout: .columns(prefix: "name"), goalColumn: nil),
            Source(
                kind: .codeLabel,
                table: "code_labels",
                keyColumns: ["codelist", "code"],
                layout: .rowPerLanguage(textColumn: "label"),
                goalColumn: nil
            ),
        ]

        static func of(_ kind: TranslatableKind) -> Source? { all.first { $0.kind == kind } }

        /// The item key of a row: the key columns joined by `@` (series: `CODE@INDICATOR`).
        func key(_ row: any SQLRow) throws -> String {
            try keyColumns.map { column in
                if let text = try? row.decode(column: column, as: String.self) { return text }
                return String(try row.decode(column: column, as: Int.self))
            }.joined(separator: "@")
        }

        /// The WHERE conditions that find the row of `key`, or nil when the key is malformed.
        /// The last key column takes the rest of the key (a code may hold `@`).
        func conditions(_ key: String) -> [(String, any SQLExpression)]? {
            let parts = key.split(separator: "@", maxSplits: keyColumns.count - 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == keyColumns.count, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
            return zip(keyColumns, parts).map { column, value in
                if column == "number" {
                    return (column, SQLBind(Int(value) ?? -1))
                }
                return (column, SQLBind(value))
            }
        }

        /// The texts of this source (only the one of `key` when it is given), in key order.
        func texts(_ db: any SQLDatabase, key: String? = nil) async throws -> [TranslatableText] {
            var query = db.select().column("*").from(table)
            if let key {
                guard let conditions = conditions(key) else { return [] }
                for (column, value) in conditions { query = query.where(SQLIdentifier(column), .equal, value) }
            }
            for column in keyColumns { query = query.orderBy(column) }
            switch layout {
            case .columns(let prefix):
                return try await query.where(SQLIdentifier("\(prefix)_en"), .isNot, SQLLiteral.null).all().map { row in
                    let key = try self.key(row)
                    let text = try row.localized(prefix)
                    return TranslatableText(
                        kind: kind,
                        key: key,
                        goal: try goal(row, key: key),
                        english: text.en,
                        lao: text.lo,
                        status: text.loStatus
                    )
                }
            case .rowPerLanguage(let textColumn):
                var texts: [TranslatableText] = []
                for row in try await query.where("language", .in, [Language.en.rawValue, Language.lo.rawValue]).all() {
                    let key = try self.key(row)
                    if texts.last?.key != key {
                        let code = String(key.split(separator: "@", maxSplits: keyColumns.count - 1).last ?? "")
                        texts.append(
                            TranslatableText(kind: kind, key: key, goal: try goal(row, key: key), english: code, lao: nil, status: .machine)
                        )
                    }
                    let label = try row.string(textColumn)
                    if try row.string("language") == Language.lo.rawValue {
                        texts[texts.count - 1].lao = label
                        texts[texts.count - 1].status = TranslationStatus(rawValue: try row.string("status")) ?? .unreviewed
                    } else {
                        texts[texts.count - 1].english = label
                    }
                }
                return texts
            }
        }

        /// The goal a row's text belongs to, if any.
        func goal(_ row: any SQLRow, key: String) throws -> Int? {
            if let goalColumn { return try row.decode(column: goalColumn, as: Int.self) }
            if kind == .series { return Int(key.split(separator: "@").last?.split(separator: ".").first ?? "") }
            return nil
        }

        /// The Lao text of `key` as it is stored now (nil when there is none, or no such text).
        func lao(_ key: String, db: any SQLDatabase) async throws -> String? {
            guard let conditions = conditions(key) else { return nil }
            let column: String
            var select = db.select().from(table)
            switch layout {
            case .columns(let prefix):
                column = "\(prefix)_lo"
            case .rowPerLanguage(let textColumn):
                column = textColumn
                select = select.where("language", .equal, Language.lo.rawValue)
            }
            select = select.column(SQLIdentifier(column))
            for (name, value) in conditions { select = select.where(SQLIdentifier(name), .equal, value) }
            return try await select.first().flatMap { try $0.optionalString(column) }
        }

        /// Writes the Lao text of `key` with its review state: the row's Lao column, or the Lao
        /// row (inserted when missing; an existing row keeps its batch).
        func write(lao: String, status: TranslationStatus, key: String, at now: String, db: any SQLDatabase) async throws {
            guard let conditions = conditions(key) else { throw TranslationError.unknownItem(TranslationItem(kind: kind, key: key)) }
            switch layout {
            case .columns(let prefix):
                var update = db.update(table).set(SQLIdentifier("\(prefix)_lo"), to: SQLBind(lao))
                    .set("lo_status", to: SQLBind(status.rawValue))
                for (column, value) in conditions { update = update.where(SQLIdentifier(column), .equal, value) }
                try await update.run()
            case .rowPerLanguage(let textColumn):
                try await db.insert(into: table)
                    .columns(conditions.map(\.0) + ["language", textColumn, "status", "updated_at"])
                    .values(conditions.map(\.1) + [SQLBind(Language.lo.rawValue), SQLBind(lao), SQLBind(status.rawValue), SQLBind(now)])
                    .onConflict(with: keyColumns + ["language"]) { conflict in
                        conflict.set(excludedValueOf: textColumn).set(excludedValueOf: "status").set(excludedValueOf: "updated_at")
                    }
                    .run()
            }
        }
    }

    // MARK: Reading

    /// The reviewed interface texts, to lay over the shipped catalogue.
    public func interfaceOverrides() async throws -> [String: MessageCatalogue.Override] {
        try await database.read { db in
            var overrides: [String: MessageCatalogue.Override] = [:]
            for row in try await db.select().columns("item_key", "lo", "lo_status").from("interface_translations").all() {
                let status = TranslationStatus(rawValue: try row.decode(column: "lo_status", as: String.self))
                overrides[try row.decode(column: "item_key", as: String.self)] = MessageCatalogue.Override(
                    lao: try row.decode(column: "lo", as: String.self),
                    isReviewed: status == .reviewed || status == .official
                )
            }
            return overrides
        }
    }

    /// Every text with a Lao version to review: the interface (from `catalogue`, which already has
    /// the reviewed changes laid over it) and the data texts.
    public func texts(catalogue: MessageCatalogue) async throws -> [TranslatableText] {
        var texts = catalogue.sortedEntries.map(Self.interfaceText)
        texts += try await database.read { db in
            var rows: [TranslatableText] = []
            for source in Source.all {
                rows += try await source.texts(db)
            }
            return rows
        }
        return texts
    }

    /// An interface text of the catalogue as a text to review.
    static func interfaceText(_ entry: MessageCatalogue.Entry) -> TranslatableText {
        TranslatableText(
            kind: .interface,
            key: entry.key,
            english: entry.english,
            englishPlural: entry.englishPlural,
            lao: entry.lao,
            status: entry.isReviewed ? .reviewed : .unreviewed,
            component: entry.component
        )
    }

    /// One text as it is now.
    public func text(_ item: TranslationItem, catalogue: MessageCatalogue) async throws -> TranslatableText? {
        if item.kind == .interface {
            return catalogue[item.key].map(Self.interfaceText)
        }
        guard let source = Source.of(item.kind) else { return nil }
        return try await database.read { db in try await source.texts(db, key: item.key).first }
    }

    /// Proposals, newest first: the pending ones (`state: .pending`), or the history of one item.
    public func changes(
        state: TranslationChange.State? = nil,
        item: TranslationItem? = nil,
        limit: Int = 500
    ) async throws -> [TranslationChange] {
        try await database.read { db in try await Self.changes(db, state: state, item: item, limit: limit) }
    }

    public func change(id: Int64) async throws -> TranslationChange? {
        try await database.read { db in try await Self.changes(db, id: id).first }
    }

    static func changes(
        _ db: any SQLDatabase,
        id: Int64? = nil,
        state: TranslationChange.State? = nil,
        item: TranslationItem? = nil,
        limit: Int = 500
    ) async throws -> [TranslationChange] {
        var query = db.select()
            .column(SQLColumn("*", table: "c"))
            .column(SQLColumn("email", table: "p"), as: "proposer")
            .column(SQLColumn("email", table: "d"), as: "decider")
            .from(SQLAlias(SQLIdentifier("translation_changes"), as: SQLIdentifier("c")))
            .join(
                SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("p")),
                on: SQLColumn("proposed_by", table: "c"),
                .equal,
                SQLColumn("id", table: "p")
            )
            .join(
                SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("d")),
                method: SQLJoinMethod.left,
                on: SQLColumn("decided_by", table: "c"),
                .equal,
                SQLColumn("id", table: "d")
            )
        if let id { query = query.where(SQLColumn("id", table: "c"), .equal, SQLBind(id)) }
        if let state { query = query.where(SQLColumn("status", table: "c"), .equal, SQLBind(state.rawValue)) }
        if let item {
            query = query.where(SQLColumn("kind", table: "c"), .equal, SQLBind(item.kind.rawValue))
                .where(SQLColumn("item_key", table: "c"), .equal, SQLBind(item.key))
        }
        return try await query.orderBy(SQLColumn("id", table: "c"), SQLDirection.descending).limit(limit).all().map { row in
            TranslationChange(
                id: Int64(try row.int("id")),
                item: TranslationItem(
                    kind: TranslatableKind(rawValue: try row.string("kind")) ?? .interface,
                    key: try row.string("item_key")
                ),
                english: try row.string("english"),
                laoBefore: try row.optionalString("lo_before"),
                laoAfter: try row.string("lo_after"),
                proposedBy: Int64(try row.int("proposed_by")),
                proposerName: try row.string("proposer"),
                proposedAt: try row.string("proposed_at"),
                source: TranslationChange.Source(rawValue: try row.string("source")) ?? .web,
                note: try row.optionalString("note"),
                state: TranslationChange.State(rawValue: try row.string("status")) ?? .pending,
                decidedBy: try row.optionalInt("decided_by").map(Int64.init),
                deciderName: try row.optionalString("decider"),
                decidedAt: try row.optionalString("decided_at")
            )
        }
    }

    // MARK: Proposing and deciding

    /// Records a proposed Lao text for one item; it waits for a second reviewer. An earlier
    /// pending proposal for the same item is superseded.
    @discardableResult
    public func propose(
        _ item: TranslationItem,
        lao: String,
        note: String?,
        catalogue: MessageCatalogue,
        change: ChangeContext,
        source: TranslationChange.Source = .web
    ) async throws -> Int64 {
        guard let current = try await text(item, catalogue: catalogue) else { throw TranslationError.unknownItem(item) }
        let proposals = [Proposal(item: item, current: current, lao: lao.trimmingSpaces, note: note)]
        return try await record(proposals, change: change, source: source)[0]
    }

    struct Proposal: Sendable {
        var item: TranslationItem
        var current: TranslatableText
        var lao: String
        var note: String?
    }

    /// Checks and records proposals in one transaction: all or none.
    func record(_ proposals: [Proposal], change: ChangeContext, source: TranslationChange.Source) async throws -> [Int64] {
        guard let proposer = change.actorID else { throw TranslationError.refused(Message("translations.refusal.signIn")) }
        for p in proposals {
            if let problem = TranslationReview.problem(proposing: p.lao, for: p.current.englishPlural ?? p.current.english) {
                throw TranslationError.refused(problem)
            }
            if p.lao == p.current.lao, !p.current.needsReview { throw TranslationError.unchanged }
        }
        let now = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            var ids: [Int64] = []
            for p in proposals {
                try await db.update("translation_changes").set("status", to: TranslationChange.State.superseded.rawValue)
                    .where("kind", .equal, p.item.kind.rawValue).where("item_key", .equal, p.item.key)
                    .where("status", .equal, TranslationChange.State.pending.rawValue).run()
                let row = try await db.insert(into: "translation_changes")
                    .columns(
                        "kind",
                        "item_key",
                        "english",
                        "lo_before",
                        "lo_after",
                        "proposed_by",
                        "proposed_at",
                        "source",
                        "note",
                        "status"
                    )
                    .values(
                        SQLBind(p.item.kind.rawValue),
                        SQLBind(p.item.key),
                        SQLBind(p.current.englishPlural ?? p.current.english),
                        SQLValue.text(p.current.lao),
                        SQLBind(p.lao),
                        SQLBind(proposer),
                        SQLBind(now),
                        SQLBind(source.rawValue),
                        SQLValue.text(p.note?.trimmingSpaces.isEmpty == false ? p.note : nil),
                        SQLBind(TranslationChange.State.pending.rawValue)
                    )
                    .returning("id").first()
                let id = Int64(try row!.int("id"))
                try await AuditLog.record(
                    db,
                    change,
                    action: "propose-translation",
                    entity: "translation",
                    id: p.item.kind.context(for: p.item.key),
                    before: p.current.lao.map { ["lo": $0] },
                    after: ["lo": p.lao, "change": String(id), "source": source.rawValue]
                )
                ids.append(id)
            }
            return ids
        }
    }

    /// A second reviewer approves a proposal: its text becomes the reviewed Lao text.
    public func approve(_ id: Int64, change: ChangeContext) async throws {
        try await decide(id, approve: true, change: change)
    }

    public func reject(_ id: Int64, change: ChangeContext) async throws {
        try await decide(id, approve: false, change: change)
    }

    func decide(_ id: Int64, approve: Bool, change: ChangeContext) async throws {
        guard let reviewer = change.actorID else { throw TranslationError.refused(Message("translations.refusal.signIn")) }
        let now = Timestamp.string(from: database.clock.now())
        try await database.write { db in
            guard let proposal = try await Self.changes(db, id: id).first else { throw TranslationError.noSuchChange(id) }
            if let refusal = TranslationReview.refusal(toDecide: proposal, by: reviewer) { throw TranslationError.refused(refusal) }
            let state: TranslationChange.State = approve ? .approved : .rejected
            try await db.update("translation_changes").set("status", to: state.rawValue).set("decided_by", to: SQLBind(reviewer))
                .set("decided_at", to: now).where("id", .equal, id).where("status", .equal, "pending").run()
            if approve { try await Self.apply(proposal, at: now, db: db) }
            try await AuditLog.record(
                db,
                change,
                action: approve ? "approve-translation" : "reject-translation",
                entity: "translation",
                id: proposal.item.kind.context(for: proposal.item.key),
                before: proposal.laoBefore.map { ["lo": $0] },
                after: ["lo": proposal.laoAfter, "change": String(id), "status": state.rawValue]
            )
        }
    }

    /// Writes an approved text where the portal reads it.
    static func apply(_ proposal: TranslationChange, at now: String, db: any SQLDatabase) async throws {
        if proposal.item.kind == .interface {
            try await db.delete(from: "interface_translations").where("item_key", .equal, proposal.item.key).run()
            try await db.insert(into: "interface_translations")
                .columns("item_key", "lo", "lo_status", "change_id", "updated_at")
                .values(
                    SQLBind(proposal.item.key),
                    SQLBind(proposal.laoAfter),
                    SQLBind(TranslationStatus.reviewed.rawValue),
                    SQLBind(proposal.id),
                    SQLBind(now)
                ).run()
            return
        }
        guard let source = Source.of(proposal.item.kind) else { throw TranslationError.unknownItem(proposal.item) }
        try await source.write(lao: proposal.laoAfter, status: .reviewed, key: proposal.item.key, at: now, db: db)
    }
}
