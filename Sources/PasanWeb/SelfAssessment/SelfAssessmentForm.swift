import PasanDomain
import PasanMessages

/// A respondent's answers as `SelfAssessmentFormPage` sends them: per item `rating.<code>`
/// (`na`, or a whole number), `evidence.<code>` (one web address per line) and `plan.<code>`.
/// The rules (every item answered, the scale, the addresses) are `SelfAssessment.problems`'.
struct SelfAssessmentForm: Sendable, Hashable {
    var answers: [SelfAssessmentAnswer]

    /// The fields as sent, to show them again after a refusal.
    static func echo(_ form: FormData, _ questionnaire: Questionnaire) -> [String: String] {
        var fields: [String: String] = [:]
        for item in questionnaire.items {
            for name in ["rating.\(item.code)", "evidence.\(item.code)", "plan.\(item.code)"] { fields[name] = form[name] ?? "" }
        }
        return fields
    }

    static func decode(_ form: FormData, _ questionnaire: Questionnaire) -> Result<SelfAssessmentForm, FormProblems> {
        var reader = FormReader(form)
        var answers: [SelfAssessmentAnswer] = []
        for item in questionnaire.items {
            guard let rating = reader.optional("rating.\(item.code)") else { continue }  // unanswered: the rules say so
            let value: Int?
            if rating == "na" {
                value = nil
            } else if let number = Int(rating) {
                value = number
            } else {
                reader.refuse(Message("governance.problem.ratingNotANumber", ["item": .text(item.code), "value": .text(rating)]))
                continue
            }
            answers.append(
                SelfAssessmentAnswer(
                    item: item.code,
                    rating: value,
                    evidence: (reader.optional("evidence.\(item.code)") ?? "").split(whereSeparator: \.isNewline).map(String.init),
                    plan: reader.optional("plan.\(item.code)") ?? ""
                )
            )
        }
        for problem in SelfAssessment.problems(answers, in: questionnaire) { reader.refuse(problem) }
        return reader.result(SelfAssessmentForm(answers: answers))
    }
}
