// TableStyle: the choices the prompt makes about showing a table, which `:set` changes:
// the width to fit (the terminal's), whether wide tables become panels or show the
// columns that fit, whether long texts wrap in their column, and whether area codes
// are shown with their names. Scripts use `plain`, so their logs never change with the
// window they ran in.

public struct TableStyle: Sendable, Equatable {
    /// Cells a table may take; nil: as wide as it is.
    public var width: Int?
    /// Wider than `width`: panels repeating the key columns (true), or the columns that
    /// fit and a line naming the others (false).
    public var panels: Bool
    /// The columns in `wrappedColumns` break long texts into lines instead of cutting them.
    public var wrap: Bool
    /// Each area-code column of the register gets its NAME_name column beside it.
    public var areaNames: Bool

    public init(width: Int? = nil, panels: Bool = true, wrap: Bool = false, areaNames: Bool = false) {
        self.width = width
        self.panels = panels
        self.wrap = wrap
        self.areaNames = areaNames
    }

    /// The box as wide as the table, texts cut at 40 cells, codes alone.
    public static let plain = TableStyle()

    /// The prompt's defaults on a terminal `width` cells wide (nil when not a terminal).
    public static func prompt(width: Int?) -> TableStyle {
        TableStyle(width: width, panels: true, wrap: true, areaNames: true)
    }

    /// Columns whose whole text is the point of the table: why a row was quarantined,
    /// what a finding is, the change an `apply` dry run asks to approve.
    public static let wrappedColumns: Set<String> = [
        "reason", "detail", "details", "before", "after", "skipped", "raw", "message", "note",
    ]

    /// Narrower than this, even the key columns and one more would not fit.
    public static let narrowest = 30
}
