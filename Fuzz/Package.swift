// swift-tools-version: 6.1
// libFuzzer harnesses of Pasan's upload parsers (scripts/bench --only fuzz; see
// docs/operations/fuzzing.md). Built apart from the product, with
// `swift build -c release --sanitize=fuzzer`: every target is compiled with coverage
// instrumentation and linked against libFuzzer, whose `main` runs the harness's
// `LLVMFuzzerTestOneInput`. Not part of the test suite.
import PackageDescription

let pasan: [Target.Dependency] = [
    .product(name: "PasanExchange", package: "Pasan"),
    .product(name: "PasanReferenceData", package: "Pasan"),
    .product(name: "PasanWeb", package: "Pasan"),
]

let package = Package(
    name: "PasanFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Pasan", path: "..")],
    targets: ["FuzzCSV", "FuzzMultipart", "FuzzSDMX", "FuzzXLSX"].map { name in
        .executableTarget(name: name, dependencies: pasan, path: "Sources/\(name)")
    }
)
