// MatchExplanation: the evidence behind one record's link, for `explain_match`: each
// compared field on both sides with its weight, the total, and the runner-up, or for a
// record tied by its identity number, the number as written and as normalised.

/// Why a record was (or was not) tied to a register person.
public struct MatchExplanation: Sendable {
    public var feed: CrosscheckFeed
    public var recordNo: String
    public var match: MatchKind
    public var idWritten: String?
    public var idNormalized: String?
    /// Register persons considered, best first (empty for a record tied by its number).
    public var candidates: [LinkCandidate]
    public var threshold: Double
    public var margin: Double

    /// One line per field and candidate, then the totals and the decision.
    public var lines: [String] {
        var out = ["\(feed.rawValue) \(recordNo): match \(match.rawValue)"]
        if let id = idNormalized {
            out.append("  identity number \"\(idWritten ?? "")\" " + (idWritten == id ? "is valid as written" : "normalises to \(id)"))
            return out
        }
        out.append("  identity number " + (idWritten.map { "\"\($0)\" cannot be trusted" } ?? "is missing")
                   + "; linked by evidence (threshold \(threshold) bits, margin \(margin))")
        for (rank, candidate) in candidates.prefix(2).enumerated() {
            out.append("  \(rank == 0 ? "best" : "runner-up"): \(candidate.personID)")
            for f in candidate.evidence.fields {
                out.append("    \(f.field): \(f.left ?? "(empty)") | \(f.right ?? "(empty)") -> "
                           + "\(f.level?.name ?? "missing") \(format(f.weight))")
            }
            out.append("    total \(format(candidate.evidence.total))")
        }
        if candidates.isEmpty { out.append("  no register person shares the name or the birth date") }
        return out
    }

    private func format(_ w: Double) -> String {
        let rounded = (w * 100).rounded() / 100
        return (rounded >= 0 ? "+" : "") + String(rounded)
    }
}
