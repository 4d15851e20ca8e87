import PasanDomain
import PasanMessages

/// A capacity event as the record form sends it: kind, titles, topic, dates, place, organiser,
/// trainers and materials one per line, institutions separated by commas, the focal points ticked
/// (`participant-<id>`).
struct CapacityForm: Sendable, Hashable {
    var event: CapacityEvent

    static let fieldNames = [
        "kind", "title_en", "title_lo", "topic", "starts_on", "ends_on", "place", "organiser", "trainers", "institutions", "materials",
    ]

    static func participants(_ form: FormData) -> [Int64] {
        form.fields.keys.compactMap { $0.hasPrefix("participant-") ? Int64($0.dropFirst("participant-".count)) : nil }.sorted()
    }

    /// The fields as sent, to show them again after a refusal (`participants`: "3,7").
    static func echo(_ form: FormData) -> [String: String] {
        var echo = Dictionary(uniqueKeysWithValues: fieldNames.map { ($0, form[$0] ?? "") })
        echo["participants"] = participants(form).map(String.init).joined(separator: ",")
        return echo
    }

    /// `names`: the people who may be ticked, by account; `institutions`: the codes the organiser
    /// and the institutions taking part may name.
    static func decode(_ form: FormData, names: [Int64: String], institutions: Set<String>) -> Result<CapacityForm, FormProblems> {
        var reader = FormReader(form)
        let kind = reader.required("kind", { CapacityEventKind(rawValue: $0) }, else: Message("capacity.problem.kind"))
        let startsOn = reader.required("starts_on", { LocalDate(iso: $0) }, else: Message("capacity.problem.startsOn"))
        var endsOn: LocalDate?
        if let text = reader.optional("ends_on") {
            endsOn = LocalDate(iso: text)
            if endsOn == nil { reader.refuse(Message("capacity.problem.endsOn", ["value": .text(text)])) }
        }
        func lines(_ name: String) -> [String] {
            (form[name] ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        }
        let participants = participants(form).map { id in
            CapacityEvent.Participant(userID: id, name: names[id] ?? String(id), institution: "")
        }
        for p in participants where names[p.userID] == nil {
            reader.refuse(Message("capacity.problem.participant", ["value": .text(String(p.userID))]))
        }
        let taking = (form["institutions"] ?? "").split(separator: ",").map { String($0).trimmingSpaces.uppercased() }.filter {
            !$0.isEmpty
        }
        for code in ([reader.optional("organiser")].compactMap { $0 } + taking) where !institutions.contains(code) {
            reader.refuse(Message("capacity.problem.institution", ["value": .text(code)]))
        }
        guard let kind, let startsOn else { return reader.result(nil) }
        let lao = reader.optional("title_lo")
        let event = CapacityEvent(
            kind: kind,
            title: LocalizedText(en: reader.optional("title_en") ?? "", lo: lao, loStatus: lao == nil ? .machine : .unreviewed),
            topic: reader.optional("topic") ?? "",
            startsOn: startsOn,
            endsOn: endsOn,
            place: reader.optional("place") ?? "",
            organiser: reader.optional("organiser") ?? "",
            trainers: lines("trainers"),
            institutions: taking,
            materials: lines("materials"),
            participants: participants
        )
        for problem in event.problems { reader.refuse(problem) }
        return reader.result(CapacityForm(event: event))
    }
}
