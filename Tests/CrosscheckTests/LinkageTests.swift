// Tests of the linkage toolkit: string comparators against published values, field
// levels, the Fellegi-Sunter weights against hand-computed logarithms, EM recovering
// the m and u of a population drawn from known probabilities, and blocking.

import XCTest
@testable import DataModel

final class LinkageTests: XCTestCase {
    func testJaroWinklerPublishedValues() {
        // Winkler (1990) and the usual textbook pairs.
        XCTAssertEqual(StringSimilarity.jaro("MARTHA", "MARHTA"), 0.9444, accuracy: 1e-4)
        XCTAssertEqual(StringSimilarity.jaroWinkler("MARTHA", "MARHTA"), 0.9611, accuracy: 1e-4)
        XCTAssertEqual(StringSimilarity.jaroWinkler("DWAYNE", "DUANE"), 0.8400, accuracy: 1e-4)
        XCTAssertEqual(StringSimilarity.jaroWinkler("DIXON", "DICKSONX"), 0.8133, accuracy: 1e-4)
        XCTAssertEqual(StringSimilarity.jaroWinkler("王建国", "王建国"), 1)
        XCTAssertEqual(StringSimilarity.jaroWinkler("王建国", "李四"), 0)
        // One character of three differs: Jaro 7/9, two common leading characters.
        XCTAssertEqual(StringSimilarity.jaroWinkler("王建国", "王建华"), 7.0 / 9 + 0.2 * (2.0 / 9), accuracy: 1e-9)
    }

    func testComparisonLevels() {
        XCTAssertEqual(ComparisonKind.exact.compare("a", "a"), .agree)
        XCTAssertEqual(ComparisonKind.exact.compare("a", "b"), .disagree)
        XCTAssertNil(ComparisonKind.exact.compare("a", ""))
        XCTAssertNil(ComparisonKind.exact.compare(nil, "a"))
        let date = ComparisonKind.date(toleranceDays: 0)
        XCTAssertEqual(date.compare("1990-03-04", "19900304"), .agree)
        XCTAssertEqual(date.compare("1990-03-04", "1990-04-03"), .partial)    // month and day swapped
        XCTAssertEqual(date.compare("1990-03-04", "1991-03-04"), .partial)    // one digit
        XCTAssertEqual(date.compare("1990-03-04", "1985-07-21"), .disagree)
        XCTAssertNil(date.compare("1990-03-04", "not a date"))
        XCTAssertEqual(ComparisonKind.numeric(tolerance: 1).compare("10", "11"), .agree)
        XCTAssertEqual(ComparisonKind.numeric(tolerance: 1).compare("10", "12.5"), .partial)
        XCTAssertEqual(ComparisonKind.numeric(tolerance: 1).compare("10", "14"), .disagree)
        XCTAssertEqual(ComparisonKind.area.compare("360502001001", "360502001001"), .agree)
        XCTAssertEqual(ComparisonKind.area.compare("360502001001", "360502101002"), .partial)
        XCTAssertEqual(ComparisonKind.area.compare("360502001001", "360521001001"), .disagree)
        XCTAssertEqual(ComparisonKind.jaroWinkler(partialFrom: 0.8).compare("王建国", "王建华"), .partial)
        // One character replaced, the surname or two others kept; Jaro-Winkler calls a
        // character added close, and a two-character name with its given name replaced
        // close only by a hair.
        XCTAssertEqual(ComparisonKind.jaroWinkler(partialFrom: 0.7).compare("杨杰", "杨杰磊"), .partial)
        XCTAssertEqual(ComparisonKind.characters.compare("杨杰", "杨杰磊"), .disagree)
        XCTAssertEqual(ComparisonKind.characters.compare("王芳", "王方"), .partial)
        XCTAssertEqual(ComparisonKind.characters.compare("王建国", "王健国"), .partial)
        XCTAssertEqual(ComparisonKind.characters.compare("黄丽慧", "王丽慧"), .partial)
        XCTAssertEqual(ComparisonKind.characters.compare("黄秀", "王秀"), .disagree)
        XCTAssertEqual(ComparisonKind.characters.compare("马芳", "郭芳"), .disagree)
        XCTAssertEqual(ComparisonKind.characters.compare("王建国", "王健华"), .disagree)
        XCTAssertEqual(ComparisonKind.characters.compare("王建国", "王建国"), .agree)
        XCTAssertEqual(ComparisonKind.named("characters"), .characters)
        let typo = ComparisonKind.hamming(maxDifferences: 2)
        XCTAssertEqual(typo.compare("360502199001011234", "360502199001011234"), .agree)
        XCTAssertEqual(typo.compare("360502199001011234", "360502199001071234"), .agree)
        XCTAssertEqual(typo.compare("360502199001011234", "430102199001011238"), .disagree)
        XCTAssertEqual(typo.compare("360502199001011234", "36050219900101123"), .disagree)
    }

