// Tests of the linker's comparisons of damaged records and its choices: names written
// in each other's fields, codes with a typing error (a digit wrong or two exchanged),
// each right row given once when both tables hold a person once, a table deduplicated
// against itself, and a blocking key that meets no true pair left without a say over
// how matches look.

import XCTest
@testable import DataModel

final class LinkComparisonTests: XCTestCase {
    private let nameWeights = FieldWeights(m: [0.9, 0.07, 0.03], u: [0.01, 0.04, 0.95])

    func testExchangedNamesPartlyAgree() {
        let names = [FieldComparison("given_name", kind: .jaroWinkler(partialFrom: 0.85), swappedWith: "surname"),
                     FieldComparison("surname", kind: .jaroWinkler(partialFrom: 0.85), swappedWith: "given_name")]
        let model = MatchModel(comparisons: names, weights: [nameWeights, nameWeights])
        XCTAssertEqual(model.levels(left: ["vincent", "ruby"], right: ["ruby", "vincent"]), [.partial, .partial])
        XCTAssertEqual(model.levels(left: ["jaiden", "bloomfield"], right: ["bloomfeild", "jaiden"]), [.partial, .partial],
                       "exchanged and misspelt still partly agree")
        XCTAssertEqual(model.levels(left: ["vincent", "ruby"], right: ["vincent", "ruby"]), [.agree, .agree])
        XCTAssertEqual(model.levels(left: ["vincent", "ruby"], right: ["ruby", "smith"]), [.disagree, .disagree],
                       "one name in the other's field is not an exchange")
        XCTAssertEqual(model.levels(left: ["vincent", nil], right: ["ruby", "vincent"]), [.disagree, nil])
        let unswapped = MatchModel(comparisons: names.map { var c = $0; c.swappedWith = nil; return c },
                                   weights: [nameWeights, nameWeights])
        XCTAssertEqual(unswapped.levels(left: ["vincent", "ruby"], right: ["ruby", "vincent"]), [.disagree, .disagree])
        let evidence = model.evidence(left: ["vincent", "ruby"], right: ["ruby", "vincent"])
        XCTAssertEqual(evidence.total, 2 * log2(0.07 / 0.04), accuracy: 1e-9)
    }

    /// A record whose names are exchanged shares no plain key with its twin; a key of one
    /// table's given name against the other's surname brings the pair, and the exchange
    /// named on one field holds for both.
    func testLinkerFindsExchangedNames() throws {
        let left = LinkTable(name: "copies", columns: ["given_name", "surname", "born"],
                             rows: [["vincent", "ruby", "1987-11-28"], ["mia", "lee", "1960-01-02"]])
        let right = LinkTable(name: "originals", columns: ["given_name", "surname", "born"],
                              rows: [["ruby", "vincent", "1987-11-28"], ["mia", "lee", "1960-01-02"], ["ruby", "smith", "1950-05-05"]])
        let options = LinkOptions(comparisons: [FieldComparison("given_name", kind: .jaroWinkler(partialFrom: 0.85), swappedWith: "surname"),
                                                FieldComparison("surname", kind: .jaroWinkler(partialFrom: 0.85)),
                                                FieldComparison("born", kind: .date(toleranceDays: 0))],
                                  blocks: [BlockingKey(left: ["given_name"]), BlockingKey(left: ["given_name"], right: ["surname"])],
                                  weights: [nameWeights, nameWeights, FieldWeights(m: [0.95, 0.03, 0.02], u: [0.001, 0.01, 0.989])],
                                  threshold: 10)
        let result = try Linker.link(left, right, options)
        XCTAssertEqual(result.pairs.map { [$0.left, $0.right] }, [[0, 0], [1, 1]])
        XCTAssertEqual(result.pairs[0].evidence.fields.map(\.level), [.partial, .partial, .agree])
        var unknown = options
        unknown.comparisons[0].swappedWith = "family_name"
        XCTAssertThrowsError(try Linker.link(left, right, unknown)) { error in
            XCTAssertTrue("\(error)".contains("'family_name', which is not another compared field"), "\(error)")
        }
    }

