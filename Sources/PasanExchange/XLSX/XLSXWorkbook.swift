/// A workbook to write (`XLSXWriter`): sheets of cells with Pasan's few styles, column widths,
/// frozen header rows, sheet protection and list drop-downs (data validation). Rows and columns
/// are 1-based, as a spreadsheet shows them (`A1` is column 1, row 1).
public struct XLSXWorkbook: Sendable, Hashable {
    public var sheets: [XLSXSheet]
    /// The document's title (`docProps/core.xml`); the creator is always "Pasan".
    public var title: String?

    public init(sheets: [XLSXSheet] = [], title: String? = nil) {
        self.sheets = sheets
        self.title = title
    }

    /// The longest sheet name a spreadsheet accepts.
    public static let maximumSheetNameLength = 31
    /// Characters a sheet name may not hold.
    public static let forbiddenSheetNameCharacters: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// `name` made a valid sheet name unlike every name in `taken` (compared without case, as
    /// spreadsheets do): forbidden characters and control characters become `_`, leading and
    /// trailing apostrophes are dropped, the name is cut to 31 characters, and a clash gets ` (2)`,
    /// ` (3)`… An empty result is `Sheet`.
    public static func sheetName(_ name: String, avoiding taken: Set<String> = []) -> String {
        var cleaned = String(
            name.map { character in
                forbiddenSheetNameCharacters.contains(character)
                    || character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "_" : character
            }
        )
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        if cleaned.isEmpty { cleaned = "Sheet" }
        let lowered = Set(taken.map { $0.lowercased() })
        var candidate = String(cleaned.prefix(maximumSheetNameLength))
        var n = 2
        while lowered.contains(candidate.lowercased()) {
            let suffix = " (\(n))"
            candidate = String(cleaned.prefix(maximumSheetNameLength - suffix.count)) + suffix
            n += 1
        }
        return candidate
    }
}

/// One worksheet.
public struct XLSXSheet: Sendable, Hashable {
    /// At most 31 characters, none of `[]:*?/\`, unique in the workbook (`XLSXWorkbook.sheetName`
    /// makes one).
    public var name: String
    /// `rows[0]` is row 1, `rows[0][0]` is cell A1.
    public var rows: [[XLSXCell]]
    /// Widths (in characters) and default styles of columns, by 1-based column.
    public var columns: [Int: XLSXColumn]
    /// Rows kept in view when scrolling (a frozen pane below them); 0 for none.
    public var frozenRows: Int
    /// A hidden sheet (the `codes` sheet of the drop-downs); a workbook keeps one sheet visible.
    public var isHidden: Bool
    /// Protected: locked cells (every style but `input` and `inputText`) cannot be changed.
    /// No password: a template's protection guards against slips, it is not security.
    public var isProtected: Bool
    public var validations: [XLSXValidation]

    public init(
        name: String,
        rows: [[XLSXCell]] = [],
        columns: [Int: XLSXColumn] = [:],
        frozenRows: Int = 0,
        isHidden: Bool = false,
        isProtected: Bool = false,
        validations: [XLSXValidation] = []
    ) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.frozenRows = frozenRows
        self.isHidden = isHidden
        self.isProtected = isProtected
        self.validations = validations
    }
}

/// A column's width (in characters of the default font) and the style of its cells that hold
/// nothing (an `input` column stays unlocked below the template's rows).
public struct XLSXColumn: Sendable, Hashable {
    public var width: Double?
    public var style: XLSXStyle?

    public init(width: Double? = nil, style: XLSXStyle? = nil) {
        self.width = width
        self.style = style
    }
}

/// One cell: its value and style.
public struct XLSXCell: Sendable, Hashable {
    public var value: XLSXValue
    public var style: XLSXStyle

    public init(_ value: XLSXValue, style: XLSXStyle = .normal) {
        self.value = value
        self.style = style
    }

