import PasanStorage

/// What every feature controller has: the portal's state (database, catalog, response cache).
protocol PortalFeature: Sendable {
    var state: PortalState { get }
}

extension PortalFeature {
    var database: Database { state.database }
}
