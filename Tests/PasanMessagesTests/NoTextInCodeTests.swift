import Foundation
import Testing

@testable import PasanMessages

/// Interface text lives in the catalogue only: a Lao letter in a Swift source file is a
/// bilingual literal that no translator can see. The few files that must name Lao characters
/// (search folding, collation, digits) are listed here with the reason.
@Suite struct NoTextInCodeTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Files that handle Lao characters as characters, not as interface text.
    static let characterFiles: Set<String> = [
        "PasanDomain/SearchText.swift",
        "PasanDomain/LaoCollation.swift",
        "PasanMessages/TextFormat.swift",
    ]

    static func swiftFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".swift") { files.append(path) }
        }
        return files.sorted()
    }

    @Test func noLaoTextInSwiftSources() throws {
        var offenders: [String] = []
        for path in Self.swiftFiles() where !Self.characterFiles.contains(path) {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(path), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("//") { continue }  // comments may quote Lao to explain it
                if line.unicodeScalars.contains(where: { (0x0E80...0x0EFF).contains($0.value) }) {
                    offenders.append("\(path):\(n + 1)")
                }
            }
        }
        #expect(
            offenders.isEmpty,
            "Lao text in code (move it to the catalogue): \(offenders.prefix(40).joined(separator: ", ")) — \(offenders.count) lines"
        )
    }

    @Test func noLanguageChoiceBetweenLiterals() throws {
        var offenders: [String] = []
        let pattern = try Regex(#"==\s*\.(lo|en)\s*\?\s*""#)
        for path in Self.swiftFiles() {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(path), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(pattern) {
                offenders.append("\(path):\(n + 1)")
            }
        }
        #expect(offenders.isEmpty, "language == .lo ? \"…\" : \"…\" in code: \(offenders.prefix(40).joined(separator: ", "))")
    }

    /// Every key the code looks up is in the catalogue, and every catalogue key is used.
    @Test func everyKeyInCodeIsInTheCatalogueAndEveryEntryIsUsed() throws {
        let catalogue = try MessageCatalogue.loadShipped()
        let call = try Regex(#"(?:\.t|Message)\(\s*"([a-zA-Z0-9_.]+)""#)
        var used: Set<String> = []
        var unknown: [String] = []
        for path in Self.swiftFiles() {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(path), encoding: .utf8)
            for match in text.matches(of: call) {
                let key = String(match.output[1].substring ?? "")
                used.insert(key)
                if catalogue[key] == nil { unknown.append("\(path): \(key)") }
            }
        }
        #expect(unknown.isEmpty, "keys not in the catalogue: \(unknown.joined(separator: ", "))")
        // Keys built at run time (a role's name from its raw value) are listed in the entry's notes
        // with "key built from"; they count as used.
        let unused = catalogue.entries.values.filter { entry in
            !used.contains(entry.key) && !entry.notes.contains { $0.hasPrefix("key built from") }
        }.map(\.key).sorted()
        #expect(unused.isEmpty, "catalogue entries no code uses: \(unused.prefix(40).joined(separator: ", "))")
    }
}
