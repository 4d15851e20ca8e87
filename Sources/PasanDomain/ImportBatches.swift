/// Import batches: values brought in from an external file (an Open SDG data repository or an
/// SDMX message) wait as a batch, with their provenance, until the Secretariat or LSB publishes or
/// discards them from a preview of what they will change.
///
/// A batch is published through the same single point of truth as cycle submissions: a value
/// already published by another dataset (a cycle submission `cycle:…`, the demo data, another
/// import) that differs from the batch's is a conflict, shown and never overwritten. The values
/// obey the same rules as submitted ones (`ObservationRules`); those that do not are refused,
/// with the reason, and never staged.

/// Where a batch came from.
public enum ImportSource: String, Sendable, Codable, CaseIterable, Hashable {
    /// An Open SDG data repository (`config_data.yml`, SDMX-ML or tidy CSV inputs).
    case openSDG = "open-sdg"
    /// An SDMX data message (SDMX-ML 2.1 or SDMX-CSV).
    case sdmx

    public var title: Message {
        switch self {
        case .openSDG: Message("batches.source.openSDG")
        case .sdmx: Message("batches.source.sdmx")
        }
    }
}

/// Where a batch is: waiting for a decision, or decided.
public enum ImportBatchState: String, Sendable, Codable, CaseIterable, Hashable {
    case staged
    case published
    case discarded

    public var title: Message {
        switch self {
        case .staged: Message("batches.state.staged")
        case .published: Message("batches.state.published")
        case .discarded: Message("batches.state.discarded")
        }
    }
}

/// One import: what was read, by whom and when, and what was decided.
public struct ImportBatch: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var source: ImportSource
    /// The name of what was imported (a repository's folder, an SDMX file's name): with the
    /// source, it names the batch's dataset (`ImportBatch.dataset(source:name:)`).
    public var name: String
    /// The file or archive the user gave (a folder, an uploaded zip, an SDMX file).
    public var fileName: String
    /// Who imported it (the account's display name or e-mail, or the command line).
    public var createdBy: String
    /// When, as ISO 8601 UTC text.
    public var createdAt: String
    public var state: ImportBatchState
    public var decidedBy: String?
    public var decidedAt: String?
    /// Published at once when it was imported (`pasan import … --publish`, for an
    /// administrator's first migration), without a preview being looked at.
    public var publishedAtOnce: Bool
    public var counts: ImportBatchCounts

    public init(
        id: Int64,
        source: ImportSource,
        name: String,
        fileName: String,
        createdBy: String,
        createdAt: String,
        state: ImportBatchState,
        decidedBy: String? = nil,
        decidedAt: String? = nil,
        publishedAtOnce: Bool = false,
        counts: ImportBatchCounts
    ) {
        self.id = id
        self.source = source
        self.name = name
        self.fileName = fileName
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.state = state
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.publishedAtOnce = publishedAtOnce
        self.counts = counts
    }

    /// The dataset the batch's values are published as.
    public var dataset: String { Self.dataset(source: source, name: name) }

    /// Pasan's default name of an import's dataset: `import:<source>:<name>`
    /// (`import:open-sdg:sdg-laos`). A later import of the same source and name is the same
    /// dataset, so its differing values are changes (kept in the history), not conflicts.
    public static func dataset(source: ImportSource, name: String) -> String {
        "import:\(source.rawValue):\(name)"
    }
}

/// How much a batch holds, and — once published — what its publication did.
public struct ImportBatchCounts: Sendable, Hashable, Codable {
    /// Values staged (those that passed the rules).
    public var values: Int
    /// Rows refused by the reader or by the rules.
    public var refused: Int
    /// National series the batch proposes.
    public var nationalSeries: Int
    /// Labels of codes the batch brings.
    public var codeLabels: Int
    /// Metadata texts the batch brings (indicator, language, concept).
    public var metadata: Int
    /// Set when the batch is published.
    public var added: Int?
    public var changed: Int?
    public var unchanged: Int?
    public var conflicts: Int?

    public init(
        values: Int,
        refused: Int,
        nationalSeries: Int,
        codeLabels: Int,
        metadata: Int = 0,
        added: Int? = nil,
        changed: Int? = nil,
        unchanged: Int? = nil,
        conflicts: Int? = nil
    ) {
        self.values = values
        self.refused = refused
        self.nationalSeries = nationalSeries
        self.codeLabels = codeLabels
        self.metadata = metadata
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
        self.conflicts = conflicts
    }
}