    func testTypingErrorsInCodes() {
        XCTAssertEqual(StringSimilarity.typingErrors("2606", "2660", atMost: 3), 1, "two neighbours exchanged")
        XCTAssertEqual(StringSimilarity.typingErrors("kitten", "sitting", atMost: 5), 3)
        XCTAssertEqual(StringSimilarity.typingErrors("ca", "abc", atMost: 5), 3, "optimal string alignment edits no substring twice")
        XCTAssertEqual(StringSimilarity.typingErrors("147", "14", atMost: 1), 1)
        XCTAssertEqual(StringSimilarity.typingErrors("4226", "9999", atMost: 1), 2, "counting stops past the limit")
        XCTAssertEqual(StringSimilarity.typingErrors("东湖区", "东湖", atMost: 1), 1, "one Chinese character is one error")
        let code = ComparisonKind.typo(maxEdits: 1)
        XCTAssertEqual(code.compare("2606", "2606"), .agree)
        XCTAssertEqual(code.compare("2606", "2660"), .partial)
        XCTAssertEqual(code.compare("4223", "4226"), .partial)
        XCTAssertEqual(code.compare("4226", "2462"), .disagree)
        XCTAssertNil(code.compare("4226", ""))
        XCTAssertEqual(ComparisonKind.named("typo"), .typo(maxEdits: 1))
        XCTAssertEqual(ComparisonKind.named("damerau", tolerance: 2), .typo(maxEdits: 2))
        XCTAssertEqual(ComparisonKind.exact.compare("2606", "2660"), .disagree, "exact is left as it was")
    }

    /// One key pairs each person with someone else (a shared group code written against
    /// the neighbour's): EM finds no match among its pairs, and its m must not dilute
    /// what the birth-date key, whose pairs are all matches, learnt about names.
    func testAKeyWithoutMatchesDoesNotDiluteM() throws {
        let people = 0..<200
        let born = people.map { CivilDate(days: Int32(-5_000 + 37 * $0)).description }
        let left = LinkTable(name: "a", columns: ["name", "born", "group"],
                             rows: people.map { ["p\($0)", born[$0], "g\($0)"] })
        let right = LinkTable(name: "b", columns: ["name", "born", "group"],
                              rows: people.map { ["p\($0)", born[$0], "g\(($0 + 1) % 200)"] })
        let options = LinkOptions(comparisons: [FieldComparison("name", kind: .exact), FieldComparison("born", kind: .exact)],
                                  blocks: [BlockingKey(left: ["born"]), BlockingKey(left: ["group"])])
        let result = try Linker.link(left, right, options)
        XCTAssertGreaterThan(result.estimate!.weights[0].m[0], 0.95, "names of the same person agree")
        XCTAssertEqual(result.pairs.filter { $0.left == $0.right }.count, 200)
    }

    /// A table against itself (dedupe): each row's best is its twin, never itself, and a
    /// row without a twin stays unlinked.
    func testDedupeNeverPairsARowWithItself() throws {
        let table = LinkTable(name: "feed", columns: ["name", "born"],
                              rows: [["张三", "1990-01-01"], ["李四", "1985-05-05"], ["张叁", "1990-01-01"]])
        var options = LinkOptions(comparisons: [FieldComparison("name", kind: .jaroWinkler(partialFrom: 0.6)),
                                                FieldComparison("born", kind: .date(toleranceDays: 0))],
                                  blocks: [BlockingKey(left: ["born"])],
                                  weights: [nameWeights, FieldWeights(m: [0.95, 0.03, 0.02], u: [0.001, 0.01, 0.989])],
                                  threshold: 5, withinOneTable: true)
        let result = try Linker.link(table, table, options)
        XCTAssertEqual(result.pairs.map { [$0.left, $0.right] }, [[0, 2], [2, 0]])
        XCTAssertEqual(result.candidatePairs, 2)
        options.withinOneTable = false
        XCTAssertEqual(try Linker.link(table, table, options).pairs.map(\.right), [0, 1, 2], "without it, each row is its own best")
    }

    /// Two copies that both look most like the same original: linked one to one, the
    /// weaker takes its own second candidate instead of sharing the original.
    func testOneToOneGivesEachRightRowOnce() throws {
        let left = LinkTable(name: "a", columns: ["name", "born", "town"],
                             rows: [["john smith", "1950-01-01", "A"], ["jon smith", "1950-01-01", "A"]])
        let right = LinkTable(name: "b", columns: ["name", "born", "town"],
                              rows: [["john smith", "1950-01-01", "A"], ["jon smyth", "1950-01-01", "B"]])
        var options = LinkOptions(comparisons: [FieldComparison("name", kind: .jaroWinkler(partialFrom: 0.85)),
                                                FieldComparison("born", kind: .date(toleranceDays: 0)),
                                                FieldComparison("town", kind: .exact)],
                                  blocks: [BlockingKey(left: ["born"])],
                                  weights: [nameWeights, FieldWeights(m: [0.95, 0.03, 0.02], u: [0.001, 0.01, 0.989]),
                                            FieldWeights(m: [0.9, 0, 0.1], u: [0.2, 0, 0.8])],
                                  threshold: 5)
        XCTAssertEqual(try Linker.link(left, right, options).pairs.map(\.right), [0, 0],
                       "by default each left row keeps its own best")
        options.oneToOne = true
        let once = try Linker.link(left, right, options)
        XCTAssertEqual(once.pairs.map { [$0.left, $0.right] }, [[0, 0], [1, 1]])
        XCTAssertEqual(once.pairs[1].runnerUp, 0, "the original it lost stays visible as its runner-up")
    }
}
