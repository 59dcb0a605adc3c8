// DemoCity: the demo city generator's public face. It draws a whole Xinyu of
// `persons` register people from a seed, writes the register and WIS baseline, a year
// of the five department feeds with their damage, and the answer key truth.csv, all
// byte-identical for the same configuration. popsh's `demo` command and the embedded
// default database are built from it; docs/demo-city.md says what the city contains.

import Foundation

/// What to generate: how many register persons, from which seed, feeds for which year.
public struct DemoConfig: Sendable {
    public var persons: Int = 120_000
    public var seed: UInt64 = 20_251_231
    /// The feeds cover this calendar year; the register and WIS stand at its last day.
    public var year: Int = 2025
    /// nil: Xinyu's own map. Otherwise the seed of another map (DemoAreaMix): more
    /// county-level units and townships, skewed sizes, more floating people and more
    /// damaged identity numbers in the feeds.
    public var areasSeed: UInt64?

    public init(persons: Int = 120_000, seed: UInt64 = 20_251_231, year: Int = 2025, areasSeed: UInt64? = nil) {
        self.persons = persons
        self.seed = seed
        self.year = year
        self.areasSeed = areasSeed
    }
}

/// What was written.
public struct DemoSummary: Sendable {
    /// Every file written, baseline first, then the feeds by feed and month, then truth.csv.
    public var files: [String]
    public var persons: Int
    public var cards: Int
    public var children: Int
    public var units: Int
    /// Feed rows written, quarantine rows and re-exports included.
    public var feedRecords: Int
    /// Rows of truth.csv by finding code and by row status (`ok`, `quarantine`, `duplicate`).
    public var truthCounts: [String: Int]
}

public enum DemoCity {
    /// Writes the demo city into `directory` (created if missing; files in it are
    /// replaced). `progress` receives a stage name and the share of the work done.
    public static func generate(_ config: DemoConfig, into directory: String,
                                progress: ((String, Double) -> Void)? = nil) throws -> DemoSummary {
        guard config.persons >= 100 else {
            throw DemoError("a demo city needs at least 100 persons (asked for \(config.persons))")
        }
        // Ten times the real city; a larger count would only exhaust memory (or trap
        // sizing its arrays) long after the user meant something else.
        guard config.persons <= 12_000_000 else {
            throw DemoError("a demo city has at most 12000000 persons, ten times the city's (asked for \(config.persons))")
        }
        guard (1990...2100).contains(config.year) else {
            throw DemoError("demo year \(config.year) is out of range: choose a year from 1990 to 2100")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory + "/feeds", withIntermediateDirectories: true)
        } catch {
            throw DemoError("cannot create \(directory)/feeds: \(error.localizedDescription)")
        }
        let report = progress ?? { _, _ in }
        let root = DemoRandom(seed: config.seed)
        let geography = DemoGeography(areasSeed: config.areasSeed)

        report("people", 0)
        var unitRandom = root.derived(1)
        let units = DemoUnits.make(count: max(20, config.persons / 150), geography, &unitRandom)
        var city = DemoPopulation(geography: geography, year: config.year, random: root.derived(2), unitCount: units.count)
        city.build(persons: config.persons)
        report("events", 0.35)
        let year = DemoYear(&city)
        var wisRandom = root.derived(3)
        var cards = DemoWIS(&city, year, &wisRandom).cards

        report("feed records", 0.5)
        var records = DemoFeedRecords(city, year, random: root.derived(4)).records
        var gapRandom = root.derived(7)
        DemoGaps.undoMarriages(&records, &city, cards: &cards, &gapRandom)
        DemoGaps.damageMothers(&records, &gapRandom)
        let goneTypos = DemoGaps.dropGone(&records, &city, year, &gapRandom)
        DemoGaps.hideStrangers(&records, city, &gapRandom)
        var damageRandom = root.derived(5)
        DemoHomonyms.plant(&records, &city, &damageRandom)
        DemoDamage.apply(&records, &damageRandom, scale: geography.mix.damage)
        DemoGaps.plantNeighbours(records, gone: goneTypos, &city, &gapRandom)

        report("register and WIS", 0.55)
        let baseline = DemoBaselineFiles(city: city, units: units, cards: cards, directory: directory)
        var files = [try baseline.areas(), try baseline.unitsFile()]
        files.append(try baseline.persons { report("register and WIS", 0.55 + 0.35 * $0) })
        files.append(try baseline.wisCards())
        let children = try baseline.wisChildren()
        files.append(children.path)

        report("feed files", 0.92)
        var fileRandom = root.derived(6)
        let feeds = try DemoFeedFiles(records, year: config.year, directory: directory, &fileRandom)
        files += feeds.files.map(\.path)
        let truth = try DemoTruth(city: city, cards: cards, files: feeds.files)
            .write(feeds.files, to: directory + "/truth.csv")
        files.append(directory + "/truth.csv")
        report("done", 1)
        return DemoSummary(files: files, persons: city.registerCount, cards: cards.count, children: children.rows,
                           units: units.count, feedRecords: truth.rows, truthCounts: truth.counts)
    }
}
