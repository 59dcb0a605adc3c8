// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "popsh",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "popsh", targets: ["popsh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // Reading .xlsx feeds: a workbook is a zip of XML files.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Excel workbooks (export to .xlsx, reports as .xlsx): Debian's libxlsxwriter.
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The VFS that lends a cross-check the interior pages of the register's B-trees
        // from memory: C, since it fills SQLite's tables of C methods.
        .target(name: "CInteriorPages", dependencies: ["CSQLite"]),
        .target(name: "DataModel", dependencies: ["CSQLite", "CInteriorPages", "CLibPQ",
                                                  .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "Interpreter",
            dependencies: ["DataModel"],
            // Every interpreter object is used by one thread at a time: the interpreter
            // thread while a statement runs, its caller before and after (thread create
            // and join order them); the Ctrl-C handler touches only atomics and raw
            // handles. So reference counts need not be atomic and exclusivity need not
            // be checked at run time: together that halves the cost of a function call
            // (bench/call.pop, callgrind and hyperfine in docs/benchmarks.md).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked", "-Xfrontend", "-assume-single-threaded"],
                                         .when(configuration: .release))]
        ),
        .target(name: "Builtins", dependencies: ["Interpreter", "DataModel", "CXLSXWriter"]),
        .executableTarget(
            name: "popsh",
            dependencies: [
                "Builtins", "Interpreter", "DataModel", "CEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzzer: programs from the grammar and mutated scripts, run in process
        // (scripts/fuzz, FuzzTests).
        .target(name: "Fuzzing", dependencies: ["Builtins", "Interpreter", "DataModel"]),
        .executableTarget(name: "popsh-fuzz", dependencies: ["Fuzzing", "DataModel"]),
        // What the database tests share to run once per engine (EngineDatabases).
        .target(name: "EngineSupport", dependencies: ["DataModel"], path: "Tests/EngineSupport"),
        .testTarget(name: "DataModelTests", dependencies: ["DataModel", "EngineSupport", "CSQLite", "CInteriorPages"]),
        .testTarget(name: "PostgreSQLTests", dependencies: ["DataModel", "Builtins", "Interpreter", "EngineSupport"]),
        .testTarget(name: "BuiltinsTests", dependencies: ["Builtins", "Interpreter", "DataModel", "EngineSupport"]),
        .testTarget(name: "CrosscheckTests", dependencies: ["Builtins", "Interpreter", "DataModel", "EngineSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Builtins", "Interpreter", "DataModel", "EngineSupport"],
                    exclude: ["golden"]),
        .testTarget(
            name: "InterpreterTests",
            dependencies: ["Interpreter", "Builtins", "DataModel", "Fuzzing", "EngineSupport"],
            exclude: ["scripts", "fuzz-regressions"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
