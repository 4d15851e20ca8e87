import Foundation
import PasanWeb

/// CSV uploads: the bytes as a submission's upload file (`upload.csv`: UTF-8 check, `CSVTable`,
/// the tidy validator) and as an assignment file (`assignments.csv`: `CSVTable`, then
/// `AssignmentImport` against the shipped catalogue). A trap, a hang or a sanitizer report is a
/// finding; a refused file is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = FuzzEntryPoints.submissionFile(bytes, filename: "upload.csv")
    _ = FuzzEntryPoints.assignmentFile(bytes, filename: "assignments.csv")
    return 0
}
