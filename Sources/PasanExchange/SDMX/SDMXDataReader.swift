import Foundation
import PasanDomain

/// Reads an SDMX data message in any of the formats Pasan accepts, telling them apart by their
/// first bytes: an XML document (SDMX-ML 2.1 structure-specific or generic, by its root element)
/// or an SDMX-CSV file (1.0 or 2.0, by its header).
public enum SDMXDataReader {
    public static func read(_ data: Data, file: String, structure: DataStructure? = nil) throws -> SDMXDataMessage {
        if looksLikeXML(data) {
            return try SDMXMLDataReader.read(data, file: file, structure: structure)
        }
        return try SDMXCSVReader.read(data, file: file, structure: structure)
    }

    /// Reads a file from disk; `file` names it in problems (its last path component by default).
    public static func read(contentsOf url: URL, file: String? = nil, structure: DataStructure? = nil) throws -> SDMXDataMessage {
        let name = file ?? url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ExchangeProblems([ExchangeProblem(file: name, expected: Message("exchange.file.unreadable"))])
        }
        return try read(data, file: name, structure: structure)
    }

    /// Whether the first character after a byte-order mark and white space is `<`.
    static func looksLikeXML(_ data: Data) -> Bool {
        var bytes = data.prefix(4096)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        for byte in bytes {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case 0x3C: return true
            default: return false
            }
        }
        return false
    }
}
