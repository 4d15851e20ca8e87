import PasanDomain
import Plot

/// Pieces of forms: every state-changing form carries the CSRF token.
enum FormParts {
    /// A refused file: the heading, how many problems, a table of the first of them (`columns`
    /// heads, one row each), and how many more there are. Nothing of the file was written.
    static func refusal(
        heading: String,
        intro: String,
        columns: [String],
        rows: [Node<HTML.TableContext>],
        more: String?
    )
        -> Node<HTML.BodyContext>
    {
        .section(
            .class("import-problems"),
            .attribute(named: "role", value: "alert"),
            .h2(.text(heading)),
            .p(.text(intro)),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(.tr(.forEach(columns) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                    .tbody(.group(rows))
                )
            ),
            .unwrap(more) { .p(.text($0)) }
        )
    }

    static func csrf(_ token: String) -> Node<HTML.FormContext> {
        input([("type", "hidden"), ("name", "_csrf"), ("value", token)])
    }

    /// An `<input>` with the given attributes (values escaped; `nil` values left out).
    static func input<C>(_ attributes: [(String, String?)]) -> Node<C> {
        .selfClosedElement(
            named: "input",
            attributes: attributes.map { Attribute<C>.attribute(named: $0.0, value: $0.1.map(Escape.attribute)) }
        )
    }

    static func field(
        _ label: String,
        name: String,
        value: String = "",
        type: String = "text",
        required: Bool = false,
        hint: String? = nil
    ) -> Node<HTML.FormContext> {
        .div(
            .class("field"),
            .label(.for("f-\(name)"), .text(label)),
            input([("type", type), ("name", name), ("id", "f-\(name)"), ("value", value), ("required", required ? "required" : nil)]),
            .unwrap(hint) { .small(.class("hint"), .text($0)) }
        )
    }

    static func select(
        _ label: String,
        name: String,
        options: [(String, String)],
        selected: String? = nil,
        hint: String? = nil
    ) -> Node<HTML.FormContext> {
        .div(
            .class("field"),
            .label(.for("f-\(name)"), .text(label)),
            .element(
                named: "select",
                nodes: [
                    .attribute(named: "name", value: name), .attribute(named: "id", value: "f-\(name)"),
                ]
                    + options.map { option in
                        .element(
                            named: "option",
                            nodes: [
                                // An empty value is sent as such (Plot drops empty attributes, and a
                                // browser would then send the option's label).
                                .attribute(named: "value", value: Escape.attribute(option.0), ignoreIfValueIsEmpty: false),
                                option.0 == selected ? .attribute(named: "selected", value: "selected") : .empty,
                                .text(option.1),
                            ]
                        )
                    }
            ),
            .unwrap(hint) { .small(.class("hint"), .text($0)) }
        )
    }

    static func submit(_ label: String) -> Node<HTML.FormContext> {
        .button(.type(.submit), .text(label))
    }

    /// A one-button form (sign out, revoke…).
    static func button(
        _ label: String,
        action: String,
        csrf token: String,
        hidden: [(String, String)] = [],
        cssClass: String = "inline-form"
    ) -> BodyNode {
        .form(
            .class(cssClass),
            .method(.post),
            .action(action),
            csrf(token),
            .forEach(hidden) { input([("type", "hidden"), ("name", $0.0), ("value", $0.1)]) },
            .button(.type(.submit), .text(label))
        )
    }

    static func messages(_ notices: [String], errors: [String]) -> BodyNode {
        .group(
            .forEach(notices) { .p(.class("notice ok"), .attribute(named: "role", value: "status"), .text($0)) },
            .forEach(errors) { .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text($0)) }
        )
    }
}

/// What a private page needs besides its content: who is signed in, the CSRF token, and the
/// messages of the last action.
public struct PageSession: Sendable {
    public var userName: String
    public var csrfToken: String
    public var notices: [String]
    public var errors: [String]

    public init(userName: String, csrfToken: String, notices: [String] = [], errors: [String] = []) {
        self.userName = userName
        self.csrfToken = csrfToken
        self.notices = notices
        self.errors = errors
    }
}
