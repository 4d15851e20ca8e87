import Foundation
import PasanDomain
import Testing
import ZIPFoundation

@testable import PasanExchange

/// Issue 11, "what bad input gets": an uploaded zip is unpacked only when every entry is a plain
/// file or folder inside the target, within the limits; otherwise every problem is reported and
/// nothing is left on disk. The zips are built here (ZIPFoundation writes them).
@Suite struct SafeUnzipTests {
    /// A zip of `entries` (path, content; a path ending in `/` is a folder), deflated.
    static func zip(_ entries: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, content) in entries {
            let bytes = Data(content.utf8)
            let isFolder = path.hasSuffix("/")
            try archive.addEntry(
                with: path,
                type: isFolder ? .directory : .file,
                uncompressedSize: Int64(bytes.count),
                compressionMethod: isFolder ? .none : .deflate,
                provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        return try #require(archive.data)
    }

    /// A fresh, empty folder to unpack into, so a test can see that nothing was left behind.
    static func parent() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safe-unzip-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func leftovers(_ parent: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent.path)
    }

    /// The problems `extract` throws (none when it unpacked).
    static func problems(_ data: Data, limits: SafeUnzip.Limits = .pasanDefault, parent: URL) -> [ExchangeProblem] {
        do {
            let extracted = try SafeUnzip.extract(data, file: "upload.zip", limits: limits, into: parent)
            extracted.remove()
            return []
        } catch let error as ExchangeProblems {
            return error.problems
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func aRepositoryInsideOneTopFolderIsUnpackedAndItsRootFound() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let csv = "Year,SERIES,Value\n2020,SI_POV_NAHC,18.3\n"
        let data = try Self.zip([
            ("sdg-laos-main/", ""),
            ("sdg-laos-main/config_data.yml", "languages:\n  - lo\n  - en\n"),
            ("sdg-laos-main/data/", ""),
            ("sdg-laos-main/data/indicator_1-2-1.csv", csv),
            ("sdg-laos-main/./meta/1-2-1.md", "---\ntitle: x\n---\n"),
        ])
        let extracted = try SafeUnzip.extract(data, file: "sdg-laos-main.zip", into: parent)
        defer { extracted.remove() }
        #expect(extracted.topFolder == "sdg-laos-main")
        #expect(
            extracted.files == ["sdg-laos-main/config_data.yml", "sdg-laos-main/data/indicator_1-2-1.csv", "sdg-laos-main/meta/1-2-1.md"]
        )
        let root = try #require(extracted.root(containing: "config_data.yml"))
        #expect(root.lastPathComponent == "sdg-laos-main")
        #expect(try String(contentsOf: root.appendingPathComponent("data/indicator_1-2-1.csv"), encoding: .utf8) == csv)
        #expect(extracted.directory.path.hasPrefix(parent.path))
        extracted.remove()
        #expect(try Self.leftovers(parent).isEmpty)
    }

