import PasanDomain
import PasanMessages

/// The form for one assignment: the same columns as a row of the assignment CSV, checked by the
/// same `AssignmentImport` rules, each faulty field named with what was found and what was
/// expected.
struct AssignmentForm: Sendable, Hashable {
    var assignment: Assignment

    static func decode(_ form: FormData, catalog: FrameworkCatalog) -> Result<AssignmentForm, FormProblems> {
        let (valid, issues) = AssignmentImport(catalog: catalog).validate([(line: 1, fields: form.fields)])
        guard let assignment = valid.first, issues.isEmpty else {
            return .failure(
                FormProblems(
                    issues.map {
                        Message(
                            "admin.assignments.form.problem",
                            ["column": .text($0.column), "value": .text($0.value), "expected": .message($0.expected)]
                        )
                    }
                )
            )
        }
        return .success(AssignmentForm(assignment: assignment))
    }
}

/// The assignment import: a CSV file or an XLSX workbook. Its rows are checked by
/// `AssignmentFile.read` and listed line by line (or cell by cell) on the page.
struct AssignmentImportForm: Sendable {
    var file: FormData.File

    static var chooseFile: Message { Message("admin.assignments.form.chooseFile") }

    static func decode(_ form: FormData) -> Result<AssignmentImportForm, FormProblems> {
        guard let file = form.files["file"] else { return .failure(FormProblems([chooseFile])) }
        return .success(AssignmentImportForm(file: file))
    }
}
