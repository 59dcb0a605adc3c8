// SurnameCounts: how many register persons bear each surname, the frequency that weighs
// a close (misspelt) name, and how many were born in each year, the cohort a name's
// frequency is measured in. Counting a common surname walks its whole stretch of the name
// index (王 is 7% of the register), so the counts are kept for the connection in a
// temporary table and reused by every later cross-check of the session, until the
// register changes (another import, or rows added); a session checking feed after feed
// then counts each surname once, not once per call.

struct SurnameCounts {
    let database: Database
    /// The counts this linker has read already: a feed's records ask for the same few
    /// birth years and surnames thousands of times, each a statement (a round trip on a
    /// server) however small.
    private let known = Known()

    private final class Known {
        var surnames: [String: Int] = [:]
        var years: [Int: Int] = [:]
    }

    init(database: Database) { self.database = database }

    /// Stands for the register's content: a persons file always loads as a new import,
    /// and new persons raise the highest rowid.
    private func registerVersion() throws -> String {
        let rows = try database.scalar("SELECT max(\(database.dialect.rowOrder)) FROM persons").integer ?? 0
        let loads = try database.scalar("SELECT max(id) FROM imports").integer ?? 0
        return "\(rows)/\(loads)"
    }

    /// Prepares the table for this run: emptied when the register changed since it was filled.
    func open() throws {
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_surnames (surname TEXT PRIMARY KEY, persons INTEGER NOT NULL)")
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_register (version TEXT NOT NULL)")
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS link_years (year TEXT PRIMARY KEY, persons INTEGER NOT NULL)")
        known.surnames = [:]
        known.years = [:]
        let version = try registerVersion()
        guard try database.scalar("SELECT version FROM link_register").text != version else { return }
        try database.execute("DELETE FROM link_surnames")
        try database.execute("DELETE FROM link_years")
        try database.execute("DELETE FROM link_register")
        try database.execute("INSERT INTO link_register VALUES (?1)", [.text(version)])
    }

    /// The persons whose name starts with `surname` (its first character), counted once
    /// per register version.
    func persons(_ surname: Unicode.Scalar) throws -> Int {
        let key = String(surname)
        if let n = known.surnames[key] { return n }
        let n = try count(surname: surname, key)
        known.surnames[key] = n
        return n
    }

    private func count(surname: Unicode.Scalar, _ key: String) throws -> Int {
        if let known = try database.scalar("SELECT persons FROM link_surnames WHERE surname = ?1", [.text(key)]).integer {
            return Int(known)
        }
        let next = String(Unicode.Scalar(surname.value + 1) ?? surname)
        let n = try database.scalar("SELECT count(*) FROM persons WHERE name >= ?1 AND name < ?2",
                                    [.text(key), .text(next)]).integer ?? 0
        try database.execute("INSERT INTO link_surnames VALUES (?1, ?2)", [.text(key), .integer(n)])
        return Int(n)
    }

    /// The persons born in `year` (four digits), counted through the birth-date index once
    /// per register version: the cohort a name's fashion is measured in.
    func born(year: Int) throws -> Int {
        if let n = known.years[year] { return n }
        let n = try count(year: year)
        known.years[year] = n
        return n
    }

    private func count(year: Int) throws -> Int {
        let key = String(format: "%04d", year)
        if let known = try database.scalar("SELECT persons FROM link_years WHERE year = ?1", [.text(key)]).integer {
            return Int(known)
        }
        let n = try database.scalar("SELECT count(*) FROM persons WHERE birth_date >= ?1 AND birth_date < ?2",
                                    [.text(key), .text(String(format: "%04d", year + 1))]).integer ?? 0
        try database.execute("INSERT INTO link_years VALUES (?1, ?2)", [.text(key), .integer(n)])
        return Int(n)
    }
}