    func testWeightsAreLogLikelihoodRatios() {
        let w = FieldWeights(m: [0.9, 0.08, 0.02], u: [0.01, 0.09, 0.9])
        XCTAssertEqual(w.weight(.agree), log2(90), accuracy: 1e-12)
        XCTAssertEqual(w.weight(.disagree), log2(0.02 / 0.9), accuracy: 1e-12)
        XCTAssertEqual(w.weight(.agree, share: 0.001), log2(900), accuracy: 1e-9)
        XCTAssertEqual(w.weight(.partial, share: 0.08), 0, accuracy: 1e-9)
        let model = MatchModel(comparisons: [FieldComparison("name", kind: .exact, frequencyAdjusted: true),
                                             FieldComparison("born", kind: .date(toleranceDays: 0))],
                               weights: [w, w])
        let common = model.evidence(left: ["王伟", "1990-01-01"], right: ["王伟", "1990-01-01"]) { _, _, _ in 0.01 }
        let rare = model.evidence(left: ["欧阳菁", "1990-01-01"], right: ["欧阳菁", "1990-01-01"]) { _, _, _ in 0.00001 }
        XCTAssertLessThan(common.total, rare.total, "a frequent name must weigh less than a rare one")
        XCTAssertEqual(common.total, log2(0.9 / 0.01) + log2(90), accuracy: 1e-9)
        let missing = model.evidence(left: ["王伟", nil], right: ["王伟", "1990-01-01"])
        XCTAssertEqual(missing.fields[1].weight, 0)
    }

    /// Draws pairs from known m and u, then checks EM finds them again.
    func testEMRecoversKnownProbabilities() {
        var rng = DemoRandom(seed: 7)
        let m = [[0.92, 0.05, 0.03], [0.85, 0.1, 0.05], [0.97, 0.0, 0.03]]
        let u = [[0.02, 0.08, 0.90], [0.05, 0.15, 0.80], [0.5, 0.0, 0.5]]
        var patterns: [[ComparisonLevel?]] = []
        var matches = 0
        for _ in 0..<40_000 {
            let isMatch = rng.unit() < 0.2
            if isMatch { matches += 1 }
            patterns.append((0..<3).map { f in draw(isMatch ? m[f] : u[f], &rng) })
        }
        let start = [FieldWeights(m: [0.7, 0.2, 0.1], u: [0.1, 0.2, 0.7]),
                     FieldWeights(m: [0.7, 0.2, 0.1], u: [0.1, 0.2, 0.7]),
                     FieldWeights(m: [0.7, 0.1, 0.2], u: [0.3, 0.1, 0.6])]
        let estimate = EMEstimator.estimate(patterns: patterns, initial: start)
        XCTAssertEqual(estimate.matchShare, Double(matches) / 40_000, accuracy: 0.01)
        for f in 0..<2 {
            XCTAssertEqual(estimate.weights[f].m[0], m[f][0], accuracy: 0.02)
            XCTAssertEqual(estimate.weights[f].u[0], u[f][0], accuracy: 0.02)
            XCTAssertEqual(estimate.weights[f].u[2], u[f][2], accuracy: 0.02)
        }
    }

    func testBlockingNeverComparesOutsideBlocks() throws {
        let left = LinkTable(name: "left", columns: ["name", "born"],
                             rows: [["张三", "1990-01-01"], ["李四", "1985-05-05"], ["王五", nil]])
        let right = LinkTable(name: "right", columns: ["name", "born"],
                              rows: [["张三", "1990-01-01"], ["张叁", "1990-01-01"], ["李四", "1985-05-06"], ["赵六", "1970-01-01"]])
        let blocks = try Blocking(left, right, keys: [BlockingKey(left: ["born"])])
        XCTAssertEqual(Set(blocks.pairs.map { [$0.left, $0.right] }), [[0, 0], [0, 1]])
        let both = try Blocking(left, right, keys: [BlockingKey(left: ["born"]), BlockingKey(left: ["name"])])
        XCTAssertEqual(Set(both.pairs.map { [$0.left, $0.right] }), [[0, 0], [0, 1], [1, 2]])
        XCTAssertThrowsError(try Blocking(left, right, keys: [BlockingKey(left: ["birth"])])) { error in
            XCTAssertTrue("\(error)".contains("columns: name, born"), "\(error)")
        }
    }

