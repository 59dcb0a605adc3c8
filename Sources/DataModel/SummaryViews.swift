// SummaryViews: what the centre publishes back to the departments that feed it (the
// seed's 信息互馈): births, marriages, pregnancies and hukou migration counted by
// township and month (migration 17). Counts only, never a person's row; on the server
// the department role reads these views and nothing else, and the views read the tables
// as their owner, so the counts are the whole city's whoever asks. Also the view of
// every card's number, from which a new card's number follows.

enum SummaryViews {
    /// The township a 12-digit code lies in, as its own 12-digit code.
    private static func township(_ column: String) -> String { "substr(\(column), 1, 9) || '000'" }

    private static func month(_ column: String) -> String { "substr(\(column), 1, 7)" }

    /// (view, SELECT) pairs; every column is a township, a month, a code or a count.
    static let views: [(name: String, select: String)] = [
        ("summary_births",
         "SELECT \(township("residence_area")) AS township, \(month("birth_date")) AS month, count(*) AS births "
            + "FROM births WHERE residence_area IS NOT NULL GROUP BY 1, 2"),
        // A marriage is counted where the wife's hukou is: the township that keeps her WIS card.
        ("summary_marriages",
         "SELECT \(township("wife_hukou")) AS township, \(month("reg_date")) AS month, kind, count(*) AS marriages "
            + "FROM marriages WHERE wife_hukou IS NOT NULL GROUP BY 1, 2, 3"),
        ("summary_pregnancies",
         "SELECT \(township("managing_area")) AS township, \(month("pregnant_since")) AS month, count(*) AS pregnancies "
            + "FROM wis_cards WHERE pregnant_since IS NOT NULL GROUP BY 1, 2"),
        ("summary_migration",
         "SELECT \(township("from_area")) AS from_township, \(township("to_area")) AS to_township, "
            + "\(month("event_date")) AS month, event, count(*) AS events "
            + "FROM hukou_events GROUP BY 1, 2, 3, 4"),
    ]

    /// Every card's number, and nothing else of it: a new card takes the next number
    /// after the whole city's highest, which a clerk, who sees only the area's cards, reads
    /// here (on the server the view reads the cards as their owner).
    static let cardNumbers = "wis_card_numbers"

    /// Migration 17: the same views on both engines.
    static func migrate(_ db: Database) throws {
        for view in views { try db.execute("CREATE VIEW \(view.name) AS \(view.select)") }
        try db.execute("CREATE VIEW \(cardNumbers) AS SELECT card_no FROM wis_cards")
    }
}
