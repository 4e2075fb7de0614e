// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "attain",
    products: [
        .library(name: "AttainmentCore", targets: ["AttainmentCore"]),
        .library(name: "AttainmentIO", targets: ["AttainmentIO"]),
        .library(name: "AttainmentReport", targets: ["AttainmentReport"]),
        .library(name: "AttainmentStore", targets: ["AttainmentStore"]),
        .executable(name: "attain", targets: ["attain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The results history: SQLite through GRDB (needs libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // libxlsxwriter, the C library that writes .xlsx workbooks with native charts.
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // libcrypto (OpenSSL), for SHA-256 of the input files with the CPU's SHA instructions.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // zlib, which deflates the parts of the .docx files attain writes.
        .systemLibrary(
            name: "CDeflate",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "AttainmentCore", dependencies: ["CBLAS"]),
        .target(
            name: "AttainmentIO",
            dependencies: [
                "AttainmentCore", "CCrypto",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "AttainmentStore",
            dependencies: [
                "AttainmentCore", "AttainmentIO",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for the bulk of a run's rows (HistoryStore+Record.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "AttainmentReport",
            dependencies: [
                "AttainmentCore", "AttainmentIO", "AttainmentStore", "CXLSXWriter", "CDeflate",
            ]
        ),
        .executableTarget(
            name: "attain",
            dependencies: [
                "AttainmentCore", "AttainmentIO", "AttainmentReport", "AttainmentStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What several test modules share: the scratch folder (one per test process, removed
        // when it exits) and the seeded random generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "AttainmentCoreTests", dependencies: ["AttainmentCore", "TestSupport"]),
        .testTarget(name: "AttainmentIOTests", dependencies: ["AttainmentIO", "TestSupport"]),
        .testTarget(
            name: "AttainmentReportTests", dependencies: ["AttainmentReport", "AttainmentIO", "AttainmentStore", "TestSupport"]),
        .testTarget(name: "AttainmentStoreTests", dependencies: ["AttainmentStore", "AttainmentIO", "TestSupport"]),
        // Runs the built `attain` binary; depending on the target makes sure it is built.
        .testTarget(name: "attainTests", dependencies: ["attain", "TestSupport"]),
    ]
)

// Upcoming language features, the same for every target (STYLE.md rule 15).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ])
    target.swiftSettings = settings
}
