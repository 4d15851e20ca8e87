import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanViews

/// Registering a DHIS2 instance: a name, the base URL of its Web API (http or https, without
/// credentials in it), the owner institution whose submissions receive the values, how Pasan
/// signs in (a personal access token, or a user name and password) and the schedule.
struct DHIS2RegisterForm: Sendable {
    var name: String
    var baseURL: String
    var institution: String
    var authKind: String
    var username: String?
    var secret: String
    var schedule: String

    /// The longest credential Pasan keeps, in characters.
    static let maximumSecretLength = 4_096

    static func decode(_ form: FormData, isKnownInstitution: (String) -> Bool) -> Result<DHIS2RegisterForm, FormProblems> {
        var reader = FormReader(form)
        let name = reader.required("name", else: Message("dhis2_web.form.name"))
        if let name, name.count > 100 { reader.refuse(Message("dhis2_web.form.name")) }
        let baseURL = reader.required("base_url", validURL, else: Message("dhis2_web.form.baseURL"))
        let institution = reader.required("institution", else: Message("dhis2_web.form.institution"))
        if let institution, !isKnownInstitution(institution) { reader.refuse(Message("dhis2_web.form.institution")) }
        let credential = decodeCredential(&reader)
        let schedule = reader.optional("schedule") ?? "none"
        if !["none", "daily", "weekly"].contains(schedule) { reader.refuse(Message("dhis2_web.form.schedule")) }
        guard let name, let baseURL, let institution, let credential else { return reader.result(nil) }
        return reader.result(
            DHIS2RegisterForm(
                name: name,
                baseURL: baseURL,
                institution: institution,
                authKind: credential.kind,
                username: credential.username,
                secret: credential.secret,
                schedule: schedule
            )
        )
    }

    /// The credential fields, shared with the form that replaces a credential. The secret is read
    /// as sent (not trimmed).
    static func decodeCredential(_ reader: inout FormReader) -> (kind: String, username: String?, secret: String)? {
        let kind = reader.optional("auth_kind") ?? "token"
        guard kind == "token" || kind == "basic" else {
            reader.refuse(Message("dhis2_web.form.authKind"))
            return nil
        }
        let username = reader.optional("username")
        if kind == "basic" && username == nil { reader.refuse(Message("dhis2_web.form.username")) }
        let secret = reader.verbatim("secret")
        if secret.trimmingCharacters(in: .whitespaces).isEmpty || secret.count > maximumSecretLength
            || secret.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            reader.refuse(Message("dhis2_web.form.secret", ["maximum": .number(maximumSecretLength)]))
            return nil
        }
        if kind == "basic" && username == nil { return nil }
        return (kind, kind == "basic" ? username : nil, secret)
    }

    /// An http(s) address with a host, no user or password in it, no query or fragment; the
    /// trailing slash dropped.
    static func validURL(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty, url.user == nil, url.password == nil, url.query == nil, url.fragment == nil
        else { return nil }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    var page: DHIS2InstancesPage.Form {
        var form = DHIS2InstancesPage.Form()
        form.name = name
        form.baseURL = baseURL
        form.institution = institution
        form.authKind = authKind
        form.username = username ?? ""
        form.schedule = schedule
        return form
    }
}

/// One line of a mapping, typed in the instance's page: a DHIS2 data element (or indicator)
/// and combo, where to read it, the Pasan indicator, series and breakdown it gives, how shorter
/// periods make a year, and a factor.
struct DHIS2MappingForm: Sendable {
    var mapping: DHIS2ElementMapping

    static func decode(_ form: FormData, catalog: FrameworkCatalog) -> Result<DHIS2MappingForm, FormProblems> {
        var reader = FormReader(form)
        let element = reader.required("data_element", { DHIS2UID.isValid($0) ? $0 : nil }, else: Message("dhis2_web.form.dataElement"))
        let combo = reader.optional("category_option_combo")
        if let combo, !DHIS2UID.isValid(combo) { reader.refuse(Message("dhis2_web.form.categoryOptionCombo")) }
        let source = reader.required("source", DHIS2ValueSource.init(rawValue:), else: Message("dhis2_web.form.source"))
        let indicator = reader.required("indicator", { catalog.indicator($0) != nil ? $0 : nil }, else: Message("dhis2_web.form.indicator"))
        let series = reader.optional("series")
        if let indicator, !catalog.series(ofIndicator: indicator).contains(where: { $0.code == series }) {
            reader.refuse(Message("dhis2_web.form.series", ["indicator": .text(indicator)]))
        }
        let breakdown = reader.optional("breakdown") ?? ""
        let dimensions = Self.dimensions(breakdown)
        if dimensions == nil { reader.refuse(Message("dhis2_web.form.breakdown", ["breakdown": .text(breakdown)])) }
        let aggregation = reader.required("aggregation", DHIS2Aggregation.init(rawValue:), else: Message("dhis2_web.form.aggregation"))
        let factor = reader.optional("factor").map { Double($0) } ?? 1
        if factor == nil || factor == 0 || !(factor ?? 1).isFinite { reader.refuse(Message("dhis2_web.form.factor")) }
        guard let element, let source, let indicator, let series, let dimensions, let aggregation, let factor else {
            return reader.result(nil)
        }
        return reader.result(
            DHIS2MappingForm(
                mapping: DHIS2ElementMapping(
                    dataElement: element,
                    categoryOptionCombo: combo,
                    source: source,
                    indicator: indicator,
                    series: series,
                    dimensions: dimensions,
                    aggregation: aggregation,
                    factor: factor
                )
            )
        )
    }

    /// The breakdown as Pasan's key (`TidyFormat.breakdownKey`: the rule the mapping file uses too).
    static func dimensions(_ text: String) -> String? { TidyFormat.breakdownKey(text) }

    var page: DHIS2InstancePage.MappingForm {
        var form = DHIS2InstancePage.MappingForm()
        form.dataElement = mapping.dataElement
        form.categoryOptionCombo = mapping.categoryOptionCombo ?? ""
        form.source = mapping.source.rawValue
        form.indicator = mapping.indicator
        form.series = mapping.series
        form.breakdown = mapping.dimensions
        form.aggregation = mapping.aggregation.rawValue
        form.factor = ObservationRules.format(mapping.factor)
        return form
    }
}
