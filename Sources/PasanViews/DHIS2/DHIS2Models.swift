import PasanDomain
import Plot

/// A DHIS2 instance as the pages show it (never its credential).
public struct DHIS2InstanceSummary: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var baseURL: String
    public var institution: String
    /// `token` or `basic`.
    public var authKind: String
    public var username: String?
    /// `none`, `daily` or `weekly`.
    public var schedule: String
    public var nextPullAt: String?
    public var lastPull: DHIS2PullSummary?

    public init(
        id: Int64,
        name: String,
        baseURL: String,
        institution: String,
        authKind: String,
        username: String?,
        schedule: String,
        nextPullAt: String?,
        lastPull: DHIS2PullSummary?
    ) {
        self.id = id
        self.name = name
        self.baseURL = baseURL
        self.institution = institution
        self.authKind = authKind
        self.username = username
        self.schedule = schedule
        self.nextPullAt = nextPullAt
        self.lastPull = lastPull
    }
}

/// One pull in a list, and the whole of it on its own page.
public struct DHIS2PullSummary: Sendable {
    public var id: Int64
    public var at: String
    /// `manual` or `schedule`.
    public var trigger: String
    public var attempt: Int
    public var succeeded: Bool
    public var actor: String
    public var retryAt: String?
    public var report: DHIS2PullReport

    public init(
        id: Int64,
        at: String,
        trigger: String,
        attempt: Int,
        succeeded: Bool,
        actor: String,
        retryAt: String?,
        report: DHIS2PullReport
    ) {
        self.id = id
        self.at = at
        self.trigger = trigger
        self.attempt = attempt
        self.succeeded = succeeded
        self.actor = actor
        self.retryAt = retryAt
        self.report = report
    }
}

extension DHIS2PullSummary: Hashable {
    public static func == (a: DHIS2PullSummary, b: DHIS2PullSummary) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// The texts the DHIS2 pages share.
enum DHIS2Text {
    static func schedule(_ schedule: String, _ l: Lang) -> String {
        switch schedule {
        case "daily": l.t("dhis2_web.schedule.daily")
        case "weekly": l.t("dhis2_web.schedule.weekly")
        default: l.t("dhis2_web.schedule.none")
        }
    }

    static func authKind(_ kind: String, _ l: Lang) -> String {
        kind == "basic" ? l.t("dhis2_web.auth.basic") : l.t("dhis2_web.auth.token")
    }

    static func source(_ source: DHIS2ValueSource, _ l: Lang) -> String {
        switch source {
        case .analytics: l.t("dhis2_web.source.analytics")
        case .raw: l.t("dhis2_web.source.raw")
        }
    }

    static func aggregation(_ aggregation: DHIS2Aggregation, _ l: Lang) -> String {
        switch aggregation {
        case .sum: l.t("dhis2_web.aggregation.sum")
        case .average: l.t("dhis2_web.aggregation.average")
        case .last: l.t("dhis2_web.aggregation.last")
        }
    }

    /// "Pulled: 12 values written, 3 left aside" or the reason it failed.
    static func outcome(_ pull: DHIS2PullSummary, _ l: Lang) -> String {
        if let failure = pull.report.failure { return failure.message.text(in: l) }
        let written = pull.report.outcomes.filter { $0.version != nil }.map(\.cells).reduce(0, +)
        return l.t(
            "dhis2_web.pull.counts",
            [
                "fetched": .text(Fragments.count(pull.report.fetched, l)), "written": .text(Fragments.count(written, l)),
                "ignored": .text(Fragments.count(pull.report.ignoredCount, l)),
            ]
        )
    }

    /// How Pasan signs in to DHIS2: the kind, the user name and the secret (never filled in),
    /// as the registration and the credential's replacement ask for them.
    static func credentialFields(authKind: String, username: String, _ l: Lang) -> Node<HTML.FormContext> {
        .group(
            FormParts.select(
                l.t("dhis2_web.field.authKind"),
                name: "auth_kind",
                options: [("token", l.t("dhis2_web.auth.token")), ("basic", l.t("dhis2_web.auth.basic"))],
                selected: authKind
            ),
            FormParts.field(
                l.t("dhis2_web.field.username"),
                name: "username",
                value: username,
                hint: l.t("dhis2_web.field.username.hint")
            ),
            FormParts.field(
                l.t("dhis2_web.field.secret"),
                name: "secret",
                type: "password",
                required: true,
                hint: l.t("dhis2_web.field.secret.hint")
            )
        )
    }

    /// "Pull 7", or "Push 8" for a data value set DHIS2 pushed.
    static func number(_ pull: DHIS2PullSummary, _ l: Lang) -> String {
        pull.trigger == "push"
            ? l.t("dhis2_web.push.number", ["id": .text(String(pull.id))])
            : l.t("dhis2_web.pull.number", ["id": .text(String(pull.id))])
    }

    static func trigger(_ pull: DHIS2PullSummary, _ l: Lang) -> String {
        pull.trigger == "schedule"
            ? l.t("dhis2_web.trigger.schedule", ["attempt": .number(pull.attempt)])
            : l.t("dhis2_web.trigger.manual", ["actor": .text(pull.actor)])
    }
}
