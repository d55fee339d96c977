// swift-tools-version: 6.2
import PackageDescription

/// One set of settings for every target, as Hummingbird does: Swift 6 mode everywhere,
/// upcoming features on, so strict concurrency is checked the same way in each library.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Idlegrid",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "idlegrid", targets: ["idlegrid"]),
        .library(name: "GridCore", targets: ["GridCore"]),
        .library(name: "GridSandbox", targets: ["GridSandbox"]),
        .library(name: "GridLedger", targets: ["GridLedger"]),
    ],
    dependencies: [
        // Exact: fuel counts and trap texts come from the engine, and replicas must agree on
        // them; a new engine version is a new Sandbox.determinismClass.
        .package(url: "https://github.com/swiftwasm/WasmKit.git", exact: "0.4.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        // Tests only: reads openapi.yaml to check it against the routes and the JSON.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // Tests only: property-based tests (DESIGN.md's chosen package).
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "GridCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridSandbox",
            dependencies: [
                "GridCore",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The verifiable log: RFC 6962 Merkle tree and proofs, C2SP tlog-tiles, tlog-checkpoint
        // and signed-note. Pure and I/O-free; GridStore persists its hashes later.
        .target(
            name: "GridLedger",
            dependencies: ["GridCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridStore",
            dependencies: [
                "GridCore", "GridLedger",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridCoordinator",
            dependencies: [
                "GridCore", "GridStore", "GridSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridWorker",
            dependencies: [
                "GridCore", "GridSandbox", "GridStore",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridClient",
            dependencies: [
                "GridCore", "GridLedger",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridEmbedded",
            dependencies: [
                "GridCore", "GridStore", "GridCoordinator", "GridWorker", "GridClient",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GridDemo",
            dependencies: [
                "GridCore", "GridStore", "GridCoordinator", "GridWorker", "GridClient", "GridEmbedded", "GridLedger",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "idlegrid",
            dependencies: [
                "GridCore",
                "GridSandbox",
                "GridStore",
                "GridCoordinator",
                "GridWorker",
                "GridClient",
                "GridDemo",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridCoreTests",
            dependencies: ["GridCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridSandboxTests",
            dependencies: [
                "GridSandbox",
                "GridCore",
                "NativeKernels",
                .product(name: "WAT", package: "WasmKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // GoInterop holds the Go verifier that .ci/go-interop runs against files these tests write;
        // RFC6962Vectors the proof vectors the tests read from the source tree.
        .testTarget(
            name: "GridLedgerTests",
            dependencies: [
                "GridLedger", "GridCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["GoInterop", "RFC6962Vectors"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridStoreTests",
            dependencies: ["GridStore", "GridCore", "GridLedger", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings),
        // A real coordinator on a loopback port, real workers, real SQLite, driven through GridClient.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "idlegrid", "GridCore", "GridStore", "GridCoordinator", "GridWorker", "GridClient", "GridSandbox", "GridEmbedded", "GridLedger", "GridDemo",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridWorkerTests",
            dependencies: ["GridWorker", "GridCore", "GridStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridCoordinatorTests",
            dependencies: [
                "GridCoordinator", "GridCore", "GridStore", "GridSandbox", "GridLedger",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Runs the built `idlegrid` executable as a user would: exit statuses, messages, JSON.
        .testTarget(
            name: "IdlegridCLITests",
            dependencies: ["idlegrid", "GridCore"],
            swiftSettings: swiftSettings
        ),
        // The mandelbrot kernel compiled natively from the very C source the guest uses,
        // so the benchmark compares the sandbox against native code on equal terms.
        .target(
            name: "NativeKernels",
            path: "Benchmarks/NativeKernels"
        ),
        .executableTarget(
            name: "NetworkBenchmark",
            dependencies: [
                "GridCore", "GridStore", "GridCoordinator", "GridWorker", "GridClient", "GridEmbedded",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/NetworkBenchmark",
            exclude: ["dask_peer.py", "ray_peer.py"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "LedgerBenchmark",
            dependencies: ["GridCore", "GridLedger", "GridStore"],
            path: "Benchmarks/LedgerBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SandboxBenchmark",
            dependencies: [
                "GridSandbox", "GridCore", "NativeKernels",
                .product(name: "WAT", package: "WasmKit"),
            ],
            path: "Benchmarks/SandboxBenchmark",
            swiftSettings: swiftSettings
        ),
    ]
)
