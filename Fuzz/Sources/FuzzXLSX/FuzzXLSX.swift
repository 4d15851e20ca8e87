import Foundation
import FuzzSupport

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>>>
) -> CInt {
    _ = Uploads.prepare()
    return 0
}

/// XLSX uploads, read as a submission's workbook (`XLSXReader` with Pasan's limits, the sheet
/// with a tidy header, `XLSXTable`, the tidy validator).
///
/// An input starting with `PK` is the uploaded file itself, so the zip layer (ZIPFoundation
/// behind `SafeUnzip`'s limits) is fuzzed. Any other input is the workbook's parts, separated by
/// NUL bytes — `xl/workbook.xml`, `xl/worksheets/sheet1.xml`, `xl/sharedStrings.xml`,
/// `xl/styles.xml`, `xl/_rels/workbook.xml.rels` (a missing one left out, the relationships
/// defaulting to Pasan's own) — packed into a zip with correct checksums by `StoredZip`: a
/// mutated entry of a real file fails its CRC-32 and never reaches the XML readers, so this is
/// how the fuzzer gets at them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let file: Data
    if size >= 2 && input[0] == 0x50 && input[1] == 0x4B {
        file = Data(input)
    } else {
        let parts = input.split(separator: 0, maxSplits: 4, omittingEmptySubsequences: false).map { Array($0) }
        let names = [
            "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels",
        ]
        var entries: [(String, [UInt8])] = [
            ("[Content_Types].xml", StoredZip.contentTypes), ("_rels/.rels", StoredZip.packageRelationships),
        ]
        for (i, name) in names.enumerated() where i < parts.count { entries.append((name, parts[i])) }
        if parts.count < 5 { entries.append(("xl/_rels/workbook.xml.rels", StoredZip.workbookRelationships)) }
        file = StoredZip.archive(entries)
    }
    _ = Uploads.submissionWorkbook(file)
    return 0
}
