import Foundation
import PasanDomain
import Testing

/// Every page type of PasanViews (a top-level `public struct` with `public func render() -> String`)
/// has a snapshot in both languages, and every snapshot belongs to a page type that still exists.
@Suite struct SnapshotCoverageTests {
    static let viewSources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PasanViews")

    /// The page types, read from the sources of PasanViews.
    static func pageTypes() throws -> Set<String> {
        guard let files = FileManager.default.enumerator(at: viewSources, includingPropertiesForKeys: nil) else { return [] }
        var pages: Set<String> = []
        for case let url as URL in files where url.pathExtension == "swift" {
            var current: String?
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("public struct ") {
                    current = line.dropFirst("public struct ".count).prefix { $0.isLetter || $0.isNumber }.description
                } else if line.hasPrefix("extension ") || line.hasPrefix("public enum ") || line.hasPrefix("enum ") {
                    current = nil
                } else if line.hasPrefix("    public func render() -> String"), let current {
                    pages.insert(current)
                }
            }
        }
        return pages
    }

    @Test(.disabled(if: Snapshot.isRecording, "the snapshots are being written"))
    func everyPageHasSnapshotsInBothLanguages() throws {
        let pages = try Self.pageTypes()
        #expect(pages.count >= 33, "found only \(pages.count) page types in \(Self.viewSources.path)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: Snapshot.directory.path))
        for page in pages.sorted() {
            for l in Language.allCases where !files.contains(Snapshot.fileName(page, l)) {
                Issue.record(
                    "\(page) has no snapshot \(Snapshot.fileName(page, l)): add a test in Tests/PasanViewsTests and record it with `\(Snapshot.recordCommand)`."
                )
            }
        }
        for file in files.sorted() where file.hasSuffix(".html") {
            let page = String(file.prefix { $0.isLetter || $0.isNumber })
            if !pages.contains(page) {
                Issue.record("The snapshot \(file) belongs to no page type of PasanViews: delete it, or rename it after the page.")
            }
        }
    }
}
