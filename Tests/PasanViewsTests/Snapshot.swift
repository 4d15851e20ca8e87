import Foundation
import PasanDomain
import Testing

/// Compares rendered HTML with the reviewed snapshot in `Snapshots/<name>.<lang>.html`.
///
/// The files are read and written next to this source file (through `#filePath`), not as bundle
/// resources: recording must write into the working tree, and a clean clone reads them where they
/// are committed. `Package.swift` excludes the folder from the target.
///
/// `PASAN_RECORD_SNAPSHOTS=1 swift test --filter PasanViewsTests` (re-)writes the files instead of
/// comparing; review the changes with `git diff Tests/PasanViewsTests/Snapshots` before committing.
enum Snapshot {
    static let recordVariable = "PASAN_RECORD_SNAPSHOTS"

    static var isRecording: Bool { ProcessInfo.processInfo.environment[recordVariable] == "1" }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static let recordCommand = "\(recordVariable)=1 swift test --filter PasanViewsTests"

    /// The file name of a page's snapshot: `HomePage.lo.html`, `SearchPage-no-results.en.html`.
    static func fileName(_ name: String, _ language: Language) -> String {
        "\(name).\(language.rawValue).html"
    }

    /// Plot renders a page on one line; the snapshot breaks it between adjacent tags (`>` `<`), so
    /// the file reads one element per line and a difference has a line number. Nothing else
    /// changes: the page's text and attributes are compared byte for byte.
    static func lines(_ html: String) -> String {
        html.replacingOccurrences(of: "><", with: ">\n<") + "\n"
    }

    /// Records or compares the snapshot of `html`.
    static func check(
        _ html: String,
        _ name: String,
        _ language: Language,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let file = fileName(name, language)
        let url = directory.appendingPathComponent(file)
        let rendered = lines(html)
        if let problem = languageProblem(html, language) {
            Issue.record(Comment(rawValue: "\(file): \(problem)"), sourceLocation: sourceLocation)
        }
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try rendered.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("Could not write the snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path), let expected = String(data: data, encoding: .utf8) else {
            Issue.record(
                Comment(rawValue: "No snapshot \(file) in \(directory.path). Record it with `\(recordCommand)`, review it, and commit it."),
                sourceLocation: sourceLocation
            )
            return
        }
        guard expected != rendered else { return }
        let saved = saveRendered(rendered, as: file)
        Issue.record(
            Comment(
                rawValue: """
                    The page differs from its snapshot \(file).
                    \(difference(expected: expected, rendered: rendered))
                    \(saved.map { "The rendered page is in \($0) (compare: diff -u \(url.path) \($0))." } ?? "")
                    If the change is intended, re-record with `\(recordCommand)` and review the diff before committing.
                    """
            ),
            sourceLocation: sourceLocation
        )
    }

    /// A page is in its language: `<html lang>` says so, and a Lao page has Lao letters in its
    /// main content (not only in the shared header and footer).
    static func languageProblem(_ html: String, _ language: Language) -> String? {
        guard html.contains("<html lang=\"\(language.rawValue)\">") else {
            return "the page does not declare lang=\"\(language.rawValue)\"."
        }
        guard language == .lo else { return nil }
        guard let main = html.range(of: "<main") else { return "the page has no <main>." }
        let lao = html[main.lowerBound...].unicodeScalars.contains { (0x0E80...0x0EFF).contains($0.value) }
        return lao ? nil : "the Lao page has no Lao text in its main content."
    }

    /// The first lines that differ, with their numbers, from both sides, with two lines of context.
    static func difference(expected: String, rendered: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var first = 0
        while first < old.count, first < new.count, old[first] == new[first] { first += 1 }
        let range = max(0, first - 2)...(first + 4)
        func excerpt(_ lines: [String], _ label: String) -> String {
            let shown = range.filter { $0 < lines.count }.map { index in
                "\(index == first ? ">" : " ") \(String(index + 1).leftPadded(to: 5)) | \(clip(lines[index], around: index == first ? column(old, new, first) : 0))"
            }
            return "\(label) (\(lines.count) lines):\n"
                + (shown.isEmpty ? "  (ends before line \(first + 1))" : shown.joined(separator: "\n"))
        }
        return "First difference at line \(first + 1).\n" + excerpt(old, "--- snapshot") + "\n" + excerpt(new, "+++ rendered")
    }

    /// Where the first differing line starts to differ (in characters).
    static func column(_ old: [String], _ new: [String], _ line: Int) -> Int {
        guard line < old.count, line < new.count else { return 0 }
        return zip(old[line], new[line]).prefix { $0 == $1 }.count
    }

    /// A long line (inline SVG) cut to a window around `column`.
    static func clip(_ line: String, around column: Int, width: Int = 160) -> String {
        guard line.count > width else { return line }
        let start = max(0, min(column - width / 2, line.count - width))
        let window = line.dropFirst(start).prefix(width)
        return (start > 0 ? "…" : "") + window + (start + width < line.count ? "…" : "")
    }

    /// Keeps the rendered page of a failing comparison for a side-by-side look.
    static func saveRendered(_ rendered: String, as file: String) -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-snapshots")
        let url = folder.appendingPathComponent(file)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try rendered.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        } catch {
            return nil
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
