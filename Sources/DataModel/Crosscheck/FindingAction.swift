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
