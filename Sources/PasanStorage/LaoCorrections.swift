import Foundation
import PasanDomain
import SQLKit

/// Applies Pasan's shipped corrections of Lao texts, once each, on new and existing databases:
/// a text is corrected only while it is still the shipped one, and stays unreviewed (the portal
/// keeps its marker) until a reviewer approves it. Each correction is recorded with its outcome
/// and in the audit log.
enum LaoCorrections {
    static let change = ChangeContext(actorID: nil, actorName: "pasan (shipped correction)", address: nil)

    static func apply(_ corrections: [LaoCorrection], database: Database) async throws {
        let now = Timestamp.string(from: database.clock.now())
        try await database.write { db in
            let done = Set(
                try await db.select().column("id").from("lao_corrections_applied").all().map {
                    try $0.decode(column: "id", as: String.self)
                }
            )
            for correction in corrections {
                let id = correction.item.kind.context(for: correction.item.key)
                guard !done.contains(id) else { continue }
                guard let source = TranslationRepository.Source.of(correction.item.kind),
                    source.conditions(correction.item.key) != nil
                else { continue }
                let current = try await source.lao(correction.item.key, db: db)
                let outcome: String
                if current == correction.laoBefore {
                    try await source.write(lao: correction.laoAfter, status: .unreviewed, key: correction.item.key, at: now, db: db)
                    try await AuditLog.record(
                        db,
                        change,
                        action: "correct-translation",
                        entity: "translation",
                        id: id,
                        before: ["lo": correction.laoBefore],
                        after: ["lo": correction.laoAfter, "basis": correction.basis]
                    )
                    outcome = "applied"
                } else {
                    // Absent, or already changed by a reviewer: left as it is.
                    outcome = current == nil ? "no such text" : "text had changed; left as it is"
                }
                try await db.insert(into: "lao_corrections_applied").columns("id", "applied_at", "outcome")
                    .values(SQLBind(id), SQLBind(now), SQLBind(outcome)).run()
            }
        }
    }
}
