import Foundation

/// A peer tool that failed: what was run, and both its outputs.
public struct PeerToolFailure: Error, CustomStringConvertible {
    public var description: String
}

/// The independent tools the tests hand Pasan's files to, when the machine has them
/// (`scripts/test` sets them up): a python with openpyxl and python-docx, LibreOffice.
public enum PeerTools {
    /// The repository's root (for `tests/exchange/…`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `PASAN_TEST_PYTHON`: a python with the exchange peers (tests/exchange/requirements-*.txt).
    public static var python: String? {
        let value = ProcessInfo.processInfo.environment["PASAN_TEST_PYTHON"] ?? ""
        return value.isEmpty ? nil : value
    }

    /// LibreOffice's `soffice`: `PASAN_TEST_SOFFICE`, or the first on `PATH`.
    public static var soffice: String? {
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["PASAN_TEST_SOFFICE"], !value.isEmpty { return value }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/soffice"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a program; its standard output, or `PeerToolFailure` with both outputs.
    public static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-peer-run-\(UUID().uuidString)")
        let output = base.appendingPathExtension("out"), errors = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let out = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        let err = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw PeerToolFailure(description: "\(program) \(arguments.joined(separator: " ")) failed:\n\(out)\n\(err)")
        }
        return out
    }

    /// A fresh temporary folder.
    public static func folder(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
