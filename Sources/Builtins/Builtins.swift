// Builtins: the domain functions of popsh over the language's standard library.
// Each family of builtins lives in its own file and registers one group here.

import Interpreter

public enum Builtins {
    /// The standard library plus every domain group, as the shell and the tests use it.
    public static func library() -> Library {
        let lib = Library.standard()
        TableBuiltins.install(into: lib)
        lib.register("cohorts", cohortBuiltins)
        lib.register("export", exportBuiltins)
        lib.register("identity numbers", identityBuiltins)
        lib.register("import", importBuiltins)
        lib.register("separation", separationBuiltins)
        lib.register("control statistics", controlStatsBuiltins + targetBuiltins)
        lib.register("reports", reportBuiltins + overviewBuiltins + formBuiltins + ledgerBuiltins)
        lib.register("cross-check", crosscheckBuiltins + applyBuiltins)
        lib.register("linkage", linkageBuiltins)
        lib.markQuiet(["people", "areas", "area", "inside", "with_names", "mwcba", "women", "in_area", "by_unit",
                       "population_types", "separation", "half_households", "pocket_households", "findings",
                       "id_valid", "id_normalize", "id_birth", "id_sex", "id_area"])
        return lib
    }
}
