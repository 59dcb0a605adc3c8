// ActionPlanner: turns findings into the changes an action would make to WIS as it
// stands now. A finding whose change is already in WIS (the card exists, the child is
// listed, the card is closed) plans a skip, which is what makes applying the same
// findings twice change nothing the second time.

import Foundation

struct ActionPlanner {
    let database: Database
    let today: CivilDate
    private var nextCardNumber: Int?
    /// What this batch already changes (a woman's new card, a card's child, a card), so
    /// two findings about the same thing (a birth and its newborn registration) change it once.
    private var planned: [String: String] = [:]

    init(database: Database, today: CivilDate) {
        self.database = database
        self.today = today
    }

    mutating func plan(_ finding: FindingReference, _ action: FindingAction) throws -> PlannedChange {
        var change = PlannedChange(action: action, feed: finding.feed, recordNo: finding.recordNo, table: "wis_cards",
                                   key: finding.cardNo ?? "", before: nil, after: [:], skipped: nil)
        guard finding.finding == action.resolves else {
            change.skipped = "\(action.rawValue) resolves \(action.resolves) findings, not \(finding.finding.isEmpty ? "consistent records" : finding.finding)"
            return change
        }
        let updated: SQLValue = .text(today.description)
        var result: PlannedChange
        switch action {
        case .newCard: result = try newCard(finding, change)
        case .addChild: result = try addChild(finding, change)
        case .closeCard:
            result = try updateCard(finding, change, when: "status = 'active'", set: ["status": .text("deceased"), "updated": updated])
        case .transferCard:
            result = try updateCard(finding, change, when: "status = 'active'", set: ["status": .text("moved_out"), "updated": updated])
        case .closePregnancy:
            result = try updateCard(finding, change, when: "status = 'active' AND pregnant_since IS NOT NULL",
                                    set: ["pregnant_since": .null, "pregnancy_recorded": .null, "updated": updated])
        }
        return once(result)
    }

    /// The change, or a skip when an earlier finding of the batch already makes it.
    private mutating func once(_ change: PlannedChange) -> PlannedChange {
        guard change.skipped == nil else { return change }
        let subject = change.action == .newCard ? change.after["woman_id"]?.text ?? change.key
            : change.action == .addChild ? "\(change.after["card_no"]?.text ?? "")|\(change.after["birth_date"]?.text ?? "")"
            : change.key
        if let first = planned[subject] {
            var skip = change
            skip.skipped = "already changed by this batch for \(first)"
            return skip
        }
        planned[subject] = "\(change.feed.rawValue) \(change.recordNo)"
        return change
    }

