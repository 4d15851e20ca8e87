// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Pasan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pasan", targets: ["pasan"]),
        // The modules as libraries, for the fuzzing harnesses of Fuzz/ (a package of its own).
        .library(name: "PasanExchange", targets: ["PasanExchange"]),
        .library(name: "PasanReferenceData", targets: ["PasanReferenceData"]),
        .library(name: "PasanWeb", targets: ["PasanWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["JSON", "YAML"]),
    ],
    targets: [
        // Pure rules: no server, no database, no I/O.
        .target(name: "PasanDomain"),
        // The message catalogue (gettext PO files per component), the PO reader and writer, and
        // the one formatting layer for numbers and dates.
        .target(
            name: "PasanMessages",
            dependencies: ["PasanDomain"],
            resources: [.copy("Resources")]
        ),
        // Reads the reference data shipped with the product into domain values.
        .target(
            name: "PasanReferenceData",
            dependencies: ["PasanDomain"],
            resources: [.copy("Resources")]
        ),
        // The exchange formats around the domain: SDMX (structures, data messages, SDMX-CSV),
        // Open SDG data repositories (YAML, tidy CSV, the UN metadata Word template). Parsers and
        // writers only: they never touch the database.
        .target(
            name: "PasanExchange",
            dependencies: [
                "PasanDomain", "PasanReferenceData",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // One SQLKit code path over SQLite (embedded default) and PostgreSQL.
        .target(
            name: "PasanStorage",
            dependencies: [
                "PasanDomain",
                "PasanMessages",
                "PasanReferenceData",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // E-mail delivery over SMTP (plain, STARTTLS or TLS), used by the outbox.
        .target(
            name: "PasanMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The DHIS2 Web API client: authentication (personal access token or user/password), paging,
        // timeouts, and DHIS2's answers (401, 409 with an import summary, 500, HTML) as typed errors.
        .target(
            name: "PasanDHIS2",
            dependencies: [
                "PasanDomain", "PasanExchange",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // HTML pages (Plot), rendered from plain page models.
        .target(
            name: "PasanViews",
            dependencies: ["PasanDomain", "PasanMessages", .product(name: "Plot", package: "Plot")]
        ),
        // Hummingbird application: routes, API, static assets.
        .target(
            name: "PasanWeb",
            dependencies: [
                "PasanDomain", "PasanMessages", "PasanReferenceData", "PasanStorage", "PasanViews", "PasanMail", "PasanExchange",
                "PasanDHIS2",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.copy("Public")]
        ),
        .executableTarget(
            name: "pasan",
            dependencies: [
                "PasanWeb", "PasanStorage", "PasanMail", "PasanReferenceData", "PasanMessages", "PasanExchange", "PasanDHIS2",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "PasanMailTests",
            dependencies: [
                "PasanMail",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Reads DHIS2's own answers from tests/fixtures/dhis2; the live checks talk to the DHIS2
        // stand-in that scripts/test starts (PASAN_TEST_DHIS2_URL).
        .testTarget(
            name: "PasanDHIS2Tests",
            dependencies: [
                "PasanDHIS2", "PasanDomain", "PasanExchange",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "PasanMessagesTests", dependencies: ["PasanMessages", "PasanDomain"]),
        // Reads its fixtures from tests/fixtures (LSB's Open SDG repository, SDMX examples), shared
        // with the Python checks, by path.
        .testTarget(
            name: "PasanExchangeTests",
            dependencies: [
                "PasanExchange", "PasanDomain", "PasanReferenceData", "PasanTestSupport",
                // The zip tests build their archives (bombs, links, traversal entries) in the test.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "PasanDomainTests",
            dependencies: ["PasanDomain", "PasanReferenceData", "PasanMessages"],
            resources: [.copy("Fixtures")]
        ),
        // Fresh SQLite and PostgreSQL databases for the tests.
        .target(name: "PasanTestSupport", dependencies: ["PasanDomain", "PasanStorage", .product(name: "SQLKit", package: "sql-kit")]),
        .testTarget(name: "PasanStorageTests", dependencies: ["PasanStorage", "PasanTestSupport"]),
        // Page snapshots: every page model rendered from small hand-made fixtures (no router, no
        // database) and compared with the reviewed HTML in Snapshots/, which the tests read and
        // write next to their sources (PASAN_RECORD_SNAPSHOTS=1 re-records), so it is not a resource.
        .testTarget(
            name: "PasanViewsTests",
            dependencies: ["PasanViews", "PasanDomain", "PasanMessages"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "PasanWebTests",
            dependencies: [
                "PasanWeb", "PasanViews", "PasanReferenceData", "PasanTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
