// swift-tools-version: 6.1
// Benchmarks of attain, kept out of the root package so that it stays light (STYLE.md).
// Build with a scratch path of its own, beside the root's .build:
//   swift build -c release --scratch-path ../.build-bench
import PackageDescription

let package = Package(
    name: "attain-benchmarks",
    dependencies: [
        // Named, so that the products below resolve whatever the checkout's folder is called.
        .package(name: "attain", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "attain-bench",
            dependencies: [
                .product(name: "AttainmentCore", package: "attain"),
                .product(name: "AttainmentIO", package: "attain"),
                .product(name: "AttainmentReport", package: "attain"),
                .product(name: "AttainmentStore", package: "attain"),
            ]
        ),
    ]
)

// Upcoming language features, as in the root package (STYLE.md rule 15).
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ])
    target.swiftSettings = settings
}
