// FindingsTable: a cross-check run's findings as a plan, so the table value the
// builtins return can be filtered, counted, exported and handed to `apply` like any
// other table; and the reading back of such a table's rows as findings to act on.

public enum FindingsTable {
    /// The columns a findings table shows, in order.
    public static let columns: [PlanColumn] = [
        PlanColumn("feed", .text), PlanColumn("record_no", .text), PlanColumn("person_id", .text),
        PlanColumn("card_no", .text), PlanColumn("match", .text), PlanColumn("score", .real),
        PlanColumn("finding", .text), PlanColumn("detail", .text), PlanColumn("source", .text),
    ]

    /// The findings of run `id`, in the order they were found.
    public static func plan(run id: Int64) -> Plan {
        let all = [PlanColumn("run_id", .integer)] + columns
        let source = PlanSource(table: "crosscheck_findings", columns: all.map { ($0, PlanExpr.column($0.name)) })
        return Plan(name: "findings", source: source)
            .adding(.filter(.binary(.equal, .column("run_id"), .value(.integer(id), .integer))))
            .adding(.select(columns.map { (name: $0.name, value: PlanExpr.column($0.name)) }))
    }

    /// The latest run's id, nil when nothing was cross-checked yet.
    public static func latestRun(_ database: Database) throws -> Int64? {
        try database.scalar("SELECT max(id) FROM crosscheck_runs").integer
    }

    /// A findings row (by column name) as a finding to act on; nil names the missing column.
    public static func reference(_ row: [String: SQLValue]) -> Result<FindingReference, ApplyError> {
        for column in ["feed", "record_no", "finding"] where row[column] == nil {
            return .failure(ApplyError("a findings table needs the column \(column) (keep feed, record_no, person_id, "
                                       + "card_no and finding when selecting)"))
        }
        guard let feedName = row["feed"]?.text, let feed = CrosscheckFeed(rawValue: feedName) else {
            return .failure(ApplyError("\"\(row["feed"]?.text ?? "")\" is not a feed (one of "
                                       + CrosscheckFeed.allCases.map(\.rawValue).joined(separator: ", ") + ")"))
        }
        return .success(FindingReference(feed: feed, recordNo: row["record_no"]?.text ?? "", personID: row["person_id"]?.text,
                                         cardNo: row["card_no"]?.text, finding: row["finding"]?.text ?? ""))
    }
}
