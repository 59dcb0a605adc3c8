// Syntax: the tree the parser builds, before names are resolved. Each node keeps the
// source location that diagnostics point at. The resolver turns it into the
// executable tree of Evaluator.swift.

struct Argument {
    var name: String?          // nil for a positional argument
    var value: Expr
    var location: SourceLocation
}

struct Parameter {
    var name: String
    var defaultValue: Expr?
    var location: SourceLocation
}

final class FunctionDecl {
    let name: String?
    let parameters: [Parameter]
    let body: [Stmt]           // an `=> expr` body is one return statement
    let location: SourceLocation

    init(name: String?, parameters: [Parameter], body: [Stmt], location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
}

enum BinaryOp: String {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case range = ".."
}

/// An item of a table verb: `name`, `name = expr`, `-expr` (descending) or `expr`.
struct VerbItem {
    var name: String?
    var value: Expr
    var descending: Bool
    var location: SourceLocation
}

/// A table verb after a pipe (`where`, `select`, `derive`, `sort`, `take`, `distinct`,
/// `summarize`, `count`, `join`). Inside a verb, bare names are columns.
struct Verb {
    var name: String
    var items: [VerbItem]
    var by: [VerbItem]
    var other: Expr?                  // the right-hand table of `join`
    var options: [Argument]           // `kind: "left"` and the like
    var location: SourceLocation
}

indirect enum Expr {
    case literal(Value, SourceLocation)
    case name(String, SourceLocation)
    case list([Expr], SourceLocation)
    case record([(String, Expr)], SourceLocation)
    case negate(Expr, SourceLocation)
    case not(Expr, SourceLocation)
    case binary(BinaryOp, Expr, Expr, SourceLocation)
    case and(Expr, Expr, SourceLocation)
    case or(Expr, Expr, SourceLocation)
    case between(Expr, Expr, Expr, negated: Bool, SourceLocation)
    case member(Expr, Expr, negated: Bool, SourceLocation)
    case call(Expr, [Argument], SourceLocation)
    case index(Expr, Expr, SourceLocation)
    case field(Expr, String, SourceLocation)
    case function(FunctionDecl)
    case conditional(Expr, [Stmt], [Stmt], SourceLocation)   // if-expression; a branch's value is its last expression
    case pipe(Expr, Expr, SourceLocation)                      // `x | f(a)`: the stage is a call or a function value
    case verb(Expr, Verb)

    var location: SourceLocation {
        switch self {
        case .literal(_, let l), .name(_, let l), .list(_, let l), .record(_, let l), .negate(_, let l),
             .not(_, let l), .binary(_, _, _, let l), .and(_, _, let l), .or(_, _, let l),
             .between(_, _, _, _, let l), .member(_, _, _, let l), .call(_, _, let l),
             .index(_, _, let l), .field(_, _, let l), .conditional(_, _, _, let l), .pipe(_, _, let l):
            return l
        case .function(let f): return f.location
        case .verb(_, let v): return v.location
        }
    }
}

indirect enum Stmt {
    case expression(Expr)
    case declare(String, Expr, SourceLocation)                 // let name = expr
    case assign(Expr, Expr, SourceLocation)                    // target = expr (name, index or field)
    case function(FunctionDecl)
    case ifElse(Expr, [Stmt], [Stmt]?, SourceLocation)
    case forIn(String, Expr, [Stmt], SourceLocation)
    case whileLoop(Expr, [Stmt], SourceLocation)
    case breakLoop(SourceLocation)
    case continueLoop(SourceLocation)
    case returnValue(Expr?, SourceLocation)
    case source(String, SourceLocation)
}