    public static func text(_ text: String, style: XLSXStyle = .normal) -> XLSXCell { XLSXCell(.text(text), style: style) }
    public static func number(_ number: Double, style: XLSXStyle = .normal) -> XLSXCell { XLSXCell(.number(number), style: style) }
    public static func empty(style: XLSXStyle = .normal) -> XLSXCell { XLSXCell(.empty, style: style) }
}

/// What a written cell holds. Not-finite numbers have no spreadsheet form and are written empty.
public enum XLSXValue: Sendable, Hashable {
    case empty
    case text(String)
    case number(Double)
}

/// Pasan's cell styles. Every style uses Noto Sans Lao, size 11. On a protected sheet only
/// `input` and `inputText` cells can be changed.
public enum XLSXStyle: Int, Sendable, Hashable, CaseIterable {
    /// Plain, locked.
    case normal = 0
    /// Bold on a light fill, locked: the header rows.
    case header = 1
    /// Unlocked: where the user types values.
    case input = 2
    /// Unlocked and formatted as text (`@`), so a code such as `01` keeps its leading zero.
    case inputText = 3
    /// Grey on grey, locked: values shown for reference (earlier years).
    case reference = 4
    /// Wrapped text, aligned to the top, locked: instructions.
    case note = 5
}

/// A list drop-down on a block of cells: only the listed codes are accepted (`showErrorMessage`),
/// with the caller's error title and text.
public struct XLSXValidation: Sendable, Hashable {
    /// The cells, 1-based and inclusive.
    public var firstColumn: Int
    public var lastColumn: Int
    public var firstRow: Int
    public var lastRow: Int
    public var list: XLSXList
    /// At most 32 characters (a spreadsheet's limit; longer is cut).
    public var errorTitle: String
    /// At most 255 characters (longer is cut).
    public var errorMessage: String
    /// Shown when a cell of the block is selected (at most 32 and 255 characters).
    public var promptTitle: String?
    public var prompt: String?
    /// An empty cell passes.
    public var allowsBlank: Bool

    public init(
        firstColumn: Int,
        lastColumn: Int? = nil,
        firstRow: Int,
        lastRow: Int,
        list: XLSXList,
        errorTitle: String,
        errorMessage: String,
        promptTitle: String? = nil,
        prompt: String? = nil,
        allowsBlank: Bool = true
    ) {
        self.firstColumn = firstColumn
        self.lastColumn = lastColumn ?? firstColumn
        self.firstRow = firstRow
        self.lastRow = lastRow
        self.list = list
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
        self.promptTitle = promptTitle
        self.prompt = prompt
        self.allowsBlank = allowsBlank
    }
}

/// Where a drop-down's codes come from.
public enum XLSXList: Sendable, Hashable {
    /// Written into the validation itself (`"F,M,_T"`): codes without `,` or `"`, shorter than
    /// 255 characters joined (`XLSXList.fitsInline`).
    case inline([String])
    /// Cells of one column of a sheet of the workbook (often a hidden `codes` sheet), 1-based.
    case range(sheet: String, column: Int, firstRow: Int, lastRow: Int)

    /// The longest inline list, joined with commas, in characters.
    public static let maximumInlineLength = 254

    /// Whether `codes` can be written inline; otherwise put them on a sheet and use `range`.
    public static func fitsInline(_ codes: [String]) -> Bool {
        !codes.isEmpty && codes.joined(separator: ",").count <= maximumInlineLength
            && !codes.contains { $0.contains(",") || $0.contains("\"") || $0.isEmpty }
    }
}

/// Why a workbook cannot be written: a mistake of the code that built it, never of a user.
public enum XLSXWriteError: Error, Sendable, Hashable {
    case noSheets
    case noVisibleSheet
    case invalidSheetName(String)
    case duplicateSheetName(String)
    case inlineListTooLong(sheet: String)
    case unknownListSheet(sheet: String, list: String)
    case cellOutOfRange(sheet: String)
}
