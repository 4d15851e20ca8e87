import Foundation
import ZIPFoundation

/// A zip archive built in memory with ZIPFoundation: entries deflate-compressed, dated (the
/// moment given, e.g. when the download was made), UTF-8 names, zip64 where sizes need it.
/// Used by the open-data download of tidy CSV files.
struct ZipArchive {
    private let archive: Archive
    let modified: Date

    init(modified: Date = Date()) throws {
        archive = try Archive(data: Data(), accessMode: .create)
        self.modified = modified
    }

    func add(_ name: String, _ content: Data) throws {
        try archive.addEntry(
            with: name,
            type: .file,
            uncompressedSize: Int64(content.count),
            modificationDate: modified,
            compressionMethod: .deflate,
            provider: { position, size in content.subdata(in: Int(position)..<Int(position) + size) }
        )
    }

    func finished() -> Data {
        archive.data ?? Data()
    }
}
