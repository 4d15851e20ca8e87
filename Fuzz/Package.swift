// swift-tools-version: 6.1
// libFuzzer harnesses of Pasan's upload parsers (scripts/bench --only fuzz; see
// docs/operations/fuzzing.md). Built apart from the product, with
// `swift build -c release --sanitize=fuzzer`: every target is compiled with coverage
// instrumentation and linked against libFuzzer, whose `main` runs the harness's
// `LLVMFuzzerTestOneInput`. Not part of the test suite.
import PackageDescription

// The CSV, SDMX and XLSX harnesses need only the exchange and reference-data modules (a short
// build); the multipart harness reads the form as the web layer does, so it needs PasanWeb (and
// with it everything the server links: a long first build).
let exchange: [Target.Dependency] = [
    .product(name: "PasanExchange", package: "Pasan"),
    .product(name: "PasanReferenceData", package: "Pasan"),
]

let package = Package(
    name: "PasanFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Pasan", path: "..")],
    targets: [
        // What the CSV and XLSX harnesses share: the validation context, the upload's reading steps.
        .target(name: "FuzzSupport", dependencies: exchange, path: "Sources/FuzzSupport"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport"], path: "Sources/FuzzCSV"),
        .executableTarget(name: "FuzzSDMX", dependencies: exchange, path: "Sources/FuzzSDMX"),
        .executableTarget(name: "FuzzXLSX", dependencies: ["FuzzSupport"], path: "Sources/FuzzXLSX"),
        .executableTarget(
            name: "FuzzMultipart",
            dependencies: exchange + [.product(name: "PasanWeb", package: "Pasan")],
            path: "Sources/FuzzMultipart"
        ),
    ]
)