/// A value as an import brings it: the observation and where in the file it was read.
public struct StagedValue: Sendable, Hashable {
    public var observation: Observation
    /// The file inside the repository or message (`data/SDG_DSD_Laos.Goal.18.xml`).
    public var file: String
    /// 1-based line, when the format has lines.
    public var line: Int?

    public init(observation: Observation, file: String, line: Int? = nil) {
        self.observation = observation
        self.file = file
        self.line = line
    }

    /// The value's cell.
    public var key: CellKey {
        CellKey(
            indicator: observation.indicator,
            series: observation.series,
            area: observation.area,
            period: observation.period,
            dimensions: observation.dimensionKey
        )
    }
}

/// A row refused by the reader or by the rules: shown in previews and dry runs, never staged.
public struct ImportRefusal: Sendable, Hashable {
    /// The indicator the row was for, when it is known.
    public var indicator: String?
    public var file: String
    public var line: Int?
    /// Where inside the line: a series key, a column or a field.
    public var location: String?
    /// What was found, shortened (`TidyIssue.echo`).
    public var found: String?
    public var expected: Message

    public init(indicator: String? = nil, file: String, line: Int? = nil, location: String? = nil, found: String? = nil, expected: Message)
    {
        self.indicator = indicator
        self.file = file
        self.line = line
        self.location = location.map(TidyIssue.echo)
        self.found = found.map(TidyIssue.echo)
        self.expected = expected
    }
}

/// A national series a batch adds to the framework when it is published (LSB's codes such as
/// `_L_LA_180101_01`, national breakdowns of an indicator).
public struct NationalSeriesProposal: Sendable, Hashable {
    public var code: String
    public var indicator: String
    public var nameEnglish: String
    public var nameLao: String?
    /// SDMX unit code.
    public var unit: String?

    public init(code: String, indicator: String, nameEnglish: String, nameLao: String? = nil, unit: String? = nil) {
        self.code = code
        self.indicator = indicator
        self.nameEnglish = nameEnglish
        self.nameLao = nameLao
        self.unit = unit
    }
}

/// The label of a code in a language, from a code list (`CL_SEX`, `F`, Lao, …). Imported labels
/// are stored as unreviewed; a reviewed or official label is never replaced by an import.
public struct CodeLabel: Sendable, Hashable {
    /// The code list's id (`CL_SEX`).
    public var codelist: String
    public var code: String
    public var language: Language
    public var label: String

    public init(codelist: String, code: String, language: Language, label: String) {
        self.codelist = codelist
        self.code = code
        self.language = language
        self.label = label
    }
}

/// A value already published for the same cell, as the classification needs it.
public struct PublishedValue: Sendable, Hashable {
    public var value: Double
    /// The dataset that published it (`demo`, `cycle:3:MOH`, `import:open-sdg:sdg-laos`).
    public var dataset: String
    public var source: String?

    public init(value: Double, dataset: String, source: String?) {
        self.value = value
        self.dataset = dataset
        self.source = source
    }
}

/// What publishing a staged value would do to the portal.
public enum ImportChange: Sendable, Hashable {
    /// Nothing is published for the cell yet: the value is added.
    case added
    /// The same value is published already: nothing changes.
    case unchanged
    /// The batch's own dataset published another value: it is replaced, and the old value is
    /// kept in the history.
    case changed(old: Double)
    /// Another dataset published another value: a conflict for the Secretariat, never
    /// overwritten by the import.
    case conflict(published: Double, dataset: String, source: String?)

    public var kind: Kind {
        switch self {
        case .added: .added
        case .unchanged: .unchanged
        case .changed: .changed
        case .conflict: .conflict
        }
    }

    /// Whether publishing the batch writes the value.
    public var isWritten: Bool { self == .added || kind == .changed }

    public enum Kind: String, Sendable, CaseIterable, Hashable {
        case added, changed, unchanged, conflict

        public var title: Message {
            switch self {
            case .added: Message("batches.change.added")
            case .changed: Message("batches.change.changed")
            case .unchanged: Message("batches.change.unchanged")
            case .conflict: Message("batches.change.conflict")
            }
        }
    }
}

/// The rules of import batches.
public enum ImportRules {
    /// What publishing `value` (of a batch whose dataset is `dataset`) would do, given what is
    /// published for the same cell (series, indicator, place, period and breakdown), if anything.
    public static func classify(_ value: Double, published: PublishedValue?, dataset: String) -> ImportChange {
        guard let published else { return .added }
        if published.value == value { return .unchanged }
        if published.dataset == dataset { return .changed(old: published.value) }
        return .conflict(published: published.value, dataset: published.dataset, source: published.source)
    }

