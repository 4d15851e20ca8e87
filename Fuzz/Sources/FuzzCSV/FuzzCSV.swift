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

/// CSV uploads: the bytes as a submission's upload file (UTF-8 check, `CSVTable`, the tidy
/// validator) and as an assignment file (`CSVTable`, then `AssignmentImport` against the
/// shipped catalogue). A trap, a hang or a sanitizer report is a finding; a refused file is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = Uploads.submissionCSV(bytes)
    _ = Uploads.assignmentCSV(bytes)
    return 0
}
