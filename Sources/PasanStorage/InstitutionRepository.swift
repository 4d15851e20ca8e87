import PasanDomain
import SQLKit

/// Institutions and their history.
public struct InstitutionRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func all() async throws -> [Institution] {
        try await database.read { db in
            try await db.select().column("*").from("institutions").orderBy("code").all().map(Self.institution)
        }
    }

    static func institution(_ row: any SQLRow) throws -> Institution {
        let status = TranslationStatus(rawValue: try row.string("lo_status")) ?? .machine
        return Institution(
            code: try row.string("code"),
            abbreviation: LocalizedText(
                en: try row.string("abbreviation_en"),
                lo: try row.optionalString("abbreviation_lo"),
                loStatus: status
            ),
            name: try row.localized("name"),
            kind: InstitutionKind(rawValue: try row.string("kind")) ?? .agency,
            validFrom: try row.optionalString("valid_from").flatMap(LocalDate.init(iso:)),
            validTo: try row.optionalString("valid_to").flatMap(LocalDate.init(iso:)),
            note: try row.optionalString("note")
        )
    }

    static func succession(_ row: any SQLRow) throws -> InstitutionSuccession {
        InstitutionSuccession(
            predecessor: try row.string("predecessor"),
            successor: try row.string("successor"),
            kind: SuccessionKind(rawValue: try row.string("kind")) ?? .replacedBy,
            date: try row.optionalString("date").flatMap(LocalDate.init(iso:)),
            note: try row.optionalString("note")
        )
    }
}
