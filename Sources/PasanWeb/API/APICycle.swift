import Foundation
import PasanDomain

struct APICycle: Codable, Sendable {
    struct Institution: Codable, Sendable {
        var institution: String
        var deadline: String
        var completeness: Double
        var timeliness: Double
        var daysLate: Int
        var returned: Int
        var indicators: [String: String]

        enum CodingKeys: String, CodingKey {
            case institution, deadline, completeness, timeliness, returned, indicators
            case daysLate = "days_late"
        }
    }

    var id: Int64
    var name: APIText
    var status: String
    var referenceYears: [Int]
    var schedule: [String: String]
    var institutions: [Institution]

    init(_ cycle: ReportingCycle, dashboard: CycleDashboard) {
        id = cycle.id ?? 0
        name = APIText(cycle.name)
        status = cycle.status.rawValue
        referenceYears = cycle.referenceYears
        let s = cycle.schedule
        schedule = [
            "request_date": s.requestDate.description, "owner_deadline": s.ownerDeadline.description,
            "reporter_deadline": s.reporterDeadline.description,
            "statistics_deadline": s.statisticsDeadline.description, "approval_deadline": s.approvalDeadline.description,
            "publication_date": s.publicationDate.description,
        ]
        institutions = dashboard.rows.map { row in
            Institution(
                institution: row.institution,
                deadline: row.deadline.description,
                completeness: row.completeness,
                timeliness: row.timeliness,
                daysLate: row.daysLate,
                returned: row.returns,
                indicators: Dictionary(
                    row.items.map { ($0.indicator, $0.state?.rawValue ?? "not-started") },
                    uniquingKeysWith: { a, _ in a }
                )
            )
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, status, schedule, institutions
        case referenceYears = "reference_years"
    }
}
