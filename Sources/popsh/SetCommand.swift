// SetCommand: `:set`, how tables show at the prompt: the width they fit (the terminal's
// unless set), panels or the columns that fit, long texts wrapped in their column, and
// area codes with their names. `:set` alone lists the settings.

import Builtins
import Interpreter

extension MetaCommand {
    static let set = MetaCommand(
        name: ":set", usage: ":set [width N|auto, panels on|off, wrap on|off, names on|off]",
        doc: "How tables show: the width to fit, panels repeating the key columns (off: the columns that fit), long reasons and details wrapped, area codes named.",
        example: ":set width 100", result: nil
    ) { shell, args in
        guard let setting = args.first else {
            Console.write(describeSettings(shell))
            return .proceed
        }
        guard args.count == 2 else { throw setUsage }
        let value = args[1]
        switch setting {
        case "width":
            if value == "auto" {
                shell.fixedWidth = nil
            } else {
                guard let n = Int(value), n >= TableStyle.narrowest else {
                    throw MetaCommandError(message: "usage: :set width N (\(TableStyle.narrowest) cells or more) or :set width auto")
                }
                shell.fixedWidth = n
            }
            shell.applyTableWidth()
        case "panels": try TableDisplay.style.withLock { $0.panels = try onOff(value, setting) }
        case "wrap": try TableDisplay.style.withLock { $0.wrap = try onOff(value, setting) }
        case "names": try TableDisplay.style.withLock { $0.areaNames = try onOff(value, setting) }
        default: throw setUsage
        }
        return .proceed
    }
}

private let setUsage = MetaCommandError(message: "usage: :set width N|auto, :set panels on|off, :set wrap on|off, :set names on|off")

private func onOff(_ value: String, _ setting: String) throws -> Bool {
    switch value {
    case "on": return true
    case "off": return false
    default: throw MetaCommandError(message: "usage: :set \(setting) on|off")
    }
}

private func describeSettings(_ shell: ShellState) -> String {
    let style = TableDisplay.style.withLock { $0 }
    let width = style.width.map { "\($0) cells" } ?? "as wide as the table"
    func word(_ on: Bool) -> String { on ? "on" : "off" }
    return """
    width   \(width)\(shell.fixedWidth == nil ? " (auto: the terminal's)" : "")
    panels  \(word(style.panels))  (off: the columns that fit, and which were left out)
    wrap    \(word(style.wrap))  (\(TableStyle.wrappedColumns.sorted().joined(separator: ", ")) break into lines)
    names   \(word(style.areaNames))  (area codes with their names beside them)

    """
}

extension ShellState {
    /// Fits tables to the width in force now; the shell calls it before each statement.
    func applyTableWidth() {
        let width = tableWidth
        TableDisplay.style.withLock { $0.width = width }
    }
}
