// FindingAction: what the centre may do about a finding (issue 5): create the card a
// married woman lacks, add the child a card does not list, close the card of a woman
// who died, mark a card moved out, close a pregnancy that ended. Each action plans its
// change from WIS as it stands now, so a finding already acted on plans nothing.

import Foundation

/// An action on findings and the finding codes it acts on.
public enum FindingAction: String, CaseIterable, Sendable {
    case newCard = "new_card"
    case addChild = "add_child"
    case closeCard = "close_card"
    case transferCard = "transfer_card"
    case closePregnancy = "close_pregnancy"

    /// The finding codes this action resolves; other findings are left alone.
    public var resolves: String {
        switch self {
        case .newCard: return "no_card"
        case .addChild: return "birth_not_recorded"
        case .closeCard: return "card_active_after_death"
        case .transferCard: return "card_not_transferred"
        case .closePregnancy: return "pregnancy_still_open"
        }
    }
}

/// A findings row as an action reads it.
public struct FindingReference: Sendable {
    public var feed: CrosscheckFeed
    public var recordNo: String
    public var personID: String?
    public var cardNo: String?
    public var finding: String

    public init(feed: CrosscheckFeed, recordNo: String, personID: String?, cardNo: String?, finding: String) {
        self.feed = feed
        self.recordNo = recordNo
        self.personID = personID
        self.cardNo = cardNo
        self.finding = finding
    }
}

/// One row an action inserts or updates; `before` is nil for an insert.
public struct PlannedChange: Sendable {
    public var action: FindingAction
    public var feed: CrosscheckFeed
    public var recordNo: String
    public var table: String
    /// `card_no`, or `card_no/birth_order` for a child.
    public var key: String
    public var before: [String: SQLValue]?
    public var after: [String: SQLValue]
    /// Set when nothing is done for this finding, saying why (already done, no number...).
    public var skipped: String?
}

/// Text forms of changes for the audit log and for showing a plan.
enum ChangeJSON {
    static func encode(_ values: [String: SQLValue]) -> String {
        var object: [String: Any] = [:]
        for (name, value) in values {
            switch value {
            case .null: object[name] = NSNull()
            case .integer(let i): object[name] = i
            case .real(let d): object[name] = d
            case .text(let s): object[name] = s
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String: SQLValue]? {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        var out: [String: SQLValue] = [:]
        for (name, value) in object {
            switch value {
            case let s as String: out[name] = .text(s)
            // The changed columns hold text and whole numbers (birth_order) only.
            case let n as NSNumber: out[name] = n.doubleValue.rounded() == n.doubleValue ? .integer(n.int64Value) : .real(n.doubleValue)
            default: out[name] = .null
            }
        }
        return out
    }
}
