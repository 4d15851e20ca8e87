import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Uploads are read by MultipartKit's parser: a boundary counts only at the start of a line
/// (RFC 2046), so a file may contain the boundary's text anywhere else.
@Suite struct MultipartFormTests {
    static func body(_ boundary: String, file: String) -> Data {
        Data(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken-1\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"values.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n").utf8
        )
    }

    @Test func readsFieldsAndFilesWhateverTheFileHolds() throws {
        let boundary = "----pasan7MA4YWxkTrZu0gW"
        let file = "SERIES,VALUE\nX,1 --\(boundary) is text here\r\nY,2\n"
        let form = try #require(
            FormData.parse(contentType: "multipart/form-data; boundary=\(boundary)", body: Self.body(boundary, file: file))
        )
        #expect(form.fields["_csrf"] == "token-1")
        #expect(form.files["file"]?.filename == "values.csv")
        #expect(form.files["file"].map { String(decoding: $0.data, as: UTF8.self) } == file)
    }

    @Test func aBrokenBodyYieldsNoFile() throws {
        let form = try #require(
            FormData.parse(
                contentType: "multipart/form-data; boundary=abc",
                body: Data("--abc\r\nContent-Disposition: form-data; name=\"file\"".utf8)
            )
        )
        #expect(form.files.isEmpty)
    }

    /// Found by the multipart fuzzer (Fuzz/corpus/multipart/crash-header-name-not-ascii):
    /// MultipartKit 4.7.1 ended the process on a header name with a byte above 0x7F. The parts
    /// before such a header are read; the part it starts and everything after it are not.
    @Test func aHeaderNameThatIsNotASCIIEndsTheFormNotTheProcess() throws {
        let boundary = "b1"
        for bad in [[0xFB], [0x80], [0xE0, 0xBA, 0x81]] as [[UInt8]] {
            var body = Data("--b1\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken-1\r\n--b1\r\n".utf8)
            let badAt = body.count + 3
            body += Data("Con".utf8) + Data(bad) + Data("tent-Type: text/csv\r\n\r\nX,1\r\n--b1--\r\n".utf8)
            #expect(MultipartHeaderGuard.firstUnsafeOffset(in: body, boundary: boundary) == badAt)
            let form = try #require(FormData.parse(contentType: "multipart/form-data; boundary=b1", body: body))
            #expect(form.fields["_csrf"] == "token-1")
            #expect(form.files.isEmpty)
        }
        // In a second header of a part, and in the first part of all.
        let second = Data("--b1\r\nContent-Type: text/plain\r\nX\u{E9}: 1\r\n\r\nx\r\n--b1--\r\n".utf8)
        #expect(MultipartHeaderGuard.firstUnsafeOffset(in: second, boundary: boundary) == 33)
        #expect(FormData.parse(contentType: "multipart/form-data; boundary=b1", body: second)?.fields.isEmpty == true)
        let reproducer = try Data(contentsOf: Self.corpus.appendingPathComponent("crash-header-name-not-ascii"))
        let newline = try #require(reproducer.firstIndex(of: 0x0A))
        let contentType = String(decoding: reproducer[..<newline], as: UTF8.self)
        #expect(FormData.parse(contentType: contentType, body: reproducer[(newline + 1)...])?.files.isEmpty == true)
    }

    /// Bytes above 0x7F where they are allowed (a value, a file's content, a Lao file name) do
    /// not stop the form.
    @Test func nonASCIIValuesAndFileNamesAreRead() throws {
        let body = Data(
            ("--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\u{0E82}\u{0EC9}\u{0ECD}\u{0EA1}\u{0EB9}\u{0E99}.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\u{0EA5}\u{0EB2}\u{0EA7},1\r\n--b1--\r\n").utf8
        )
        #expect(MultipartHeaderGuard.firstUnsafeOffset(in: body, boundary: "b1") == nil)
        let form = try #require(FormData.parse(contentType: "multipart/form-data; boundary=b1", body: body))
        #expect(form.files["file"]?.filename == "\u{0E82}\u{0EC9}\u{0ECD}\u{0EA1}\u{0EB9}\u{0E99}.csv")
        #expect(form.files["file"].map { String(decoding: $0.data, as: UTF8.self) } == "\u{0EA5}\u{0EB2}\u{0EA7},1")
    }

    /// The same body posted to the public sign-in form, where the form is read before anyone is
    /// known: refused for its missing CSRF token, and the server goes on answering.
    @Test func theCrashingBodyPostedToSignInIsRefused() async throws {
        let reproducer = try Data(contentsOf: Self.corpus.appendingPathComponent("crash-header-name-not-ascii"))
        let newline = try #require(reproducer.firstIndex(of: 0x0A))
        try await withPortal(.sqlite) { client, _ in
            let post = try await client.execute(
                uri: "/en/sign-in",
                method: .post,
                headers: [.contentType: String(decoding: reproducer[..<newline], as: UTF8.self)],
                body: ByteBuffer(bytes: reproducer[(newline + 1)...])
            )
            #expect(post.status == .forbidden)
            #expect(try await client.execute(uri: "/en/sign-in", method: .get).status == .ok)
        }
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/multipart")
}