    /// A column one table holds as dates meets the other's dates written as `YYYYMMDD`
    /// (a CSV column with one bad date stays text): they block and compare as dates.
    func testDatesWrittenTwoWaysBlockAndAgree() throws {
        let left = LinkTable(name: "typed", columns: ["name", "born"],
                             rows: [["leon", "1954-10-05"], ["bella", "1931-06-23"]], dateColumns: ["born"])
        let right = LinkTable(name: "text", columns: ["name", "born"],
                              rows: [["mason", "19541005"], ["beloma", "1931/6/23"], ["riley", "19041399"]])
        let options = LinkOptions(comparisons: [FieldComparison("name", kind: .exact), FieldComparison("born", kind: .exact)],
                                  blocks: [BlockingKey(left: ["born"])],
                                  weights: [FieldWeights(m: [0.9, 0, 0.1], u: [0.01, 0, 0.99]),
                                            FieldWeights(m: [0.95, 0, 0.05], u: [0.001, 0, 0.999])],
                                  threshold: 5, margin: 2)
        let result = try Linker.link(left, right, options)
        XCTAssertEqual(result.candidatePairs, 2, "each typed date blocks with its text twin, the impossible date with none")
        XCTAssertEqual(result.pairs.map { [$0.left, $0.right] }, [[0, 0], [1, 1]])
        XCTAssertEqual(result.pairs[0].evidence.fields[1].level, .agree)
        let asText = LinkTable(name: "typed", columns: left.columns, rows: left.rows)
        XCTAssertEqual(try Linker.link(asText, right, options).candidatePairs, 0,
                       "without knowing either side holds dates, text is compared as written")
    }

    func testLinkerPicksTheBestAndFlagsCloseCalls() throws {
        let left = LinkTable(name: "mailed", columns: ["name", "born", "sex"],
                             rows: [["张三", "1990-01-01", "M"], ["李四", "1985-05-05", "F"], ["周七", "1960-02-02", "M"]])
        let right = LinkTable(name: "register", columns: ["name", "born", "sex"],
                              rows: [["张三", "1990-01-01", "M"], ["张叁", "1990-01-01", "M"],
                                     ["李四", "1985-05-05", "F"], ["李四", "1985-05-05", "F"], ["周七", "1933-09-09", "M"]])
        let options = LinkOptions(comparisons: [FieldComparison("name", kind: .jaroWinkler(partialFrom: 0.8)),
                                                FieldComparison("born", kind: .date(toleranceDays: 0)),
                                                FieldComparison("sex", kind: .exact)],
                                  blocks: [BlockingKey(left: ["born"]), BlockingKey(left: ["name"])],
                                  weights: [FieldWeights(m: [0.9, 0.07, 0.03], u: [0.01, 0.04, 0.95]),
                                            FieldWeights(m: [0.95, 0.03, 0.02], u: [0.001, 0.01, 0.989]),
                                            FieldWeights(m: [0.98, 0, 0.02], u: [0.5, 0, 0.5])],
                                  threshold: 10, margin: 2)
        let result = try Linker.link(left, right, options)
        let byLeft = Dictionary(uniqueKeysWithValues: result.pairs.map { ($0.left, $0) })
        XCTAssertEqual(byLeft[0]?.right, 0)
        XCTAssertEqual(byLeft[0]?.ambiguous, false)
        XCTAssertEqual(byLeft[0]?.runnerUp, 1)
        XCTAssertEqual(byLeft[1]?.ambiguous, true, "two identical 李四 are too close to call")
        XCTAssertNil(byLeft[2], "the same name with another birth date stays below the threshold")
        let expected = log2(0.9 / 0.01) + log2(0.95 / 0.001) + log2(0.98 / 0.5)
        XCTAssertEqual(byLeft[0]!.weight, expected, accuracy: 1e-9)
    }
}

private func draw(_ probabilities: [Double], _ rng: inout DemoRandom) -> ComparisonLevel {
    var x = rng.unit()
    for (i, p) in probabilities.enumerated() {
        if x < p { return ComparisonLevel(rawValue: i)! }
        x -= p
    }
    return .disagree
}
