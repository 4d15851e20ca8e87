import Foundation
import ZIPFoundation

/// Where each entry's packed bytes lie in a zip, read from its central directory and local file
/// headers (PKWARE APPNOTE 4.3: end of central directory, its ZIP64 form, central directory
/// headers with their ZIP64 extra field, local file headers).
///
/// ZIPFoundation lists a zip's entries but keeps these offsets to itself, and on Linux its
/// inflating loop asks the file for input until the deflate stream ends — past the entry, and at
/// the end of the file forever: an entry whose stream does not end inside the file made a reader
/// spin without end (found by the XLSX fuzzer, `Fuzz/corpus/xlsx/hang-deflate-never-ends.xlsx`).
/// With the range known, `SafeUnzip` inflates each entry from exactly its own bytes and refuses a
/// stream that has not ended when they run out.
struct ZipLayout {
    /// One entry of the central directory, in its order (the order ZIPFoundation lists them).
    struct Item: Equatable {
        /// Compression method (of the local header): 0 stored, 8 deflate.
        var method: UInt16
        var checksum: UInt32
        var compressedSize: Int
        /// Where the packed bytes are in the zip.
        var data: Range<Int>
    }

    let items: [Item]

    /// Reads the layout of `bytes`; `nil` when it is not a zip this reader can follow (which the
    /// caller refuses as damaged).
    init?(_ bytes: Data) {
        guard let items = bytes.withUnsafeBytes({ Self.items(in: $0) }) else { return nil }
        self.items = items
    }

    private static func items(in b: UnsafeRawBufferPointer) -> [Item]? {
        func u16(_ at: Int) -> Int? { at >= 0 && at + 2 <= b.count ? Int(b[at]) | Int(b[at + 1]) << 8 : nil }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(at), let hi = u16(at + 2) else { return nil }
            return lo | hi << 16
        }
        // A 64-bit count, size or offset larger than the zip itself cannot be right; refusing it here
        // also keeps every sum below from overflowing.
        func u64(_ at: Int) -> Int? {
            guard let lo = u32(at), let hi = u32(at + 4), hi < 1 << 31 else { return nil }
            let value = lo | hi << 32
            return value <= b.count ? value : nil
        }
        // The end of central directory record: the last signature within its comment's reach.
        let eocdSize = 22
        guard b.count >= eocdSize else { return nil }
        var eocd = b.count - eocdSize
        let lowest = max(0, b.count - eocdSize - 0xFFFF)
        while eocd >= lowest, u32(eocd) != 0x0605_4B50 { eocd -= 1 }
        guard eocd >= lowest, var count = u16(eocd + 10), var directory = u32(eocd + 16) else { return nil }
        // ZIP64: the locator just before the record points at the ZIP64 record.
        if count == 0xFFFF || directory == 0xFFFF_FFFF {
            guard u32(eocd - 20) == 0x0706_4B50, let record = u64(eocd - 12), u32(record) == 0x0606_4B50,
                let count64 = u64(record + 32), let directory64 = u64(record + 48)
            else { return nil }
            count = count64
            directory = directory64
        }
        var items: [Item] = []
        var at = directory
        for _ in 0..<count {
            guard u32(at) == 0x0201_4B50, let crc = u32(at + 16), var packed = u32(at + 20),
                let unpacked = u32(at + 24), let nameLength = u16(at + 28), let extraLength = u16(at + 30),
                let commentLength = u16(at + 32), var local = u32(at + 42)
            else { return nil }
            // The ZIP64 extra field holds, in this order, each size or offset the header marks 0xFFFFFFFF.
            if packed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                var field = at + 46 + nameLength
                let end = field + extraLength
                var found = false
                while field + 4 <= end, let id = u16(field), let size = u16(field + 2) {
                    if id == 0x0001 {
                        var value = field + 4
                        if unpacked == 0xFFFF_FFFF { value += 8 }
                        if packed == 0xFFFF_FFFF {
                            guard let v = u64(value) else { return nil }
                            packed = v
                            value += 8
                        }
                        if local == 0xFFFF_FFFF {
                            guard let v = u64(value) else { return nil }
                            local = v
                        }
                        found = value <= field + 4 + size
                        break
                    }
                    field += 4 + size
                }
                guard found else { return nil }
            }
            // The local header repeats the name and has its own extra field; the data follows.
            // ZIPFoundation takes the compression method from the local header; so does this.
            guard u32(local) == 0x0403_4B50, let method = u16(local + 8), let localName = u16(local + 26),
                let localExtra = u16(local + 28)
            else { return nil }
            let start = local + 30 + localName + localExtra
            guard start <= b.count, packed <= b.count - start else { return nil }
            items.append(Item(method: UInt16(method), checksum: UInt32(crc), compressedSize: packed, data: start..<(start + packed)))
            at += 46 + nameLength + extraLength + commentLength
        }
        return items
    }
}

/// A zip opened for reading: ZIPFoundation's entries, each with where its bytes lie
/// (`ZipLayout`), so that `SafeUnzip.inflate` reads an entry from its own bytes only.
final class ZipReader {
    let archive: Archive
    let bytes: Data
    /// The entries in the zip's order, each with its place.
    let entries: [(entry: Entry, item: ZipLayout.Item)]

    /// Throws when ZIPFoundation cannot open the zip, or when its listing and the layout disagree.
    init(_ data: Data) throws {
        archive = try SafeUnzip.archive(reading: data)
        bytes = data
        guard let layout = ZipLayout(data) else { throw ZipReaderError.layout }
        var entries: [(Entry, ZipLayout.Item)] = []
        for (index, entry) in archive.enumerated() {
            guard index < layout.items.count else { throw ZipReaderError.layout }
            let item = layout.items[index]
            // The same entry read twice: its packed size as the central directory gives it.
            guard entry.type != .file || UInt64(item.compressedSize) == entry.compressedSize else { throw ZipReaderError.layout }
            entries.append((entry, item))
        }
        self.entries = entries
    }

    enum ZipReaderError: Error { case layout }
}
