import PasanDomain
import PasanMessages
import PasanStorage

/// The chain set-up form (`/admin/chains/new`): owner, titles, year, indicator and series, scope,
/// up to three levels with deadlines, and the fields one per line:
/// `form code; form title (en); form title (lo); field code; field title (en); field title (lo); aggregation`
/// where aggregation is `sum`, `max` or `weighted:<field code>`.
enum ChainSetupForm {
    static func decode(_ form: FormData) -> Result<ReportingChain, ChainFormProblems> {
        var problems: [Message] = []
        let value = { (name: String) in (form.value(name) ?? "").trimmingSpaces }
        let owner = value("owner")
        if owner.isEmpty { problems.append(Message("chains.error.owner")) }
        let titleEn = value("title_en")
        if titleEn.isEmpty { problems.append(Message("chains.error.title")) }
        let year = Int(value("year"))
        if year == nil { problems.append(Message("chains.error.year")) }
        var levels: [ChainLevel] = []
        for n in 1...3 {
            let level = value("level\(n)")
            guard !level.isEmpty else { continue }
            guard let areaLevel = AreaLevel(rawValue: level), let deadline = LocalDate(iso: value("deadline\(n)")) else {
                problems.append(Message("chains.error.level", ["n": .text(String(n))]))
                continue
            }
            levels.append(ChainLevel(level: areaLevel, deadline: deadline))
        }
        var forms: [ChainForm] = []
        for (index, line) in value("fields").split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: ";", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            guard parts.count == 7, !parts[0].isEmpty, !parts[3].isEmpty, !parts[4].isEmpty,
                let aggregation = ChainAggregation(code: parts[6].isEmpty ? "sum" : parts[6])
            else {
                problems.append(Message("chains.error.fieldLine", ["line": .text(String(index + 1))]))
                continue
            }
            let field = ChainField(code: parts[3], title: text(parts[4], parts[5]), aggregation: aggregation)
            if let i = forms.firstIndex(where: { $0.code == parts[0] }) {
                forms[i].fields.append(field)
            } else {
                forms.append(ChainForm(code: parts[0], title: text(parts[1].isEmpty ? parts[0] : parts[1], parts[2]), fields: [field]))
            }
        }
        let scope = value("scope")
        let chain = ReportingChain(
            owner: owner,
            title: text(titleEn, value("title_lo")),
            year: year ?? 0,
            indicator: value("indicator").isEmpty ? nil : value("indicator"),
            series: value("series").isEmpty ? nil : value("series"),
            forms: forms,
            levels: levels,
            scope: scope.isEmpty ? nil : scope
        )
        if problems.isEmpty, ChainRepository.check(chain) != nil { problems.append(Message("chains.error.setUp")) }
        return problems.isEmpty ? .success(chain) : .failure(ChainFormProblems(messages: problems))
    }

    static func text(_ en: String, _ lo: String) -> LocalizedText {
        LocalizedText(en: en, lo: lo.isEmpty ? nil : lo, loStatus: lo.isEmpty ? .machine : .unreviewed)
    }

    /// A unit's typed values: `v-<field>` fields, empty left out; a text that is not a number is
    /// a problem naming the field.
    static func values(_ form: FormData, fields: [ChainField]) -> Result<ChainFormValues, ChainFormProblems> {
        var values: ChainFormValues = [:]
        var problems: [Message] = []
        for field in fields {
            let text = (form.value("v-\(field.code)") ?? "").trimmingSpaces.replacingOccurrences(of: ",", with: "")
            guard !text.isEmpty else { continue }
            guard let number = Double(text), number.isFinite else {
                problems.append(Message("chains.error.number", ["field": .text(field.code)]))
                continue
            }
            values[field.code] = number
        }
        return problems.isEmpty ? .success(values) : .failure(ChainFormProblems(messages: problems))
    }

    /// What a storage refusal says to a person.
    static func message(_ problem: ChainProblem) -> Message {
        switch problem {
        case .unknownChain: Message("chains.error.unknownChain")
        case .notAUnit(let area): Message("chains.error.notAUnit", ["area": .text(area)])
        case .unknownForm(let form): Message("chains.error.unknownForm", ["form": .text(form)])
        case .unknownField(let field): Message("chains.error.unknownField", ["field": .text(field)])
        case .compiledLevel: Message("chains.error.compiledLevel")
        case .refused(.commentRequired): Message("chains.error.commentRequired")
        case .refused(.notAllowedFor): Message("chains.error.notYours")
        case .refused(.wrongState): Message("chains.error.wrongState")
        case .invalidSetUp: Message("chains.error.setUp")
        }
    }
}

/// The problems of a refused chain form.
struct ChainFormProblems: Error {
    var messages: [Message]
}