    /// The same, for a staged value.
    public static func classify(_ staged: StagedValue, published: PublishedValue?, dataset: String) -> ImportChange {
        classify(staged.observation.value, published: published, dataset: dataset)
    }

    /// Why a national series proposal cannot be taken (its code, its name), if it cannot.
    /// Whether its indicator exists is for the caller, who knows the framework.
    public static func problem(of proposal: NationalSeriesProposal) -> Message? {
        if !ObservationRules.isCode(proposal.code) {
            return Message("imports.tidy.anySdmxCode", ["column": .text("SERIES")])
        }
        if proposal.nameEnglish.trimmingSpaces.isEmpty { return Message("batches.refusal.seriesName") }
        return nil
    }

    /// Why a code label cannot be taken, if it cannot.
    public static func problem(of label: CodeLabel) -> Message? {
        if !ObservationRules.isCode(label.codelist) { return Message("imports.tidy.anySdmxCode", ["column": .text("codelist")]) }
        if !ObservationRules.isCode(label.code) { return Message("imports.tidy.anySdmxCode", ["column": .text(label.codelist)]) }
        if label.label.trimmingSpaces.isEmpty { return Message("batches.refusal.emptyLabel") }
        return ObservationRules.text(label.codelist, label.label)?.expected
    }
}

/// A staged value with what publishing it would do.
public struct ClassifiedValue: Sendable, Hashable {
    public var staged: StagedValue
    public var change: ImportChange

    public init(staged: StagedValue, change: ImportChange) {
        self.staged = staged
        self.change = change
    }
}

/// What a batch would change, indicator by indicator (in framework order).
public struct ImportPreview: Sendable {
    public var batch: ImportBatch
    public var indicators: [IndicatorPreview]
    /// Refusals of rows whose indicator is not known (a file that could not be read at all).
    public var refusedWithoutIndicator: [ImportRefusal]
    /// National series the batch would add (those not in the framework yet).
    public var nationalSeries: [NationalSeriesProposal]
    /// Labels of codes the batch would write (a reviewed or official label is kept instead).
    public var codeLabels: Int

    public init(
        batch: ImportBatch,
        indicators: [IndicatorPreview],
        refusedWithoutIndicator: [ImportRefusal],
        nationalSeries: [NationalSeriesProposal],
        codeLabels: Int
    ) {
        self.batch = batch
        self.indicators = indicators
        self.refusedWithoutIndicator = refusedWithoutIndicator
        self.nationalSeries = nationalSeries
        self.codeLabels = codeLabels
    }

    /// Groups classified values and refusals by indicator, in framework order (`FrameworkCode`);
    /// within an indicator, values in cell order and refusals in file and line order.
    public init(
        batch: ImportBatch,
        values: [ClassifiedValue],
        refusals: [ImportRefusal],
        nationalSeries: [NationalSeriesProposal],
        codeLabels: Int,
        metadata: [String: MetadataChanges] = [:]
    ) {
        var byIndicator: [String: IndicatorPreview] = [:]
        for (code, changes) in metadata where changes.total > 0 {
            byIndicator[code, default: IndicatorPreview(indicator: code)].metadata = changes
        }
        // Each value's cell once (a cell's breakdown key is built by sorting its codes).
        for (_, value) in values.map({ ($0.staged.key, $0) }).sorted(by: { $0.0 < $1.0 }) {
            let code = value.staged.observation.indicator
            byIndicator[code, default: IndicatorPreview(indicator: code)].append(value)
        }
        var without: [ImportRefusal] = []
        for refusal in refusals.sorted(by: Self.refusalOrder) {
            if let code = refusal.indicator {
                byIndicator[code, default: IndicatorPreview(indicator: code)].refused.append(refusal)
            } else {
                without.append(refusal)
            }
        }
        self.init(
            batch: batch,
            indicators: byIndicator.values.sorted { FrameworkCode.areInIncreasingOrder($0.indicator, $1.indicator) },
            refusedWithoutIndicator: without,
            nationalSeries: nationalSeries.sorted {
                FrameworkCode.areInIncreasingOrder($0.indicator, $1.indicator) || ($0.indicator == $1.indicator && $0.code < $1.code)
            },
            codeLabels: codeLabels
        )
    }