    private func feedRow(_ finding: FindingReference) throws -> [String: SQLValue] {
        let statement = try database.prepare("SELECT * FROM \(finding.feed.table) WHERE record_no = ?1")
        defer { statement.reset() }
        try statement.bind([.text(finding.recordNo)])
        guard try statement.step() else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(statement.columnNames, statement.row()))
    }

    private func person(_ id: String) throws -> [String: SQLValue] {
        let rows = try database.query("SELECT name, birth_date, spouse_id, residence_area, hukou_area FROM persons "
                                      + "WHERE person_id = ?1", [.text(id)])
        guard let row = rows.first else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(["name", "birth_date", "spouse_id", "residence_area", "hukou_area"], row))
    }

    private mutating func newCard(_ finding: FindingReference, _ planned: PlannedChange) throws -> PlannedChange {
        var change = planned
        let record = try feedRow(finding)
        let subjectID = finding.feed == .marriage ? "wife_id" : "person_id"
        guard let woman = finding.personID ?? record[subjectID]?.text else {
            change.skipped = "the record gives no valid identity number: create the card by hand"
            return change
        }
        if let existing = try database.scalar("SELECT card_no FROM wis_cards WHERE woman_id = ?1 AND status = 'active'",
                                              [.text(woman)]).text {
            change.key = existing
            change.skipped = "card \(existing) is already active"
            return change
        }
        let p = try person(woman)
        let spouse = finding.feed == .marriage ? record["husband_id"] ?? .null : p["spouse_id"] ?? .null
        var spouseName = finding.feed == .marriage ? record["husband_name"] ?? .null : SQLValue.null
        if spouseName == .null, let id = spouse.text { spouseName = try person(id)["name"] ?? .null }
        let areas = [p["residence_area"], p["hukou_area"], record["wife_hukou"], record["to_area"]].compactMap { $0?.text }
        let managing = areas.first(where: AreaCode.isInCity) ?? areas.first
        guard let name = p["name"]?.text ?? record[finding.feed == .marriage ? "wife_name" : "name"]?.text,
              let birth = p["birth_date"]?.text ?? record[finding.feed == .marriage ? "wife_birth" : "birth_date"]?.text
                ?? IdentityNumber.normalize(woman)?.birthDate.description, let managing else {
            change.skipped = "the register and the record lack the name, birth date or area a card needs"
            return change
        }
        if let first = self.planned[woman] {
            change.skipped = "already changed by this batch for \(first)"
            return change
        }
        let number = try takeCardNumber()
        change.key = number
        change.after = ["card_no": .text(number), "woman_id": .text(woman), "name": .text(name), "birth_date": .text(birth),
                        "marital": .text("married"),
                        "marriage_date": finding.feed == .marriage ? record["reg_date"] ?? .null : .null,
                        "spouse_id": spouse, "spouse_name": spouseName, "managing_area": .text(managing),
                        "status": .text("active"), "updated": .text(today.description)]
        return change
    }

    /// New cards continue the `WIS` + 8 digits numbering after the highest number in use.
    private mutating func takeCardNumber() throws -> String {
        if nextCardNumber == nil {
            let numbered = database.dialect.number(in: "card_no", after: "WIS")
            // The whole city's cards, also when a clerk sees only the area's (SummaryViews.cardNumbers).
            let highest = try database.scalar("SELECT max(\(numbered.value)) FROM \(SummaryViews.cardNumbers) "
                                              + "WHERE \(numbered.matches)")
                .integer ?? 0
            // A card file may carry any number; SQLite saturates a huge one at Int64.max.
            guard let next = Checked.add(highest, 1) else {
                throw ApplyError("the highest WIS card number in use (WIS\(highest)) leaves no next number for a new card")
            }
            nextCardNumber = Int(next)
        }
        let digits = String(nextCardNumber!)
        nextCardNumber! += 1
        return "WIS" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    private func addChild(_ finding: FindingReference, _ planned: PlannedChange) throws -> PlannedChange {
        var change = planned
        change.table = "wis_children"
        let record = try feedRow(finding)
        guard let card = finding.cardNo, let born = record["birth_date"]?.text else {
            change.skipped = "the finding names no card or the record no birth date"
            return change
        }
        let listed = try database.scalar("SELECT count(*) FROM wis_children WHERE card_no = ?1 AND birth_date = ?2",
                                         [.text(card), .text(born)]).integer ?? 0
        guard listed == 0 else {
            change.skipped = "card \(card) already lists a child born on \(born)"
            return change
        }
        let orders = Set(try database.query("SELECT birth_order FROM wis_children WHERE card_no = ?1", [.text(card)])
            .compactMap { $0[0].integer })
        let written = record["birth_order"]?.integer
        let order = written.flatMap { orders.contains($0) ? nil : $0 } ?? ((orders.max() ?? 0) + 1)
        let newborn = finding.feed == .hukou
        change.key = "\(card)/\(order)"
        change.after = ["card_no": .text(card), "child_id": newborn ? record["person_id"] ?? .null : .null,
                        "name": newborn ? record["name"] ?? .null : .null, "birth_date": .text(born),
                        "sex": newborn ? record["sex"] ?? .null : record["child_sex"] ?? .null,
                        "birth_order": .integer(order)]
        return change
    }

    private func updateCard(_ finding: FindingReference, _ planned: PlannedChange, when condition: String,
                            set values: [String: SQLValue]) throws -> PlannedChange {
        var change = planned
        guard let card = finding.cardNo else {
            change.skipped = "the finding names no card"
            return change
        }
        let columns = values.keys.sorted()
        let rows = try database.query("SELECT \(columns.joined(separator: ", ")) FROM wis_cards WHERE card_no = ?1 AND \(condition)",
                                      [.text(card)])
        guard let row = rows.first else {
            change.skipped = "card \(card) no longer needs it"
            return change
        }
        change.before = Dictionary(uniqueKeysWithValues: zip(columns, row))
        change.after = values
        return change
    }
}
