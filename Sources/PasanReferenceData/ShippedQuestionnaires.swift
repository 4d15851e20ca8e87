import Foundation
import PasanDomain

/// The self-assessment questionnaires shipped in `Resources/governance` (one JSON file per
/// questionnaire and version, `docs/governance.md`), read and checked once.
public enum ShippedQuestionnaires {
    public static var directory: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("governance")
    }

    /// The shipped questionnaires. A broken shipped file stops the program with its problem
    /// (the tests read them first).
    public static let shipped: [Questionnaire] = {
        do { return try load() } catch { fatalError("A shipped questionnaire is broken: \(error)") }
    }()

    /// The latest version of questionnaire `id`.
    public static func latest(_ id: String) -> Questionnaire? {
        shipped.filter { $0.id == id }.max { $0.version < $1.version }
    }

    /// Questionnaire `id` in `version`, as a round was opened on it.
    public static func questionnaire(_ id: String, version: Int) -> Questionnaire? {
        shipped.first { $0.id == id && $0.version == version }
    }

    /// Every questionnaire of `directory`, by id and version; a file that does not read, or whose
    /// content is inconsistent, is refused with its name and what is wrong.
    public static func load(from directory: URL = directory) throws -> [Questionnaire] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        var questionnaires: [Questionnaire] = []
        for file in files {
            let name = "governance/\(file)"
            let questionnaire: Questionnaire
            do {
                questionnaire = try JSONDecoder().decode(Questionnaire.self, from: Data(contentsOf: directory.appendingPathComponent(file)))
            } catch {
                throw DataFileIssue(file: name, line: 0, column: nil, message: "is not a questionnaire: \(error)")
            }
            if let problem = questionnaire.problems.first { throw DataFileIssue(file: name, line: 0, column: nil, message: problem) }
            if questionnaires.contains(where: { $0.id == questionnaire.id && $0.version == questionnaire.version }) {
                throw DataFileIssue(
                    file: name,
                    line: 0,
                    column: nil,
                    message: "repeats \(questionnaire.id) version \(questionnaire.version)"
                )
            }
            questionnaires.append(questionnaire)
        }
        return questionnaires
    }
}
