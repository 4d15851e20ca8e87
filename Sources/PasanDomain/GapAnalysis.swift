/// Finds the coordination gaps the Secretariat must close: indicators without an owner or a
/// reporter, duplicate owners of the same data, institutions without focal points, collection
/// calendars that cannot meet the reporting deadline, and plan indicators whose owner differs
/// from the linked SDG indicator's. The legal basis of assignments is `LegalBasisAnalysis`'s.
public enum GapAnalysis {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case noOwner = "no-owner"
        case noReporter = "no-reporter"
        case duplicateOwners = "duplicate-owners"
        case noFocalPoint = "no-focal-point"
        case vacantAlternate = "vacant-alternate"
        case calendarMismatch = "calendar-mismatch"
        case planOwnerMismatch = "plan-owner-mismatch"
        case noLegalBasis = "no-legal-basis"
        case unregisteredLegalBasis = "unregistered-legal-basis"
        case expiredLegalBasis = "expired-legal-basis"
    }

    public struct Finding: Sendable, Hashable {
        public var kind: Kind
        /// The indicator, or the institution, the finding is about.
        public var subject: String
        public var institutions: [String]
        public var detail: Message
    }

    /// The date by which owners typically must deliver for the national annual review; a
    /// collection that delivers later cannot feed that year's report. Configurable per cycle
    /// once cycles exist.
    public static let typicalOwnerDeadline = DayOfYear(month: 9, day: 30)!

    public struct Input: Sendable {
        public var indicators: [Indicator]
        public var assignments: [Assignment]
        public var institutions: [Institution]
        public var focalPoints: [FocalPointTerm]
        public var planIndicatorOwners: [String: String]
        public var planLinks: [PlanIndicatorLink]
        public var today: LocalDate
        public var ownerDeadline: DayOfYear

        public init(
            indicators: [Indicator],
            assignments: [Assignment],
            institutions: [Institution],
            focalPoints: [FocalPointTerm],
            planIndicatorOwners: [String: String],
            planLinks: [PlanIndicatorLink],
            today: LocalDate,
            ownerDeadline: DayOfYear = GapAnalysis.typicalOwnerDeadline
        ) {
            self.indicators = indicators
            self.assignments = assignments
            self.institutions = institutions
            self.focalPoints = focalPoints
            self.planIndicatorOwners = planIndicatorOwners
            self.planLinks = planLinks
            self.today = today
            self.ownerDeadline = ownerDeadline
        }
    }

    public static func findings(_ input: Input) -> [Finding] {
        let current = input.assignments.filter { $0.isCurrent(on: input.today) }
        let byIndicator = Dictionary(grouping: current, by: \.indicator)
        var findings: [Finding] = []
        for indicator in input.indicators where !indicator.isRetired {
            let assignments = byIndicator[indicator.code] ?? []
            if !assignments.contains(where: { !$0.owners.isEmpty }) {
                findings.append(
                    Finding(
                        kind: .noOwner,
                        subject: indicator.code,
                        institutions: [],
                        detail: Message("domain.gap.noOwner", ["indicator": .text(indicator.code)])
                    )
                )
            }
            if !assignments.contains(where: { $0.reporter != nil }) {
                findings.append(
                    Finding(
                        kind: .noReporter,
                        subject: indicator.code,
                        institutions: [],
                        detail: Message("domain.gap.noReporter", ["indicator": .text(indicator.code)])
                    )
                )
            }
        }
        // Two owners of the same data: within one assignment, or across assignments of one scope.
        for (scope, group) in Dictionary(grouping: current, by: \.scopeKey).sorted(by: { $0.key < $1.key }) {
            let owners = Array(Set(group.flatMap(\.owners))).sorted()
            if owners.count > 1 {
                let indicator = group[0].indicator
                findings.append(
                    Finding(
                        kind: .duplicateOwners,
                        subject: indicator,
                        institutions: owners,
                        detail: Message(
                            "domain.gap.duplicateOwners",
                            ["owners": .message(andList(owners)), "scope": .text(scope.replacingOccurrences(of: "|", with: ", "))]
                        )
                    )
                )
            }
        }
        // Focal points: every institution that owns or reports needs a primary and an alternate.
        let held = input.focalPoints.filter { $0.isHeld(on: input.today) }
        var roles: [(String, FocalPointRole)] = []
        for a in current {
            for owner in a.owners { roles.append((owner, .owner)) }
            if let r = a.reporter { roles.append((r, .reporter)) }
        }
        let needed = Set(roles.map { "\($0.0)|\($0.1.rawValue)" }).sorted()
        for key in needed {
            let parts = key.split(separator: "|")
            let institution = String(parts[0])
            let role = FocalPointRole(rawValue: String(parts[1]))!
            let terms = held.filter { $0.institution == institution && $0.role == role }
            if !terms.contains(where: { $0.position == .primary }) {
                findings.append(
                    Finding(
                        kind: .noFocalPoint,
                        subject: institution,
                        institutions: [institution],
                        detail: Message(
                            "domain.gap.noPrimaryFocalPoint",
                            ["institution": .text(institution), "role": .text(role.rawValue)]
                        )
                    )
                )
            }
            if !terms.contains(where: { $0.position == .alternate }) {
                findings.append(
                    Finding(
                        kind: .vacantAlternate,
                        subject: institution,
                        institutions: [institution],
                        detail: Message(
                            "domain.gap.noAlternateFocalPoint",
                            ["institution": .text(institution), "role": .text(role.rawValue)]
                        )
                    )
                )
            }
        }
        // Collection calendars that deliver after the owner deadline.
        for a in current {
            guard let due = a.collectionDue, input.ownerDeadline < due else { continue }
            findings.append(
                Finding(
                    kind: .calendarMismatch,
                    subject: a.indicator,
                    institutions: a.owners,
                    detail: Message(
                        "domain.gap.calendarMismatch",
                        [
                            "indicator": .text(a.indicator), "due": .message(due.message),
                            "source": a.sourceName.map { .text($0) } ?? .message(Message("domain.gap.collection")),
                            "deadline": .message(input.ownerDeadline.message),
                        ]
                    )
                )
            )
        }
        // Plan indicators owned by someone else than the SDG indicator they are linked to. A proxy
        // is a different figure, measured by whoever measures it: its owner may differ.
        for link in input.planLinks where link.relation != .proxy {
            guard let planOwner = input.planIndicatorOwners["\(link.plan)/\(link.planIndicator)"] else { continue }
            let sdgOwners = Set((byIndicator[link.sdgIndicator] ?? []).flatMap(\.owners))
            guard !sdgOwners.isEmpty, !sdgOwners.contains(planOwner) else { continue }
            findings.append(
                Finding(
                    kind: .planOwnerMismatch,
                    subject: link.sdgIndicator,
                    institutions: [planOwner] + sdgOwners.sorted(),
                    detail: Message(
                        "domain.gap.planOwnerMismatch",
                        [
                            "planIndicator": .text(link.planIndicator), "planOwner": .text(planOwner),
                            "sdgIndicator": .text(link.sdgIndicator),
                            "sdgOwners": .text(sdgOwners.sorted().joined(separator: ", ")),
                        ]
                    )
                )
            )
        }
        return findings
    }

    /// "A and B and C", in the reader's language.
    static func andList(_ items: [String]) -> Message {
        guard items.count > 1 else { return Message("domain.list.one", ["item": .text(items.first ?? "")]) }
        return Message("domain.list.and", ["first": .text(items[0]), "rest": .message(andList(Array(items.dropFirst())))])
    }
}
