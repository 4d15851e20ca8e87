import Foundation
import PasanDomain

/// Reads Pasan's corrections of shipped Lao texts (`Resources/pasan/lao_corrections.csv`): the
/// text as shipped, Pasan's corrected wording, and the reason. They are applied unreviewed.
public enum LaoCorrectionsLoader {
    public static func bundled() throws(DataFileIssues) -> [LaoCorrection] {
        let path = "pasan/lao_corrections.csv"
        let url = Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent(path)
        var corrections: [LaoCorrection] = []
        try CSVTable.readRows(url, file: path, columns: ["kind", "key", "lao_before", "lao_after", "basis"]) { row in
            guard let kind = row.oneOf("kind", TranslatableKind.self) else { return }
            corrections.append(
                LaoCorrection(
                    item: TranslationItem(kind: kind, key: row.required("key")),
                    laoBefore: row.required("lao_before"),
                    laoAfter: row.required("lao_after"),
                    basis: row.required("basis")
                )
            )
        }
        return corrections
    }
}
