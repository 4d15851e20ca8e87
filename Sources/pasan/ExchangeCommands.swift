import ArgumentParser

/// `pasan import …`: data from the formats of the SDG data ecosystem, staged as an import batch
/// that the Secretariat or LSB publishes (or at once with `--publish`).
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import data: an Open SDG data repository or an SDMX data message, as an import batch to publish.",
        subcommands: [ImportOpenSDG.self, ImportSDMX.self, ImportIATI.self]
    )
}

/// `pasan export …`: the published data in the formats of the SDG data ecosystem.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the published data: an Open SDG data repository, or SDMX for UN reporting.",
        subcommands: [ExportOpenSDG.self, ExportSDMX.self]
    )
}
