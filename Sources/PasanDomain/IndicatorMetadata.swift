/// Indicator metadata: the documentation of how a country produces an indicator, field by field,
/// in the concepts of the UN's SDG metadata template (IAEG-SDGs `SDG_META_CONCEPTS` 1.0 — the
/// concepts LSB's Open SDG repository and its Word files use). Pasan keeps what an import brings
/// per indicator, language and concept, as written, with where it came from; a replaced text is
/// kept in the history, never lost.

/// One concept of the SDG metadata template.
public struct MetadataConcept: Sendable, Hashable {
    /// The concept's id (`STAT_CONC_DEF`).
    public var id: String
    /// Its number in the template (`2.a`); a number without a letter is a section (`2`).
    public var number: String

    public init(id: String, number: String) {
        self.id = id
        self.number = number
    }

    /// Sections (`IND_DEF_CON_CLASS`, "2. Definition, concepts and classifications") head the
    /// concepts that follow them.
    public var isSection: Bool { !number.contains(".") }

    /// The concept's name in the interface's language.
    public var title: Message { Message("metadata.concept.\(id)") }

    /// The concepts in the template's order (IAEG-SDGs, SDG_META_CONCEPTS 1.0).
    public static let all: [MetadataConcept] = [
        ("SDG_INDICATOR_INFO", "0"), ("SDG_GOAL", "0.a"), ("SDG_TARGET", "0.b"), ("SDG_INDICATOR", "0.c"),
        ("SDG_SERIES_DESCR", "0.d"), ("META_LAST_UPDATE", "0.e"), ("SDG_RELATED_INDICATORS", "0.f"),
        ("SDG_CUSTODIAN_AGENCIES", "0.g"), ("CONTACT", "1"), ("CONTACT_ORGANISATION", "1.a"), ("CONTACT_NAME", "1.b"),
        ("ORGANISATION_UNIT", "1.c"), ("CONTACT_FUNCT", "1.d"), ("CONTACT_PHONE", "1.e"), ("CONTACT_MAIL", "1.f"),
        ("CONTACT_EMAIL", "1.g"), ("IND_DEF_CON_CLASS", "2"), ("STAT_CONC_DEF", "2.a"), ("UNIT_MEASURE", "2.b"),
        ("CLASS_SYSTEM", "2.c"), ("SRC_TYPE_COLL_METHOD", "3"), ("SOURCE_TYPE", "3.a"), ("COLL_METHOD", "3.b"),
        ("FREQ_COLL", "3.c"), ("REL_CAL_POLICY", "3.d"), ("DATA_SOURCE", "3.e"), ("COMPILING_ORG", "3.f"),
        ("INST_MANDATE", "3.g"), ("OTHER_METHOD", "4"), ("RATIONALE", "4.a"), ("REC_USE_LIM", "4.b"),
        ("DATA_COMP", "4.c"), ("DATA_VALIDATION", "4.d"), ("ADJUSTMENT", "4.e"), ("IMPUTATION", "4.f"),
        ("REG_AGG", "4.g"), ("DOC_METHOD", "4.h"), ("QUALITY_MGMNT", "4.i"), ("QUALITY_ASSURE", "4.j"),
        ("QUALITY_ASSMNT", "4.k"), ("COVERAGE", "5"), ("COMPARABILITY", "6"), ("OTHER_DOC", "7"),
    ].map { MetadataConcept(id: $0.0, number: $0.1) }

    static let positions: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.id, $0) })

    public static func concept(_ id: String) -> MetadataConcept? { positions[id].map { all[$0] } }

    /// The template's order; concepts outside the template (a country's own) follow, by id.
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        switch (positions[a], positions[b]) {
        case let (x?, y?): x < y
        case (_?, nil): true
        case (nil, _?): false
        case (nil, nil): a < b
        }
    }
}

/// A metadata text of an indicator, as published.
public struct IndicatorMetadataField: Sendable, Hashable {
    public var indicator: String
    public var language: Language
    /// The concept's id (`COLL_METHOD`).
    public var concept: String
    /// As written by its source: Open SDG's metadata is HTML (`MetadataText` reads it safely).
    public var text: String
    /// The file it came from (`translations/meta/lo/1-2-1.yml`, `meta/1-2-1.docm`).
    public var file: String
    /// The import batch that wrote it.
    public var batchID: Int64?
    /// When, as ISO 8601 UTC text.
    public var updatedAt: String

    public init(
        indicator: String,
        language: Language,
        concept: String,
        text: String,
        file: String,
        batchID: Int64? = nil,
        updatedAt: String
    ) {
        self.indicator = indicator
        self.language = language
        self.concept = concept
        self.text = text
        self.file = file
        self.batchID = batchID
        self.updatedAt = updatedAt
    }
}

/// A metadata text as an import brings it.
public struct StagedMetadata: Sendable, Hashable {
    public var indicator: String
    public var language: Language
    public var concept: String
    public var text: String
    public var file: String

    public init(indicator: String, language: Language, concept: String, text: String, file: String) {
        self.indicator = indicator
        self.language = language
        self.concept = concept
        self.text = text
        self.file = file
    }
}

/// What publishing a batch would do to an indicator's metadata.
public struct MetadataChanges: Sendable, Hashable {
    public var added = 0
    public var changed = 0
    public var unchanged = 0

    public init(added: Int = 0, changed: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
    }

    public var total: Int { added + changed + unchanged }
}

public enum MetadataRules {
    /// Pasan's default bound on one metadata text (characters): LSB's longest is 308,483, most
    /// of it four charts embedded as PNG data.
    public static let maximumLength = 2_000_000

    /// Why a staged metadata text cannot be taken, if it cannot.
    public static func problem(of field: StagedMetadata) -> Message? {
        guard !field.concept.isEmpty, field.concept.allSatisfy({ ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" }) else {
            return Message("batches.refusal.metadataConcept")
        }
        if field.text.trimmingSpaces.isEmpty { return Message("batches.refusal.emptyMetadata") }
        if field.text.count > maximumLength {
            return Message(
                "imports.tidy.tooLong",
                [
                    "limit": .text(String(maximumLength)), "column": .text(field.concept), "length": .text(String(field.text.count)),
                ]
            )
        }
        return nil
    }

    /// What publishing `text` does when `current` is published for the same indicator, language
    /// and concept.
    public static func classify(_ text: String, current: String?) -> ImportChange.Kind {
        guard let current else { return .added }
        return current == text ? .unchanged : .changed
    }
}
