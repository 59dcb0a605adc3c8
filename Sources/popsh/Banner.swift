// Banner: the lines the interactive prompt starts with, so an analyst sees which
// database the answers will come from and how much it holds before asking anything.

import DataModel
import Foundation

enum Banner {
    /// The departments' feeds whose records are counted together.
    private static let feeds = ["marriages", "births", "deaths", "abortions", "hukou_events"]

    /// `popsh VERSION`, the database and its size, and where help is. A database that
    /// is not there yet is named, not made: the demo city is generated on first use.
    static func text(_ options: DatabaseOptions) -> String {
        let (path, isDefault) = options.choice
        var out = "popsh \(popshVersion): an analysis shell over the population register, WIS and the feeds\n"
        if Database.isServer(path) {
            out += "database: \(Database.displayName(path))\n"
            if let size = try? counts(path) { out += "          " + size + "\n" }
        } else if !FileManager.default.fileExists(atPath: path) {
            out += isDefault ? "database: \(path) (the demo city, made on first use)\n"
                : "database: \(path) does not exist (popsh init \(path), then popsh import --db \(path) FILES)\n"
        } else {
            out += "database: \(path)\(isDefault ? " (the demo city)" : "")\n"
            if let size = try? counts(path) { out += "          " + size + "\n" }
        }
        return out + "type :help for the tables, builtins, verbs and commands, :quit or Ctrl-D to leave\n"
    }

    private static func counts(_ path: String) throws -> String {
        let db = try Database(path: path, mode: Database.isServer(path) ? .existing : .create)
        func count(_ table: String) throws -> Int64 {
            try db.scalar("SELECT COUNT(*) FROM \"\(table)\"").integer ?? 0
        }
        let persons = try count("persons"), cards = try count("wis_cards")
        let records = try feeds.reduce(Int64(0)) { $0 + (try count($1)) }
        return "\(persons) persons, \(cards) WIS cards, \(records) feed records"
    }
}
