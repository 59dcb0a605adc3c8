// ChangeJSON: the text form of a row's values in the audit log (before and after
// each change). One encoding for every writer of the log, the importer's audited
// updates and the cross-check's apply and undo alike, so undo can read what either wrote.

import Foundation

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