    static func refusalOrder(_ a: ImportRefusal, _ b: ImportRefusal) -> Bool {
        (a.file, a.line ?? 0, a.location ?? "") < (b.file, b.line ?? 0, b.location ?? "")
    }

    public var added: Int { indicators.reduce(0) { $0 + $1.added.count } }
    public var changed: Int { indicators.reduce(0) { $0 + $1.changed.count } }
    public var unchanged: Int { indicators.reduce(0) { $0 + $1.unchanged.count } }
    public var conflicts: Int { indicators.reduce(0) { $0 + $1.conflicts.count } }
    public var refused: Int { indicators.reduce(refusedWithoutIndicator.count) { $0 + $1.refused.count } }
    /// What the batch's metadata texts would do, over all indicators.
    public var metadata: MetadataChanges {
        indicators.reduce(MetadataChanges()) {
            MetadataChanges(
                added: $0.added + $1.metadata.added,
                changed: $0.changed + $1.metadata.changed,
                unchanged: $0.unchanged + $1.metadata.unchanged
            )
        }
    }

    /// The indicators of each goal, goals in order (`nil`: an indicator code without a goal).
    public var byGoal: [(goal: Int?, indicators: [IndicatorPreview])] {
        var goals: [Int?] = []
        var groups: [Int?: [IndicatorPreview]] = [:]
        for indicator in indicators {
            let goal = FrameworkCode.goalNumber(of: indicator.indicator)
            if groups[goal] == nil { goals.append(goal) }
            groups[goal, default: []].append(indicator)
        }
        return goals.map { (goal: $0, indicators: groups[$0] ?? []) }
    }
}

/// What a batch would change for one indicator.
public struct IndicatorPreview: Sendable, Hashable {
    public var indicator: String
    public var added: [StagedValue] = []
    /// With the value they replace (`ImportChange.changed`).
    public var changed: [ClassifiedValue] = []
    public var unchanged: [StagedValue] = []
    /// With the value published by the other dataset (`ImportChange.conflict`).
    public var conflicts: [ClassifiedValue] = []
    public var refused: [ImportRefusal] = []
    /// What the batch's metadata texts would do.
    public var metadata = MetadataChanges()

    public init(indicator: String) {
        self.indicator = indicator
    }

    public mutating func append(_ value: ClassifiedValue) {
        switch value.change.kind {
        case .added: added.append(value.staged)
        case .changed: changed.append(value)
        case .unchanged: unchanged.append(value.staged)
        case .conflict: conflicts.append(value)
        }
    }

    public func count(_ kind: ImportChange.Kind) -> Int {
        switch kind {
        case .added: added.count
        case .changed: changed.count
        case .unchanged: unchanged.count
        case .conflict: conflicts.count
        }
    }
}

/// What publishing a batch did.
public struct ImportPublication: Sendable, Hashable {
    public var batch: ImportBatch
    public var added: Int
    public var changed: Int
    public var unchanged: Int
    /// Values not written because another dataset published a different value (listed as the
    /// batch's conflicts).
    public var conflicts: Int
    /// National series added to the framework.
    public var seriesCreated: Int
    /// Labels of codes written.
    public var codeLabelsWritten: Int
    /// Labels of codes kept because a reviewer had approved them.
    public var codeLabelsKept: Int
    /// Metadata texts written (added or changed; a replaced text is kept in the history).
    public var metadataWritten: Int

    public init(
        batch: ImportBatch,
        added: Int,
        changed: Int,
        unchanged: Int,
        conflicts: Int,
        seriesCreated: Int,
        codeLabelsWritten: Int,
        codeLabelsKept: Int,
        metadataWritten: Int = 0
    ) {
        self.batch = batch
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
        self.conflicts = conflicts
        self.seriesCreated = seriesCreated
        self.codeLabelsWritten = codeLabelsWritten
        self.codeLabelsKept = codeLabelsKept
        self.metadataWritten = metadataWritten
    }
}

/// Why a batch could not be staged, published or discarded.
public enum ImportBatchError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound
    /// Only a staged batch is published or discarded.
    case notStaged(ImportBatchState)

    public var description: String { "\(message.key) \(message.arguments)" }

    public var message: Message {
        switch self {
        case .notFound: Message("batches.error.notFound")
        case .notStaged(let state): Message("batches.error.notStaged", ["state": .message(state.title)])
        }
    }
}
