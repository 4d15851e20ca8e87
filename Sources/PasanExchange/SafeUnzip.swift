import Foundation
import PasanDomain
import ZIPFoundation

/// Unpacks an uploaded zip (an Open SDG data repository as GitHub zips it) into a fresh temporary
/// directory, refusing what could harm the server: more entries than the limit, more bytes than
/// the limit once unpacked (counted while inflating: the sizes the zip declares can lie), an entry
/// that inflates far beyond its packed size (a zip bomb), absolute paths, `..` components,
/// backslashes, control characters, links, duplicate paths, and any path that would resolve
/// outside the target directory.
///
/// Every entry is checked before anything is written; then files are written as plain bytes (no
/// permissions, dates or links from the zip are applied). Nothing in the zip is opened or run:
/// a `.docm` inside is written as the file it is, and its reader later reads only
/// `word/document.xml`. On any problem, whatever was written is removed and every problem is
/// thrown (`ExchangeProblems`), with the uploaded file's name and the entry's path.
public enum SafeUnzip {
    /// How much an upload may unpack to.
    public struct Limits: Sendable, Hashable {
        /// Entries (files and folders) in the zip.
        public var maximumEntries: Int
        /// Bytes of all files once unpacked.
        public var maximumTotalBytes: Int64
        /// How many times its packed size an entry may inflate to …
        public var maximumRatio: Int64
        /// … once it is larger than this (small files of spaces or zeros are fine).
        public var ratioAllowance: Int64

        public init(maximumEntries: Int, maximumTotalBytes: Int64, maximumRatio: Int64, ratioAllowance: Int64) {
            self.maximumEntries = maximumEntries
            self.maximumTotalBytes = maximumTotalBytes
            self.maximumRatio = maximumRatio
            self.ratioAllowance = ratioAllowance
        }

        /// Pasan's defaults: 10,000 entries, 256 MiB unpacked, an entry at most 200 times its packed
        /// size once over 1 MiB. LSB's whole repository is 201 entries and 12 MB, its most packed
        /// file (the DSD) 22 times its packed size; deflate's best is about 1,000 times, which only
        /// runs of one byte reach.
        public static let pasanDefault = Limits(
            maximumEntries: 10_000,
            maximumTotalBytes: 256 * 1024 * 1024,
            maximumRatio: 200,
            ratioAllowance: 1024 * 1024
        )
    }

    /// What was unpacked.
    public struct Extracted: Sendable {
        /// The fresh temporary directory the zip was unpacked into (removed by `remove()`).
        public let directory: URL
        /// The files written, as paths relative to `directory`, in the zip's order.
        public let files: [String]
        /// The single folder every entry is inside, when there is one (GitHub's `repo-main/`).
        public let topFolder: String?

        /// The folder holding `marker` (`config_data.yml`): the top of the zip, or its single top
        /// folder; `nil` when neither holds it.
        public func root(containing marker: String) -> URL? {
            let fileManager = FileManager.default
            if fileManager.fileExists(atPath: directory.appendingPathComponent(marker).path) { return directory }
            if let topFolder {
                let folder = directory.appendingPathComponent(topFolder, isDirectory: true)
                if fileManager.fileExists(atPath: folder.appendingPathComponent(marker).path) { return folder }
            }
            return nil
        }

