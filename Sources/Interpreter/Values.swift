// Values: what a popsh expression evaluates to, how values compare, and how they are
// shown. Lists and records have value semantics (copy on write). Functions are
// closures or builtins.

import DataModel

public enum Value: @unchecked Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case date(CivilDate)
    case list([Value])
    case record(Record)
    case function(Function)
    /// A lazy database table: a plan that runs only when shown, exported or iterated.
    case table(Table)

    /// The name `type(x)` returns and error messages use.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .date: return "date"
        case .list: return "list"
        case .record: return "record"
        case .function: return "function"
        case .table: return "table"
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// How deep lists and records may hold each other. Freeing, showing and comparing a
    /// value recurse once per level, so a list wrapped in itself a million times in a
    /// loop would overflow the stack; no real data nests anywhere near this.
    static let maxNesting = 1_000

    /// Throws when putting this value inside a list or record would nest deeper than
    /// `maxNesting`. Walks only the containers within that depth.
    func checkNestable(at location: SourceLocation) throws {
        guard reachesDepth(Value.maxNesting) else { return }
        throw PopshError(.runtime, "lists and records may nest at most \(Value.maxNesting) deep",
                         at: location, hint: "keep the items side by side in one list instead of wrapping it again")
    }

    /// Whether this value's nesting depth (0 for a scalar, 1 for a flat list) is n or more.
    private func reachesDepth(_ n: Int) -> Bool {
        switch self {
        case .list(let xs): return n <= 1 || xs.contains { $0.reachesDepth(n - 1) }
        case .record(let r): return n <= 1 || r.values.contains { $0.reachesDepth(n - 1) }
        default: return n <= 0
        }
    }
}

/// A record: named fields in the order they were written.
public struct Record: Sendable {
    public private(set) var names: [String]
    public private(set) var values: [Value]

    public init(names: [String] = [], values: [Value] = []) {
        self.names = names
        self.values = values
    }

    public init(_ pairs: [(String, Value)]) {
        self.names = pairs.map(\.0)
        self.values = pairs.map(\.1)
    }

    public subscript(name: String) -> Value? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue { values[i] = newValue } else { names.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                names.append(name); values.append(newValue)
            }
        }
    }
}

// MARK: - equality and order

extension Value {
    /// Equality as `==` sees it: numbers compare by value across int and float.
    public func equals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.int(a), .float(b)): return Double(a) == b
        case let (.float(a), .int(b)): return a == Double(b)
        case let (.float(a), .float(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.date(a), .date(b)): return a == b
        case let (.list(a), .list(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.equals($1) }
        case let (.record(a), .record(b)):
            return a.names == b.names && zip(a.values, b.values).allSatisfy { $0.equals($1) }
        case let (.function(a), .function(b)): return a === b
        case let (.table(a), .table(b)): return a === b
        default: return false
        }
    }

    /// Order for `<` and sorting: numbers, strings, dates and booleans among their own
    /// kind (lists element by element); nil when the two cannot be ordered.
    public func compare(_ other: Value) -> Int? {
        switch (self, other) {
        case let (.int(a), .int(b)): return a < b ? -1 : (a > b ? 1 : 0)
        case let (.int(a), .float(b)): return order(Double(a), b)
        case let (.float(a), .int(b)): return order(a, Double(b))
        case let (.float(a), .float(b)): return order(a, b)
        case let (.string(a), .string(b)): return TextOrder.compare(a, b)
        case let (.date(a), .date(b)): return a.days < b.days ? -1 : (a.days > b.days ? 1 : 0)
        case let (.bool(a), .bool(b)): return a == b ? 0 : (a ? 1 : -1)
        case let (.list(a), .list(b)):
            for (x, y) in zip(a, b) {
                guard let c = x.compare(y) else { return nil }
                if c != 0 { return c }
            }
            return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
        default: return nil
        }
    }
}

private func order(_ a: Double, _ b: Double) -> Int? {
    if a.isNaN || b.isNaN { return nil }
    return a < b ? -1 : (a > b ? 1 : 0)
}

/// How strings sort: by Unicode scalar values, which is also SQLite's BINARY collation,
/// so a list sorted in popsh and a table sorted in the database agree.
enum TextOrder {
    static func compare(_ a: String, _ b: String) -> Int {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?): if x != y { return x.value < y.value ? -1 : 1 }
            }
        }
    }
}

// MARK: - showing values

extension Value {
    /// The form the prompt shows and lists contain: strings quoted, dates with `@`.
    public var repr: String {
        switch self {
        case .string(let s): return quote(s)
        case .date(let d): return "@" + d.description
        default: return text
        }
    }

    /// The form `print` and `str` produce: strings and dates as they are.
    public var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return formatFloat(f)
        case .string(let s): return s
        case .date(let d): return d.description
        case .list(let xs): return "[" + xs.map(\.repr).joined(separator: ", ") + "]"
        case .record(let r):
            return "{" + zip(r.names, r.values).map { "\(isPlainName($0) ? $0 : quote($0)): \($1.repr)" }
                .joined(separator: ", ") + "}"
        case .function(let f): return "<fn \(f.signature)>"
        case .table(let t): return "<table \(t.name): \(t.columns.map(\.name).joined(separator: ", "))>"
        }
    }
}

/// Shortest form that reads back as the same float, always with a decimal point or
/// exponent so a float never looks like an integer (`95.0`, not `95`).
public func formatFloat(_ f: Double) -> String {
    if f.isNaN { return "nan" }
    if f.isInfinite { return f > 0 ? "inf" : "-inf" }
    return f.description
}

func quote(_ s: String) -> String { quoted(s, json: false) }

/// A string in double quotes with quotes, backslashes and control characters escaped: as a popsh
/// literal (`\u{1b}`), or as JSON wants it (`\u001b`).
public func quoted(_ s: String, json: Bool) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            guard c.value < 0x20 else { out.unicodeScalars.append(c); continue }
            let hex = String(c.value, radix: 16)
            out += json ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex : "\\u{\(hex)}"
        }
    }
    return out + "\""
}

private func isPlainName(_ s: String) -> Bool {
    guard let first = s.first, first == "_" || first.isLetter else { return false }
    return s.allSatisfy { $0 == "_" || $0.isLetter || ($0.isNumber && $0.isASCII) } && !keywords.contains(s)
}
