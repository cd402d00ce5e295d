// swift-tools-version:6.2
import PackageDescription

// package-benchmark suites for Steward. Run from this folder:
//   swift package --disable-sandbox benchmark
// Each suite is an executable target under Benchmarks/ using the BenchmarkPlugin.
let package = Package(
    name: "StewardBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Steward", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "ExprBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StewardExpr", package: "Steward"),
            ],
            path: "Benchmarks/ExprBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "GateBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StewardCore", package: "Steward"),
            ],
            path: "Benchmarks/GateBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StewardCore", package: "Steward"),
                .product(name: "StewardSQLite", package: "Steward"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/LedgerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PostgresLedgerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StewardCore", package: "Steward"),
                .product(name: "StewardApp", package: "Steward"),
            ],
            path: "Benchmarks/PostgresLedgerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "HealingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StewardCore", package: "Steward"),
                .product(name: "StewardEngine", package: "Steward"),
                .product(name: "StewardSQLite", package: "Steward"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/HealingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "GovernanceBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StewardCore", package: "Steward"),
                .product(name: "StewardEngine", package: "Steward"),
                .product(name: "StewardSQLite", package: "Steward"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/GovernanceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TelemetryBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StewardCore", package: "Steward"),
                .product(name: "StewardSQLite", package: "Steward"),
            ],
            path: "Benchmarks/TelemetryBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a package-benchmark suite: the yardstick server for Benchmarks/load/actions_load.sh.
        .executableTarget(
            name: "BareActionRoute",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "StewardCore", package: "Steward"),
            ],
            path: "BareActionRoute"
        ),
    ]
)