        /// Removes everything that was unpacked.
        public func remove() {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Unpacks `data`, a zip the user gave as `file`, into a new directory inside `parent`.
    /// Throws `ExchangeProblems` (nothing left behind) when the zip is refused.
    public static func extract(
        _ data: Data,
        file: String,
        limits: Limits = .pasanDefault,
        into parent: URL = FileManager.default.temporaryDirectory
    ) throws -> Extracted {
        let reader: ZipReader
        do { reader = try ZipReader(data) } catch {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("imports_web.zip.unreadable"))])
        }
        return try extract(reader, file: file, limits: limits, into: parent)
    }

    /// A zip of `data` read through a file rather than from memory. ZIPFoundation's in-memory
    /// archive traps — ending the process — when an offset in the zip points past the end of the
    /// data (its read callback computes a negative length); read from a file, the same read comes
    /// back short and the archive throws. Found by the XLSX fuzzing harness (Fuzz/,
    /// docs/operations/fuzzing.md). The file (owner-only) is removed as soon as it is open: its
    /// bytes stay readable until the archive is gone, and nothing is left behind.
    static func archive(reading data: Data) throws -> Archive {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-zip-\(UUID().uuidString).zip")
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: url) }
        return try Archive(url: url, accessMode: .read)
    }

    /// Unpacks the zip at `url` (named `file` for the user) into a new directory inside `parent`.
    public static func extract(
        contentsOf url: URL,
        file: String,
        limits: Limits = .pasanDefault,
        into parent: URL = FileManager.default.temporaryDirectory
    ) throws -> Extracted {
        let reader: ZipReader
        do { reader = try ZipReader(Data(contentsOf: url, options: .alwaysMapped)) } catch {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("imports_web.zip.unreadable"))])
        }
        return try extract(reader, file: file, limits: limits, into: parent)
    }

    /// An entry that passed the checks: where it goes and what it is.
    struct Planned {
        var entry: Entry
        var item: ZipLayout.Item
        /// Relative path, `/`-separated, without empty or `.` components.
        var path: String
        var isDirectory: Bool
    }

    static func extract(_ reader: ZipReader, file: String, limits: Limits, into parent: URL) throws -> Extracted {
        let plan = try check(reader, file: file, limits: limits)
        let directory = parent.appendingPathComponent("pasan-unzip-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        } catch {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("imports_web.zip.unwritable"))])
        }
        do {
            let files = try write(plan, from: reader, file: file, limits: limits, to: directory)
            let tops = Set(plan.map { String($0.path.split(separator: "/").first ?? "") })
            let topIsFolder = tops.count == 1 && plan.contains { $0.path.contains("/") || $0.isDirectory }
            return Extracted(directory: directory, files: files, topFolder: topIsFolder ? tops.first : nil)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Every entry checked before anything is written: count, type, path, duplicates and the
    /// sizes the zip declares. All problems are collected.
    static func check(_ reader: ZipReader, file: String, limits: Limits) throws -> [Planned] {
        var problems: [ExchangeProblem] = []
        var plan: [Planned] = []
        var seen: Set<String> = []
        var declared: Int64 = 0
        var count = 0
        for (entry, item) in reader.entries {
            count += 1
            guard count <= limits.maximumEntries else {
                throw ExchangeProblems([
                    ExchangeProblem(
                        file: file,
                        found: String(count),
                        expected: Message("imports_web.zip.tooManyEntries", ["count": .number(limits.maximumEntries)])
                    )
                ])
            }
            let rawPath = entry.path
            func refuse(_ expected: Message) {
                problems.append(ExchangeProblem(file: file, location: rawPath, expected: expected))
            }
            if entry.type == .symlink {
                refuse(Message("imports_web.zip.link"))
                continue
            }
            guard let path = safePath(rawPath, refuse: refuse) else { continue }
            guard seen.insert(path).inserted else {
                refuse(Message("imports_web.zip.duplicate"))
                continue
            }
            let isDirectory = entry.type == .directory
            if !isDirectory {
                let size = Int64(clamping: entry.uncompressedSize)
                declared = declared.addingReportingOverflow(size).overflow ? .max : declared + size
                if size > limits.ratioAllowance, size / max(Int64(clamping: entry.compressedSize), 1) > limits.maximumRatio {
                    refuse(Message("imports_web.zip.ratio", ["ratio": .number(Int(limits.maximumRatio))]))
                    continue
                }
            }
            plan.append(Planned(entry: entry, item: item, path: path, isDirectory: isDirectory))
        }
        if declared > limits.maximumTotalBytes {
            problems.append(
                ExchangeProblem(
                    file: file,
                    found: megabytes(declared),
                    expected: Message("imports_web.zip.tooLarge", ["megabytes": .text(megabytes(limits.maximumTotalBytes))])
                )
            )
        }
        if problems.isEmpty && !plan.contains(where: { !$0.isDirectory }) {
            problems.append(ExchangeProblem(file: file, expected: Message("imports_web.zip.empty")))
        }
        guard problems.isEmpty else { throw ExchangeProblems(problems) }
        return plan
    }

    /// The entry's path made relative and `/`-separated, or `nil` (with the reason given to
    /// `refuse`) when it is absolute, climbs out with `..`, uses backslashes or control
    /// characters, or has a name too long for a file system.
    static func safePath(_ raw: String, refuse: (Message) -> Void) -> String? {
        if raw.isEmpty || raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            refuse(Message("imports_web.zip.name"))
            return nil
        }
        if raw.contains("\\") {
            refuse(Message("imports_web.zip.backslash"))
            return nil
        }
        let first = raw.split(separator: "/", omittingEmptySubsequences: false).first ?? ""
        if raw.hasPrefix("/") || raw.hasPrefix("~") || (first.count == 2 && first.hasSuffix(":")) {
            refuse(Message("imports_web.zip.absolute"))
            return nil
        }
        let components = raw.split(separator: "/").filter { $0 != "." }
        if components.contains("..") {
            refuse(Message("imports_web.zip.parent"))
            return nil
        }
        if components.isEmpty || components.contains(where: { $0.utf8.count > 255 }) || raw.utf8.count > 1024 {
            refuse(Message("imports_web.zip.name"))
            return nil
        }
        return components.joined(separator: "/")
    }

    /// Writes the planned entries under `directory`, counting the bytes as they inflate.
    static func write(_ plan: [Planned], from reader: ZipReader, file: String, limits: Limits, to directory: URL) throws -> [String] {
        let fileManager = FileManager.default
        let base = directory.standardizedFileURL.path + "/"
        var total: Int64 = 0
        var files: [String] = []
        for item in plan {
            let target = directory.appendingPathComponent(item.path, isDirectory: item.isDirectory).standardizedFileURL
            func problem(_ expected: Message, found: String? = nil) -> ExchangeProblems {
                ExchangeProblems([ExchangeProblem(file: file, location: item.path, found: found, expected: expected)])
            }
            // The checked path cannot leave the directory; this says so again, on the resolved path.
            guard target.path.hasPrefix(base) else { throw problem(Message("imports_web.zip.outside")) }
            do {
                if item.isDirectory {
                    try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
                    continue
                }
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                // A folder written earlier never holds a link (links are refused), and the file must not exist yet.
                guard fileManager.createFile(atPath: target.path, contents: nil) else {
                    throw problem(Message("imports_web.zip.unwritable"))
                }
            } catch let problems as ExchangeProblems {
                throw problems
            } catch {
                throw problem(Message("imports_web.zip.unwritable"))
            }
            let handle: FileHandle
            do { handle = try FileHandle(forWritingTo: target) } catch { throw problem(Message("imports_web.zip.unwritable")) }
            defer { try? handle.close() }
            let checksum: CRC32
            do {
                checksum = try inflate(
                    item.item,
                    in: reader.bytes,
                    total: &total,
                    maximumTotal: limits.maximumTotalBytes,
                    maximumRatio: limits.maximumRatio,
                    ratioAllowance: limits.ratioAllowance
                ) { chunk in try handle.write(contentsOf: chunk) }
            } catch Limit.total {
                throw problem(
                    Message("imports_web.zip.tooLarge", ["megabytes": .text(megabytes(limits.maximumTotalBytes))]),
                    found: megabytes(total)
                )
            } catch Limit.ratio {
                throw problem(Message("imports_web.zip.ratio", ["ratio": .number(Int(limits.maximumRatio))]))
            } catch {
                throw problem(Message("imports_web.zip.damaged"))
            }
            guard checksum == item.entry.checksum else { throw problem(Message("imports_web.zip.damaged")) }
            files.append(item.path)
        }
        return files
    }

    enum Limit: Error {
        case total, ratio
        /// The entry's packed bytes ended before its deflate stream did.
        case truncated
        /// Neither stored nor deflated.
        case method
    }

    /// Inflates the entry at `item` of the zip `bytes`, giving each chunk to `consume`, counted
    /// while inflating (the sizes a zip declares can lie): `total` — the bytes inflated so far,
    /// carried across entries — may not pass `maximumTotal` (`Limit.total`), and the entry may not
    /// inflate to more than `maximumRatio` times its packed size once over `ratioAllowance`
    /// (`Limit.ratio`). Only the entry's own bytes are read: a deflate stream that has not ended
    /// when they run out is `Limit.truncated` (ZIPFoundation's own extraction would read on past
    /// them and, at the end of the file, loop for ever; see `ZipLayout`). Returns the checksum of
    /// what was inflated, for the caller to compare with the entry's.
    static func inflate(
        _ item: ZipLayout.Item,
        in bytes: Data,
        total: inout Int64,
        maximumTotal: Int64,
        maximumRatio: Int64,
        ratioAllowance: Int64,
        consume: (Data) throws -> Void
    ) throws -> CRC32 {
        let packed = max(Int64(item.compressedSize), 1)
        var written: Int64 = 0
        var running = total
        defer { total = running }
        func take(_ chunk: Data) throws {
            written += Int64(chunk.count)
            running += Int64(chunk.count)
            if running > maximumTotal { throw Limit.total }
            if written > ratioAllowance && written / packed > maximumRatio { throw Limit.ratio }
            try consume(chunk)
        }
        let start = bytes.startIndex + item.data.lowerBound
        let end = bytes.startIndex + item.data.upperBound
        switch item.method {
        case 0:
            var checksum: CRC32 = 0
            var at = start
            while at < end {
                let chunk = bytes[at..<min(at + defaultReadChunkSize, end)]
                checksum = chunk.crc32(checksum: checksum)
                try take(Data(chunk))
                at += chunk.count
            }
            return checksum
        case 8:
            return try Data.decompress(size: Int64(item.compressedSize), bufferSize: defaultReadChunkSize, skipCRC32: false) {
                position,
                size in
                let from = start + Int(position)
                guard from < end else { throw Limit.truncated }
                // Exactly `size` bytes, the last chunk padded with zeros: ZIPFoundation tells zlib
                // the chunk holds `size` bytes whatever its length (its own reads allocate that
                // much), and a shorter one would let zlib read past the end of the buffer. A
                // stream that ends stops before the padding; one that reads on takes the zeros as
                // input like any other bytes (the checksum decides), and the next chunk it asks
                // for is past the entry (`truncated`).
                var chunk = Data(bytes[from..<min(from + size, end)])
                if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                return chunk
            } consumer: { chunk in
                try take(chunk)
            }
        default:
            throw Limit.method
        }
    }

    /// Bytes as megabytes for a message (`256`, `0.5`).
    static func megabytes(_ bytes: Int64) -> String {
        let mb = Double(bytes) / 1_048_576
        return mb >= 10 || mb == mb.rounded() ? String(Int(mb.rounded(.up))) : String(format: "%.1f", mb)
    }
}
