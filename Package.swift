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
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "DataModel", dependencies: ["CSQLite"]),
        .target(
            name: "Interpreter",
            dependencies: ["DataModel"],
            // The evaluator's frames and globals are only touched by the interpreter
            // thread; dynamic exclusivity checks on them cost a fifth of a call.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(name: "Builtins", dependencies: ["Interpreter", "DataModel"]),
        .executableTarget(
            name: "popsh",
            dependencies: [
                "Builtins", "Interpreter", "DataModel", "CEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DataModelTests", dependencies: ["DataModel"]),
        .testTarget(name: "BuiltinsTests", dependencies: ["Builtins", "Interpreter", "DataModel"]),
        .testTarget(name: "CrosscheckTests", dependencies: ["Builtins", "Interpreter", "DataModel"]),
        .testTarget(name: "ReportTests", dependencies: ["Builtins", "Interpreter", "DataModel"], exclude: ["golden"]),
        .testTarget(
            name: "InterpreterTests",
            dependencies: ["Interpreter", "Builtins", "DataModel"],
            exclude: ["scripts"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
