extension Migration {
    /// DHIS2 instances (credentials encrypted), mappings, organisation unit matches and pulls.
    static let dhis2Connections = Migration(id: 11, name: "dhis2-connections") { _ in [] }
}
