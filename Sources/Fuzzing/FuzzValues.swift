// FuzzValues: the literals the fuzzer writes into programs. Plausible values (ages,
// dates of the register, area names) keep programs running deep enough to reach the
// builtins; extreme ones (Int64's ends, widths no machine can honour, the calendar's
// ends, NaN and the infinities, empty and Chinese text) are what finds the traps.

enum FuzzValues {
    static let plausibleInts = ["0", "1", "2", "3", "10", "15", "49", "50", "100", "2025", "12", "-1", "-6", "7"]
    static let extremeInts = [
        "9223372036854775807", "(-9223372036854775807 - 1)", "-9223372036854775807", "9223372036854775806",
        "4611686018427387904", "-4611686018427387904", "2147483647", "-2147483648", "4294967296",
        "999999999", "9999999999", "10000001", "-10000001", "1000000", "65", "62", "25", "9999", "10000", "-719163",
    ]
    static let floats = [
        "0.5", "1.5", "2.675", "95.25", "-2.5", "0.0", "1e-3", "1e300", "-1e300", "1e18", "9.3e18", "-9.3e18",
        "float(\"nan\")", "float(\"inf\")", "float(\"-inf\")", "(1e308 * 10)", "(0.1 + 0.2)", "5e-324",
    ]
    static let strings = [
        "\"\"", "\"a\"", "\"abc\"", "\"渝水区\"", "\"城南街道\"", "\"分宜县\"", "\"360502\"", "\"360502001001\"",
        "\"360502999999\"", "\"2025-12-31\"", "\"2025/6/30\"", "\"20251231\"", "\"42\"", "\" 3.5 \"", "\"a\\tb\"",
        "\"\\u{3000}\"", "\"\\u{0}\"", "\"F\"", "\"M\"", "\"married\"", "\"township\"", "\"county\"", "\"residence\"",
        "\"hukou\"", "\"360502198001010022\"", "\"11010519491231002x\"", "\"360502209901010222\"", "\"births\"",
        "\"x.csv\"", "\"out.md\"", "\"{}\"", "\"-\"", "\"\\\\\"", "\"王芳\"", "\"😀\"", "\"e\\u{301}\"",
    ]
    static let formats = [
        "\"{}\"", "\"{} {}\"", "\"{:>8}|\"", "\"{:<8}|\"", "\"{:^7}|\"", "\"{:.1f}\"", "\"{:.2%}\"", "\"{:,}\"",
        "\"{:,.2f}\"", "\"{0}{0}\"", "\"{1}\"", "\"{-1}\"", "\"{:<9223372036854775806}|\"",
        "\"{:.9223372036854775806f}\"", "\"{:9999999999}\"", "\"{:999999999}\"", "\"{:10001}\"", "\"{:.101f}\"",
        "\"{:.100f}\"", "\"{:10000}\"", "\"{\"", "\"}\"", "\"{{}}\"", "\"{:五}\"", "\"{:.f}\"", "\"{:x}\"",
        "\"{99999999999999999999}\"", "\"{:8.2f}\"",
    ]
    static let dates = [
        "@2025-12-31", "@2025-01-31", "@2024-02-29", "@1990-06-15", "@0001-01-01", "@9999-12-31", "@1970-01-01",
        "@2025-06-30", "@1900-01-01", "@0050-12-31", "@0025-06-15",
    ]
    static let keywords = ["true", "false", "null"]
    static let feeds = ["\"births\"", "\"marriages\"", "\"deaths\"", "\"abortions\"", "\"hukou_events\"", "\"wis\"", "\"\""]
    static let levels = ["\"township\"", "\"county\"", "\"community\"", "\"city\"", "\"unit\"", "\"\""]
    static let months = ["\"2025-11\"", "\"2025-13\"", "\"0000-01\"", "\"9999-12\"", "\"2025-1\"", "\"x\""]
    /// Files in the fuzzer's scratch folder (its working directory), never elsewhere.
    static let paths = ["\"fz.csv\"", "\"fz.tsv\"", "\"fz.json\"", "\"fz.md\"", "\"fz.html\"", "\"fz.txt\"",
                        "\"missing.csv\"", "\"\"", "\".\""]
    static let comparisonKinds = ["\"exact\"", "\"jaro_winkler\"", "\"date\"", "\"numeric\"", "\"area\"", "\"hamming\"", "\"x\""]
    static let names = ["x", "y", "n", "xs", "s", "d", "r", "f", "i", "acc", "t"]
    static let binaryOperators = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or"]
    static let tableNames = ["people", "wis", "children", "units", "areas", "marriages", "births", "deaths",
                             "abortions", "hukou_events", "quarantine", "imports"]
    static let aggregates = ["count()", "count_if(C)", "sum(X)", "avg(X)", "min(X)", "max(X)", "share(C)"]
    /// Fragments spliced into mutated programs.
    static let fragments = [
        "(", ")", "[", "]", "{", "}", "|", ",", ":", "=>", "\"", "@", "@2025-13-01", "\n", "fn", "if", "then",
        "else", "let", "for", "in", "while", "between", "and", "not", "#", "..", "-", "where", "count by", "sort",
        "渝", "\u{3000}", "\\", "9223372036854775808", "1e999", "return", "break", "9223372036854775807",
        "-9223372036854775807", "take", "0", "-1", "\"{:99999}\"",
    ]
}
