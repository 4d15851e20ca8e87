/// The roles-and-responsibilities handbook of one institution: what it owns, reports and
/// contributes, exactly what it must deliver, to whom, by when, in which format and on what
/// basis, and who its focal points are. Generated from the assignments, so it never goes stale.
public struct Handbook: Sendable {
    public enum Part: String, Sendable, Hashable, CaseIterable {
        case owns, reports, contributes
    }

    public struct Duty: Sendable, Hashable {
        public var part: Part
        public var assignment: Assignment
        public var indicator: Indicator
        public var units: [String]
        /// Institution the data go to (the reporter); `nil` = the National SDG Secretariat.
        public var deliverTo: String?
        public var due: DayOfYear
    }

    public var institution: Institution
    public var duties: [Duty]
    public var focalPoints: [FocalPointTerm]
    public var predecessors: [InstitutionSuccession]
    public var successors: [InstitutionSuccession]

    /// The institution that hosts the National SDG Secretariat.
    public static let secretariatHost = "MOFA"
    /// The format every owner delivers in.
    public static let deliveryFormat = Message("domain.handbook.deliveryFormat")

    public init(
        institution: Institution,
        catalog: FrameworkCatalog,
        assignments: [Assignment],
        focalPoints: [FocalPointTerm],
        today: LocalDate,
        ownerDeadline: DayOfYear = GapAnalysis.typicalOwnerDeadline
    ) {
        self.institution = institution
        let code = institution.code
        var duties: [Duty] = []
        for a in assignments where a.isCurrent(on: today) {
            guard let indicator = catalog.indicator(a.indicator) else { continue }
            let units = Array(
                Set(catalog.series(ofIndicator: a.indicator).filter { a.series == nil || $0.code == a.series }.compactMap(\.unit))
            ).sorted()
            if a.owners.contains(code) {
                duties.append(
                    Duty(
                        part: .owns,
                        assignment: a,
                        indicator: indicator,
                        units: units,
                        deliverTo: a.reporter == code ? nil : a.reporter,
                        due: ownerDeadline
                    )
                )
            }
            if a.reporter == code {
                duties.append(Duty(part: .reports, assignment: a, indicator: indicator, units: units, deliverTo: nil, due: ownerDeadline))
            }
            if a.contributors.contains(code) {
                duties.append(
                    Duty(
                        part: .contributes,
                        assignment: a,
                        indicator: indicator,
                        units: units,
                        deliverTo: a.owners.first,
                        due: ownerDeadline
                    )
                )
            }
        }
        self.duties = duties.sorted { a, b in
            let (pa, pb) = (Part.allCases.firstIndex(of: a.part)!, Part.allCases.firstIndex(of: b.part)!)
            if pa != pb { return pa < pb }
            return FrameworkCode.areInIncreasingOrder(a.indicator.code, b.indicator.code)
        }
        self.focalPoints = focalPoints.filter { $0.institution == code && $0.isHeld(on: today) }
            .sorted { ($0.role.rawValue, $0.position.rawValue) < ($1.role.rawValue, $1.position.rawValue) }
        self.predecessors = catalog.predecessors(of: code)
        self.successors = catalog.successors(of: code)
    }

    public func duties(_ part: Part) -> [Duty] { duties.filter { $0.part == part } }
}

/// Who reports what to whom, nationally: per institution the counts, and the flows from owners
/// to reporters to the Secretariat (drawn as a diagram on the overview page).
public struct ResponsibilityOverview: Sendable {
    public struct Row: Sendable, Hashable {
        public var institution: String
        public var owns: Int
        public var reports: Int
        public var contributes: Int
    }

    public struct Flow: Sendable, Hashable {
        public var owner: String
        public var reporter: String
        public var indicators: [String]
    }

    public var rows: [Row]
    public var flows: [Flow]

    public init(assignments: [Assignment], today: LocalDate) {
        let current = assignments.filter { $0.isCurrent(on: today) }
        var owns: [String: Set<String>] = [:], reports: [String: Set<String>] = [:], contributes: [String: Set<String>] = [:]
        var flows: [String: Set<String>] = [:]
        for a in current {
            for o in a.owners { owns[o, default: []].insert(a.indicator) }
            if let r = a.reporter { reports[r, default: []].insert(a.indicator) }
            for c in a.contributors { contributes[c, default: []].insert(a.indicator) }
            if let r = a.reporter { for o in a.owners { flows["\(o)|\(r)", default: []].insert(a.indicator) } }
        }
        let all = Set(owns.keys).union(reports.keys).union(contributes.keys)
        rows = all.sorted().map {
            Row(institution: $0, owns: owns[$0]?.count ?? 0, reports: reports[$0]?.count ?? 0, contributes: contributes[$0]?.count ?? 0)
        }
        self.flows = flows.sorted { $0.key < $1.key }.map { key, value in
            let parts = key.split(separator: "|").map(String.init)
            return Flow(owner: parts[0], reporter: parts[1], indicators: value.sorted { FrameworkCode.areInIncreasingOrder($0, $1) })
        }
    }
}
