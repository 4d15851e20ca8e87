import Foundation
import ZIPFoundation

/// An Open Packaging Conventions package (the zip behind `.xlsx` and `.docx`) built in memory
/// from its parts: each deflated, dated at a fixed moment so the same content gives the same bytes.
enum OPCPackage {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// The zip of `parts` (path in the package, XML text), in their order.
    static func data(_ parts: [(path: String, xml: String)]) throws -> Data? {
        let archive = try Archive(data: Data(), accessMode: .create)
        let date = Date(timeIntervalSince1970: 1_577_836_800)
        for part in parts {
            let bytes = Data(part.xml.utf8)
            try archive.addEntry(
                with: part.path,
                type: .file,
                uncompressedSize: Int64(bytes.count),
                modificationDate: date,
                compressionMethod: .deflate,
                provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        return archive.data
    }

    /// `docProps/core.xml`: the title and Pasan as the creator.
    static func coreProperties(title: String?) -> String {
        var xml = declaration
        xml += "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
        xml += " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        if let title { xml += "<dc:title>\(XMLText.escaped(title))</dc:title>" }
        xml += "<dc:creator>Pasan</dc:creator></cp:coreProperties>"
        return xml
    }

    /// `docProps/app.xml`: Pasan as the application.
    static let appProperties =
        declaration
        + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        + "<Application>Pasan</Application></Properties>"
}
