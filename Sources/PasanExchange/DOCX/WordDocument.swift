/// A document to write as Office Open XML WordprocessingML (`.docx`, `DOCXWriter`): a title,
/// headings, paragraphs and tables, in the order given, on A4 pages, in fonts that hold Lao.
/// What a drafting team edits further in Word or LibreOffice; nothing Pasan reads back.
public struct WordDocument: Sendable, Hashable {
    public enum Block: Sendable, Hashable {
        /// A heading at `level` 1–3 (Word's built-in "Heading n" styles, so the navigation pane
        /// and a table of contents find them).
        case heading(level: Int, text: String)
        case paragraph(String, style: ParagraphStyle = .normal)
        case table(Table)
        /// The next block starts a new page.
        case pageBreak
    }

    public enum ParagraphStyle: String, Sendable, Hashable {
        case title = "Title"
        case normal = "Normal"
        /// Smaller text: sources, notes, caveats.
        case note = "Note"
    }

    public struct Table: Sendable, Hashable {
        public var header: [String]
        public var rows: [[String]]
        /// Columns whose cells are numbers (right-aligned).
        public var numericColumns: Set<Int>
        /// The first column's share of the width, from 0.1 to 0.9 (the others share the rest).
        public var firstColumnShare: Double

        public init(header: [String], rows: [[String]], numericColumns: Set<Int> = [], firstColumnShare: Double = 0.3) {
            self.header = header
            self.rows = rows
            self.numericColumns = numericColumns
            self.firstColumnShare = min(0.9, max(0.1, firstColumnShare))
        }
    }

    public var title: String
    /// BCP 47 tag of the text (`lo-LA`, `en-GB`): Word's spelling and the complex-script language.
    public var language: String
    public var landscape: Bool
    public var blocks: [Block]

    /// The font of Latin text and of Lao (a complex script in Word and LibreOffice).
    public static let latinFont = "Noto Sans"
    public static let laoFont = "Noto Sans Lao"

    public init(title: String, language: String, landscape: Bool = false, blocks: [Block]) {
        self.title = title
        self.language = language
        self.landscape = landscape
        self.blocks = blocks
    }
}
