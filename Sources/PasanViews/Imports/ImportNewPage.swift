import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/imports/new`: the two uploads — an Open SDG data repository as a zip, an SDMX
/// data message with the data structure it is checked against. Uploading publishes nothing: the
/// values wait as a batch. A refused file comes back here with every problem (file, line, where,
/// what was found, what was expected), and nothing was written.
public struct ImportNewPage: Sendable {
    /// Which of the two forms.
    public enum Kind: String, Sendable, Hashable {
        case openSDG = "open-sdg"
        case sdmx
    }

    /// A data structure the SDMX form offers: its form value and its label.
    public struct Structure: Sendable, Hashable {
        public var id: String
        public var label: Message
        public init(id: String, label: Message) {
            self.id = id
            self.label = label
        }
    }

    /// What was refused, and from which form.
    public struct Refusal: Sendable {
        public var kind: Kind
        /// The file as the user named it.
        public var fileName: String
        public var problems: [ImportRefusal]
        public init(kind: Kind, fileName: String, problems: [ImportRefusal]) {
            self.kind = kind
            self.fileName = fileName
            self.problems = problems
        }
    }

    /// Pasan's limits, for the page to say them.
    public struct Limits: Sendable, Hashable {
        public var uploadMegabytes: Int
        public var zipEntries: Int
        public var unpackedMegabytes: Int
        public init(uploadMegabytes: Int, zipEntries: Int, unpackedMegabytes: Int) {
            self.uploadMegabytes = uploadMegabytes
            self.zipEntries = zipEntries
            self.unpackedMegabytes = unpackedMegabytes
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var structures: [Structure]
    /// The structure chosen (the first offered by default).
    public var structure: String?
    public var limits: Limits
    public var refusal: Refusal?
    /// The name typed into the form that was refused.
    public var name: String

    /// How many problems the page lists (the rest are counted).
    static let shown = 200

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        structures: [Structure],
        structure: String? = nil,
        limits: Limits,
        refusal: Refusal? = nil,
        name: String = ""
    ) {
        self.language = language
        self.session = session
        self.structures = structures
        self.structure = structure
        self.limits = limits
        self.refusal = refusal
        self.name = name
    }

    public func render() -> String {
        let l = language
        let title = l.t("imports_web.new.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .importNew)).render(
            .div(
                .class("wrap narrow"),
                .p(.a(.href(SitePath(language: l, page: .imports).path), .text(l.t("imports_web.batch.back")))),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .unwrap(refusal) { problems($0) },
                .p(.class("lead"), .text(l.t("imports_web.new.intro"))),
                .p(
                    .class("hint"),
                    .text(
                        l.t(
                            "imports_web.new.limits",
                            [
                                "upload": .number(limits.uploadMegabytes), "entries": .number(limits.zipEntries),
                                "unpacked": .number(limits.unpackedMegabytes),
                            ]
                        )
                    )
                ),
                openSDGForm,
                sdmxForm
            )
        )
    }

    private func nameField(_ kind: Kind) -> Node<HTML.FormContext> {
        let l = language
        let id = "f-name-\(kind.rawValue)"
        return .div(
            .class("field"),
            .label(.for(id), .text(l.t("imports_web.new.name"))),
            FormParts.input([
                ("type", "text"), ("name", "name"), ("id", id), ("maxlength", "100"),
                ("value", refusal?.kind == kind ? name : ""),
            ]),
            .small(.class("hint"), .text(l.t("imports_web.new.nameHint")))
        )
    }

    private var openSDGForm: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("imports_web.new.openSDG.heading"))),
            .p(.text(l.t("imports_web.new.openSDG.help"))),
            .form(
                .method(.post),
                .action(SitePath(language: l, page: .importOpenSDG).path),
                .enctype(.multipartData),
                .class("stack"),
                FormParts.csrf(session.csrfToken),
                .div(
                    .class("field"),
                    .label(.for("f-zip"), .text(l.t("imports_web.new.openSDG.file"))),
                    FormParts.input([
                        ("type", "file"), ("name", "file"), ("id", "f-zip"), ("accept", ".zip,application/zip"), ("required", "required"),
                    ])
                ),
                nameField(.openSDG),
                FormParts.submit(l.t("imports_web.new.openSDG.submit"))
            )
        )
    }

    private var sdmxForm: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("imports_web.new.sdmx.heading"))),
            .p(.text(l.t("imports_web.new.sdmx.help"))),
            .form(
                .method(.post),
                .action(SitePath(language: l, page: .importSDMX).path),
                .enctype(.multipartData),
                .class("stack"),
                FormParts.csrf(session.csrfToken),
                .div(
                    .class("field"),
                    .label(.for("f-sdmx"), .text(l.t("imports_web.new.sdmx.file"))),
                    FormParts.input([
                        ("type", "file"), ("name", "file"), ("id", "f-sdmx"), ("accept", ".xml,.csv,application/xml,text/xml,text/csv"),
                        ("required", "required"),
                    ])
                ),
                FormParts.select(
                    l.t("imports_web.new.sdmx.structure"),
                    name: "dsd",
                    options: structures.map { ($0.id, $0.label.text(in: l)) },
                    selected: structure ?? structures.first?.id
                ),
                nameField(.sdmx),
                FormParts.submit(l.t("imports_web.new.sdmx.submit"))
            )
        )
    }

    private func problems(_ refusal: Refusal) -> BodyNode {
        let l = language
        let list = refusal.problems
        return FormParts.refusal(
            heading: l.t("imports_web.problems.heading", ["file": .text(refusal.fileName)]),
            intro: l.t("imports_web.problems.intro", count: list.count),
            columns: [
                l.t("imports_web.column.place"), l.t("imports_web.column.location"), l.t("imports_web.column.found"),
                l.t("imports_web.column.expected"),
            ],
            rows: list.prefix(Self.shown).map { ImportBatchPage.refusalRow($0, l) },
            more: list.count > Self.shown ? l.t("imports_web.problems.more", count: list.count - Self.shown) : nil
        )
    }
}