    @Test func aRepositoryAtTheTopHasNoTopFolder() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let data = try Self.zip([("config_data.yml", "languages: [en]\n"), ("data/indicator_1-2-1.csv", "Year,Value\n")])
        let extracted = try SafeUnzip.extract(data, file: "repo.zip", into: parent)
        defer { extracted.remove() }
        #expect(extracted.topFolder == nil)
        #expect(extracted.root(containing: "config_data.yml") == extracted.directory)
        #expect(extracted.root(containing: "LSB_DSD.xml") == nil)
    }

    @Test func pathsThatLeaveTheTargetAreRefusedAndNothingIsWritten() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let data = try Self.zip([
            ("repo/config_data.yml", "languages: [en]\n"),
            ("../../etc/x", "owned"),
            ("/etc/passwd", "owned"),
            ("repo/data/../../../escape.csv", "owned"),
            ("repo\\windows.csv", "owned"),
            ("C:/boot.ini", "owned"),
        ])
        let problems = Self.problems(data, parent: parent)
        let byPath = Dictionary(problems.map { ($0.location ?? "", $0.expected.key) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath["../../etc/x"] == "imports_web.zip.parent")
        #expect(byPath["/etc/passwd"] == "imports_web.zip.absolute")
        #expect(byPath["repo/data/../../../escape.csv"] == "imports_web.zip.parent")
        #expect(byPath["repo\\windows.csv"] == "imports_web.zip.backslash")
        #expect(byPath["C:/boot.ini"] == "imports_web.zip.absolute")
        #expect(problems.count == 5)
        #expect(problems.allSatisfy { $0.file == "upload.zip" })
        #expect(try Self.leftovers(parent).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: parent.deletingLastPathComponent().appendingPathComponent("escape.csv").path))
    }

    @Test func aSymbolicLinkIsRefused() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let archive = try Archive(data: Data(), accessMode: .create)
        let file = Data("languages: [en]\n".utf8)
        try archive.addEntry(with: "repo/config_data.yml", type: .file, uncompressedSize: Int64(file.count)) { p, s in
            file.subdata(in: Int(p)..<Int(p) + s)
        }
        let target = Data("/etc/passwd".utf8)
        try archive.addEntry(with: "repo/data/indicator_1-2-1.csv", type: .symlink, uncompressedSize: Int64(target.count)) { p, s in
            target.subdata(in: Int(p)..<Int(p) + s)
        }
        let problems = Self.problems(try #require(archive.data), parent: parent)
        #expect(problems.map(\.expected.key) == ["imports_web.zip.link"])
        #expect(problems.first?.location == "repo/data/indicator_1-2-1.csv")
        #expect(try Self.leftovers(parent).isEmpty)
    }

    @Test func duplicatePathsAndControlCharactersAreRefused() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let data = try Self.zip([("a.csv", "1"), ("./a.csv", "2"), ("b\u{1}.csv", "3")])
        #expect(Self.problems(data, parent: parent).map(\.expected.key) == ["imports_web.zip.duplicate", "imports_web.zip.name"])
    }

    @Test func somethingThatIsNotAZipIsRefused() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        #expect(Self.problems(Data("Year,Value\n2020,1\n".utf8), parent: parent).map(\.expected.key) == ["imports_web.zip.unreadable"])
        #expect(Self.problems(try Self.zip([("empty/", "")]), parent: parent).map(\.expected.key) == ["imports_web.zip.empty"])
    }

    @Test func tooManyEntriesAreRefused() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let data = try Self.zip((1...6).map { ("f\($0).txt", "x") })
        var limits = SafeUnzip.Limits.pasanDefault
        limits.maximumEntries = 5
        let problems = Self.problems(data, limits: limits, parent: parent)
        #expect(problems.map(\.expected.key) == ["imports_web.zip.tooManyEntries"])
        #expect(problems.first?.expected.arguments["count"] == .number(5))
    }

    /// A 200 MB entry of zeros deflates to about 200 KB: written in chunks, so the test holds
    /// only the packed zip.
    static func bomb(size: Int64) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(with: "repo/config_data.yml", type: .file, uncompressedSize: Int64(2)) {
            (_: Int64, _: Int) in Data("{}".utf8)
        }
        try archive.addEntry(with: "repo/data/bomb.csv", type: .file, uncompressedSize: size, compressionMethod: .deflate) {
            (_: Int64, chunk: Int) in Data(count: chunk)
        }
        return try #require(archive.data)
    }

    /// Overwrites the uncompressed size the zip declares for every entry (local headers and
    /// central directory), as a forged zip would.
    static func lying(_ zip: Data, declaredSize: UInt32) -> Data {
        var bytes = [UInt8](zip)
        func write(_ value: UInt32, at offset: Int) {
            for i in 0..<4 { bytes[offset + i] = UInt8((value >> (8 * UInt32(i))) & 0xFF) }
        }
        func signature(at i: Int) -> UInt32 {
            UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
        }
        var i = 0
        while i + 30 < bytes.count {
            switch signature(at: i) {
            case 0x0403_4b50:
                write(declaredSize, at: i + 22)
                i += 30
            case 0x0201_4b50:
                write(declaredSize, at: i + 24)
                i += 46
            default: i += 1
            }
        }
        return Data(bytes)
    }

    @Test func aZipBombIsRefusedBeforeAnythingIsWritten() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let bomb = try Self.bomb(size: 200_000_000)
        #expect(bomb.count < 1_000_000)
        let problems = Self.problems(bomb, parent: parent)
        #expect(problems.map(\.expected.key) == ["imports_web.zip.ratio"])
        #expect(problems.first?.location == "repo/data/bomb.csv")
        #expect(try Self.leftovers(parent).isEmpty)
    }

    @Test func aBombThatDeclaresASmallSizeIsStoppedWhileInflating() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let forged = Self.lying(try Self.bomb(size: 200_000_000), declaredSize: 2)
        // By the ratio (after the first MiB) …
        let byRatio = Self.problems(forged, parent: parent)
        #expect(byRatio.map(\.expected.key) == ["imports_web.zip.ratio"])
        #expect(try Self.leftovers(parent).isEmpty)
        // … and, were the ratio allowed, by the bytes counted against the total.
        var limits = SafeUnzip.Limits.pasanDefault
        limits.maximumRatio = 10_000
        limits.maximumTotalBytes = 8 * 1024 * 1024
        let byTotal = Self.problems(forged, limits: limits, parent: parent)
        #expect(byTotal.map(\.expected.key) == ["imports_web.zip.tooLarge"])
        #expect(byTotal.first?.expected.arguments["megabytes"] == .text("8"))
        #expect(try Self.leftovers(parent).isEmpty)
    }

    /// Found by the XLSX fuzzer (Fuzz/corpus/xlsx/hang-deflate-never-ends.xlsx): ZIPFoundation on
    /// Linux inflates by asking the file for more until the deflate stream ends, past the entry's
    /// bytes, and at the file's end for ever. An entry is now inflated from its own bytes only,
    /// and a stream that has not ended when they run out makes the zip damaged.
    @Test func aDeflateStreamThatDoesNotEndInsideItsEntryIsDamaged() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let text = (0..<400).map { "row \($0), value \($0 * 7 % 13)\n" }.joined()
        let whole = try Self.zip([("repo/config_data.yml", "{}"), ("repo/data.csv", text)])
        #expect(Self.problems(whole, parent: parent).isEmpty)
        // The entry's packed size cut to 5 bytes, in its local header and the central directory.
        var bytes = [UInt8](whole)
        func u32(_ i: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[i + $1]) << (8 * UInt32($1)) } }
        func put(_ value: UInt32, _ i: Int) { for k in 0..<4 { bytes[i + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) } }
        var cut = 0
        for i in 0..<(bytes.count - 46) {
            let name = { (at: Int, length: Int) in String(decoding: bytes[at..<(at + length)], as: UTF8.self) }
            if u32(i) == 0x0403_4b50, name(i + 30, Int(bytes[i + 26])) == "repo/data.csv" { put(5, i + 18); cut += 1 }
            if u32(i) == 0x0201_4b50, name(i + 46, Int(bytes[i + 28])) == "repo/data.csv" { put(5, i + 20); cut += 1 }
        }
        #expect(cut == 2)
        let problems = Self.problems(Data(bytes), parent: parent)
        #expect(problems.map(\.expected.key) == ["imports_web.zip.damaged"])
        #expect(problems.first?.location == "repo/data.csv")
        #expect(try Self.leftovers(parent).isEmpty)
        // The fuzzer's workbook: refused, not read for ever.
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/xlsx/hang-deflate-never-ends.xlsx")
        #expect(throws: ExchangeProblems.self) { try XLSXReader.read(Data(contentsOf: corpus), file: "hang.xlsx") }
    }

    @Test func theDeclaredTotalIsCheckedFirst() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let data = try Self.zip([("a.txt", String(repeating: "x", count: 3000)), ("b.txt", String(repeating: "y", count: 3000))])
        var limits = SafeUnzip.Limits.pasanDefault
        limits.maximumTotalBytes = 5000
        let problems = Self.problems(data, limits: limits, parent: parent)
        #expect(problems.map(\.expected.key) == ["imports_web.zip.tooLarge"])
        #expect(try Self.leftovers(parent).isEmpty)
    }

    @Test func aDocmIsWrittenAsTheBytesItIsNeverOpened() throws {
        let parent = try Self.parent()
        defer { try? FileManager.default.removeItem(at: parent) }
        // A Word file with a macro part, zipped inside the repository zip.
        let word = try Archive(data: Data(), accessMode: .create)
        let macro = Data("Sub AutoOpen()\nShell \"rm -rf /\"\nEnd Sub\n".utf8)
        try word.addEntry(with: "word/vbaProject.bin", type: .file, uncompressedSize: Int64(macro.count)) { p, s in
            macro.subdata(in: Int(p)..<Int(p) + s)
        }
        let docm = try #require(word.data)
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(with: "meta/1-2-1.docm", type: .file, uncompressedSize: Int64(docm.count)) { p, s in
            docm.subdata(in: Int(p)..<Int(p) + s)
        }
        let extracted = try SafeUnzip.extract(try #require(archive.data), file: "repo.zip", into: parent)
        defer { extracted.remove() }
        #expect(extracted.files == ["meta/1-2-1.docm"])
        #expect(try Data(contentsOf: extracted.directory.appendingPathComponent("meta/1-2-1.docm")) == docm)
        #expect(!FileManager.default.fileExists(atPath: extracted.directory.appendingPathComponent("word").path))
    }

    @Test func safePathsAreMadeRelative() {
        var refused: [String] = []
        #expect(SafeUnzip.safePath("a/./b//c.csv") { refused.append($0.key) } == "a/b/c.csv")
        #expect(SafeUnzip.safePath("~/x") { refused.append($0.key) } == nil)
        #expect(SafeUnzip.safePath(String(repeating: "n", count: 256)) { refused.append($0.key) } == nil)
        #expect(refused == ["imports_web.zip.absolute", "imports_web.zip.name"])
    }
}
