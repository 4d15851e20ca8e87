import Foundation
import PasanDomain

/// Reads the glossary of SDG terms shipped in `Resources/pasan/glossary.csv` (English term, the
/// Lao word translators are asked to use, and where it comes from).
public enum GlossaryLoader {
    public static func bundled() throws(DataFileIssues) -> Glossary {
        try load(Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("pasan/glossary.csv"))
    }

    public static func load(_ url: URL) throws(DataFileIssues) -> Glossary {
        let path = "pasan/glossary.csv"
        var terms: [GlossaryTerm] = []
        do {
            let table = try CSVTable(contentsOf: url, file: path)
            try table.requireColumns(["english", "lao", "source"])
            let issues = table.rows { row in
                let english = row.required("english")
                let lao = row.required("lao")
                let source = row.required("source")
                if !english.isEmpty, !lao.isEmpty { terms.append(GlossaryTerm(english: english, lao: lao, note: source)) }
            }
            if !issues.isEmpty { throw DataFileIssues(issues) }
        } catch let issue as DataFileIssue {
            throw DataFileIssues([issue])
        } catch let issues as DataFileIssues {
            throw issues
        } catch {
            throw DataFileIssues([DataFileIssue(file: path, line: nil, column: nil, message: "\(error)")])
        }
        return Glossary(terms: terms)
    }
}
