import SQLKit

/// One step of the schema. Migrations are applied in `id` order, each exactly once, and never
/// edited after release: a change to the schema is a new migration that keeps existing data.
public struct Migration: Sendable {
    public let id: Int
    public let name: String
    let statements: @Sendable (Dialect) -> [String]

    init(id: Int, name: String, statements: @escaping @Sendable (Dialect) -> [String]) {
        self.id = id
        self.name = name
        self.statements = statements
    }
}

/// All migrations of this version of Pasan, in order.
public enum Migrations {
    public static let all: [Migration] = [
        .referenceFramework,
        .institutionalArrangements,
        .reportingCycles,
        .progress,
        .deadlineStages,
        .separationAndThrottling,
        .translationReview,
        .importBatches,
        .indicatorMetadata,
        .codeLabelReview,
        .dhis2Connections,
        .apiTokens,
        .plans,
        .activities,
        .reportingChains,
        .bulletins,
        .changeNotices,
        .periodsDelivered,
        .observationSummary,
        .legalInstruments,
        .selfAssessment,
        .voluntaryNationalReviews,
        .capacityEvents,
    ]
}
