import Foundation
import PasanDomain
import PasanExchange
import PasanStorage

extension ExchangeImport {
    /// Imports an Open SDG data repository uploaded as a zip (the import page): the zip is
    /// unpacked by `SafeUnzip` within its limits into a fresh temporary folder, the repository is
    /// found by its `config_data.yml` (at the top or in the single top folder GitHub adds), the
    /// paths its configuration names must stay inside it, and then the same path as
    /// `pasan import open-sdg` runs (`openSDG(directory:…)`). The batch records the upload's file
    /// name. The temporary folder is removed whatever happens.
    public func openSDG(
        zip data: Data,
        fileName: String,
        name: String,
        actor: ChangeContext,
        mode: Mode,
        limits: SafeUnzip.Limits = .pasanDefault
    ) async throws -> Outcome {
        let fileManager = FileManager.default
        let workspace = fileManager.temporaryDirectory.appendingPathComponent("pasan-import-\(UUID().uuidString)", isDirectory: true)
        try fileManager.createDirectory(at: workspace, withIntermediateDirectories: false)
        defer { try? fileManager.removeItem(at: workspace) }
        let extracted: SafeUnzip.Extracted
        do {
            extracted = try SafeUnzip.extract(data, file: fileName, limits: limits, into: workspace)
        } catch let refused as ExchangeProblems {
            return .refused(refused.problems)
        }
        guard let root = extracted.root(containing: "config_data.yml") else {
            return .refused([
                ExchangeProblem(file: fileName, found: extracted.topFolder, expected: Message("imports_web.zip.noRepository"))
            ])
        }
        let problems = Self.pathsLeavingTheRepository(root)
        guard problems.isEmpty else { return .refused(problems) }
        // The batch names the file the user gave: the repository's folder takes that name.
        let named = workspace.appendingPathComponent(Self.folderName(for: fileName), isDirectory: true)
        try fileManager.moveItem(at: root, to: named)
        return try await openSDG(directory: named, name: name, actor: actor, mode: mode)
    }

    /// The paths `config_data.yml` names (`src_dir`, each input's `path_pattern`, `dsd` and
    /// `source`, the local translation sources) must be inside the repository: relative, without
    /// `..`. An uploaded repository may not make Pasan read the server's own files.
    static func pathsLeavingTheRepository(_ root: URL) -> [ExchangeProblem] {
        guard let config = try? OpenSDGConfig.read(directory: root) else { return [] }  // the reader reports a broken file
        var named: [(location: String, path: String)] = [("src_dir", config.sourceDirectory)]
        for input in config.inputs {
            for key in ["path_pattern", "dsd", "source"] {
                if let path = input.parameters[key] { named.append(("\(input.className) \(key)", path)) }
            }
        }
        named += config.translationSources.map { ("translations source", $0) }
        return named.filter { !isInside($0.path) }.map {
            ExchangeProblem(file: "config_data.yml", location: $0.location, found: $0.path, expected: Message("imports_web.zip.configPath"))
        }
    }

    /// Whether a path named in the configuration stays inside the repository (URLs are for the
    /// reader to refuse: it fetches nothing).
    static func isInside(_ path: String) -> Bool {
        if path.contains("://") { return true }
        if path.hasPrefix("/") || path.hasPrefix("~") || path.contains("\\") { return false }
        return !path.split(separator: "/").contains("..")
    }

    /// A folder name from an uploaded file's name: its last component, without separators or
    /// control characters (`upload.zip` when nothing is left).
    static func folderName(for fileName: String) -> String {
        let last = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        var trimmed = ""
        for character in cleaned {
            if trimmed.utf8.count + character.utf8.count > 200 { break }
            trimmed.append(character)
        }
        return trimmed.isEmpty || trimmed == "." || trimmed == ".." ? "upload.zip" : trimmed
    }
}
