import Foundation
import Logging
import PasanDomain
import PasanMessages
import PasanReferenceData
import PasanStorage
import Synchronization

/// What every request handler shares: the database, the in-memory catalog (the framework read
/// model) and the cache of rendered responses.
public final class PortalState: Sendable {
    public let database: Database
    public let defaultLanguage: Language
    let cache: ResponseCache
    /// The boundary maps, drawn once (`AreaMaps`).
    let maps = AreaMaps()
    /// Signs and checks the CSRF tokens of the forms shown before sign-in (secret shared through the database).
    let formTokens: FormTokenSigner
    private let catalogBox: Mutex<FrameworkCatalog>
    /// What is published, without the values: per indicator, its series, years and levels
    /// (the API's and the home page's `has_data`, data availability). Pages about one indicator
    /// read its summary from the database instead, to be as current as its values.
    private let publishedBox: Mutex<PublishedDataSummary>
    /// Progress of every configured indicator, target and goal.
    private let progressBox = Mutex<[String: ProgressResult]>([:])
    /// The interface texts: the shipped catalogue with the reviewed changes of this database.
    private let messagesBox = Mutex<MessageCatalogue>(.shipped)
    /// The glossary of SDG terms shown beside each text under review.
    public let glossary: Glossary
    /// Pasan's defaults as the Secretariat set them (notice, reminders, owners' deadline).
    private let defaultsBox = Mutex<(values: PasanDefaults, setBySecretariat: Set<String>)>((.pasan, []))
    /// Seals and opens the credentials Pasan keeps for institutions (DHIS2), with the key of
    /// `PASAN_SECRET_KEY`; `nil` when no key is set (then none can be registered or used).
    public let secrets: SecretBox?

    init(
        database: Database,
        defaultLanguage: Language,
        catalog: FrameworkCatalog,
        published: PublishedDataSummary,
        areas: [String: AreaLevel],
        formTokens: FormTokenSigner,
        glossary: Glossary,
        cacheBytes: Int,
        secrets: SecretBox?
    ) {
        self.database = database
        self.secrets = secrets
        self.glossary = glossary
        self.cache = ResponseCache(budget: cacheBytes)
        self.formTokens = formTokens
        self.areas = areas
        self.defaultLanguage = defaultLanguage
        self.catalogBox = Mutex(catalog)
        self.publishedBox = Mutex(published)
    }

    /// `cacheBytes`: the budget of rendered pages kept in memory (0 keeps none: every request
    /// renders, as the benchmark of uncached render times needs).
    public static func load(
        database: Database,
        defaultLanguage: Language,
        cacheBytes: Int = 64 * 1024 * 1024,
        secrets: SecretBox? = SecretBox.fromEnvironment()
    ) async throws -> PortalState {
        let catalog = try await CatalogRepository(database: database).load()
        let published = try await ObservationRepository(database: database).publishedSummary()
        let areas = try await AreaRepository(database: database).levels()
        let formTokens = try await FormTokenSigner.load(database: database)
        let state = PortalState(
            database: database,
            defaultLanguage: defaultLanguage,
            catalog: catalog,
            published: published,
            areas: areas,
            formTokens: formTokens,
            glossary: try GlossaryLoader.bundled(),
            cacheBytes: max(0, cacheBytes),
            secrets: secrets
        )
        try await state.reloadSettings()
        try await state.recomputeProgress()
        return state
    }

    public var catalog: FrameworkCatalog { catalogBox.withLock { $0 } }

    /// The interface texts every request of this application reads (`CatalogueMiddleware`).
    public var messages: MessageCatalogue { messagesBox.withLock { $0 } }

    /// Pasan's defaults in force (`SettingsRepository`).
    public var defaults: PasanDefaults { defaultsBox.withLock { $0.values } }

    /// "Pasan's default" or "set by the Secretariat", for a setting's key (`SettingsRepository`).
    public func defaultOrigin(_ key: String) -> Message {
        defaultsBox.withLock { $0.setBySecretariat.contains(key) }
            ? Message("settings.origin.secretariatShort") : Message("settings.origin.pasanShort")
    }

    /// Reads what this database changes of the shipped configuration: the reviewed interface
    /// texts and the Secretariat's defaults.
    func reloadSettings() async throws {
        let defaults = try await SettingsRepository(database: database).defaults()
        defaultsBox.withLock { $0 = defaults }
        let overrides = try await TranslationRepository(database: database).interfaceOverrides()
        let catalogue = MessageCatalogue.shipped.overlaying(overrides)
        messagesBox.withLock { $0 = catalogue }
    }

    /// The progress result of an indicator (`indicator`), target (`target`) or goal (`goal`).
    public func progress(_ level: ProgressResult.Level, _ code: String) -> ProgressResult? {
        progressBox.withLock { $0["\(level.rawValue)|\(code)"] }
    }

    public var allProgress: [ProgressResult] { progressBox.withLock { Array($0.values) } }

    func recomputeProgress() async throws {
        let results = try await ProgressRepository(database: database).recompute(catalog: catalog)
        progressBox.withLock { $0 = Dictionary(results.map { ("\($0.level.rawValue)|\($0.code)", $0) }, uniquingKeysWith: { a, _ in a }) }
    }

    /// The level of every area code (villages included), for validating submitted places.
    public let areas: [String: AreaLevel]
    /// What is published (`PublishedDataSummary`), as of the last reload.
    var published: PublishedDataSummary { publishedBox.withLock { $0 } }
    var indicatorsWithData: Set<String> { published.indicatorsWithData }

    /// This process among the others that share the database (`ChangeListener`).
    public let node = UUID().uuidString.lowercased()

    /// Forgets every rendered response (after a change to assignments, focal points or roles),
    /// here and in the other processes on the same database.
    public func invalidate() async {
        cache.clear()
        await announce(.pages)
    }

    /// Re-reads the catalog after the data changed, and forgets every rendered response, here
    /// and in the other processes on the same database.
    public func reload() async throws {
        try await reloadHere()
        await announce(.data)
    }

    /// What another process announced (`ChangeListener`): applied here only.
    public func apply(_ event: ChangeEvent) async throws {
        switch event {
        case .changed(.pages): cache.clear()
        case .changed(.data), .resync: try await reloadHere()
        }
    }

    /// Tells the other processes; a failure is logged, never the user's problem (their change is
    /// saved; the other processes catch up on their next `.resync` or restart).
    private func announce(_ change: DataChange) async {
        do { try await database.announce(change, from: node) } catch {
            Logger(label: "pasan.changes").warning("could not announce a change to the other processes: \(error)")
        }
    }

    private func reloadHere() async throws {
        let catalog = try await CatalogRepository(database: database).load()
        let published = try await ObservationRepository(database: database).publishedSummary()
        catalogBox.withLock { $0 = catalog }
        publishedBox.withLock { $0 = published }
        try await reloadSettings()
        try await recomputeProgress()
        maps.forget()
        cache.clear()
    }
}
