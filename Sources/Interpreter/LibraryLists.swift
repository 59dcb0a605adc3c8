// Standard library, lists and records: map, filter, reduce, sort, reverse, first,
// last, keys, values. Functions passed in are called through the machine, so an
// error inside them points at their own line.

let listBuiltins: [Builtin] = [
    Builtin("map(xs, f)", doc: "A list of f(x) for each item.",
            example: "map([1, 2, 3], fn(x) => x * 10)", result: "[10, 20, 30]") { c in
        let f = try c.function(1)
        return .list(try c.sequence(0).map { try c.call(f, [$0]) })
    },
    Builtin("filter(xs, f)", doc: "The items for which f(x) is true.",
            example: "filter([15, 32, 51], fn(age) => age between 15 and 49)", result: "[15, 32]") { c in
        let f = try c.function(1)
        return .list(try c.sequence(0).filter { x in
            let keep = try c.call(f, [x])
            guard case .bool(let b) = keep else {
                throw c.error("the function given to filter must return true or false, got \(keep.typeName)")
            }
            return b
        })
    },
    Builtin("reduce(xs, f, initial)", doc: "Folds the list: f(f(initial, x0), x1)...",
            example: "reduce([1, 2, 3], fn(acc, x) => acc + x, 0)", result: "6") { c in
        let f = try c.function(1)
        var acc = c[2]
        for x in try c.sequence(0) { acc = try c.call(f, [acc, x]) }
        return acc
    },
    Builtin("sort(xs, key = null, descending = false)",
            doc: "The list in ascending order (stable), by key(x) when a key function is given.",
            example: "sort([\"b\", \"c\", \"a\"], descending: true)", result: "[\"c\", \"b\", \"a\"]") { c in
        let xs = try c.sequence(0)
        let keys: [Value]
        if c[1].isNull { keys = xs } else {
            let f = try c.function(1)
            keys = try xs.map { try c.call(f, [$0]) }
        }
        let descending = try c.bool(2)
        var failure: (Value, Value)?
        let order = keys.indices.sorted { i, j in
            // Nulls sort last either way, as in the database.
            if keys[i].isNull || keys[j].isNull { return !keys[i].isNull && keys[j].isNull }
            guard let o = keys[i].compare(keys[j]) else {
                failure = failure ?? (keys[i], keys[j])
                return i < j
            }
            return o == 0 ? i < j : (descending ? o > 0 : o < 0)
        }
        if let (a, b) = failure { throw c.error("cannot sort: the list mixes \(a.typeName) and \(b.typeName)") }
        return .list(order.map { xs[$0] })
    },
    Builtin("reverse(xs)", doc: "The list in reverse order.",
            example: "reverse([1, 2, 3])", result: "[3, 2, 1]") { c in .list(try c.sequence(0).reversed()) },
    Builtin("first(xs)", doc: "The first item, or null for an empty list.",
            example: "first([\"a\", \"b\"])", result: "\"a\"") { c in try c.sequence(0).first ?? .null },
    Builtin("last(xs)", doc: "The last item, or null for an empty list.",
            example: "last([\"a\", \"b\"])", result: "\"b\"") { c in try c.sequence(0).last ?? .null },
    Builtin("keys(r)", doc: "The field names of a record, in order.",
            example: "keys({name: \"王芳\", age: 32})", result: "[\"name\", \"age\"]") { c in
        .list(try c.record(0).names.map { .string($0) })
    },
    Builtin("values(r)", doc: "The field values of a record, in order.",
            example: "values({name: \"王芳\", age: 32})", result: "[\"王芳\", 32]") { c in
        .list(try c.record(0).values)
    },
]
