import Foundation
import PasanWeb

/// Submitted forms: the input's first line is the `Content-Type` header
/// (`multipart/form-data; boundary=…` or `application/x-www-form-urlencoded`), the rest the body.
/// The body is parsed as the form gate parses it (`FormData.parse`, MultipartKit for multipart),
/// then its `file` part read and validated as a submission upload.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let newline = input.firstIndex(of: 0x0A) ?? size
    let contentType = String(decoding: input[..<newline], as: UTF8.self)
    let body = Data(input[min(newline + 1, size)...])
    _ = FuzzEntryPoints.submissionBody(body, contentType: contentType)
    return 0
}
