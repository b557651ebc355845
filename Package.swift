// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "heraldd", targets: ["heraldd"]),
        .executable(name: "herald", targets: ["herald"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // libsystemd (sd-daemon, sd-journal) plus inotify/timerfd/eventfd headers Glibc does not export.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Pure core: no I/O, no clocks; everything a decision needs comes in as a value.
        .target(name: "HeraldCore", swiftSettings: strict),
        // File descriptor helpers over the C library alone: DescriptorReader, the one read-to-end loop.
        .target(name: "HeraldIO", swiftSettings: strict),
        // TOML configuration into HeraldCore's value types, with file/line errors.
        .target(
            name: "HeraldConfig",
            dependencies: ["HeraldCore", "HeraldIO", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),
        // Herald's state: SQLite through GRDB on one host, or PostgreSQL through postgres-nio for several nodes.
        .target(
            name: "HeraldStore",
            dependencies: [
                "HeraldCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Publisher protocol and the networks.
        .target(
            name: "HeraldPublishers",
            dependencies: [
                "HeraldCore", "HeraldIO",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Thin Swift wrappers over libsystemd and Linux fds: sd_notify, journald log handler, inotify, timerfd.
        .target(
            name: "HeraldSystemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The journal's post events and daemon messages (HERALD_EVENT, MESSAGE_ID), for heraldd and herald alike.
        .target(
            name: "HeraldEvents",
            dependencies: ["HeraldCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Services: spool intake, scheduler loop, publishing workers, config reload.
        .target(
            name: "HeraldDaemon",
            dependencies: [
                "HeraldCore", "HeraldConfig", "HeraldStore", "HeraldPublishers", "HeraldSystemd", "HeraldEvents",
                "HeraldIO",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "heraldd",
            dependencies: [
                "HeraldDaemon", "HeraldSystemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "herald",
            dependencies: [
                "HeraldCore", "HeraldConfig", "HeraldStore", "HeraldPublishers", "HeraldSystemd", "HeraldEvents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Bench only, never installed: the planner benchmark and `herald-bench`, which `make bench` runs.
        .target(name: "HeraldBench", dependencies: ["HeraldCore", "HeraldStore"], swiftSettings: strict),
        .executableTarget(
            name: "herald-bench",
            dependencies: [
                "HeraldBench", "HeraldConfig", "HeraldStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // For the test targets only (no test framework in it): FakeServer, the launcher of the fake network
        // servers in Tests/Support/fakes; TestPython, the interpreter that runs them; TestSupportFiles.
        .target(
            name: "HeraldTestSupport",
            dependencies: [
                "HeraldCore", "HeraldPublishers",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/HeraldTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "HeraldCoreTests", dependencies: ["HeraldCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HeraldIOTests", dependencies: ["HeraldIO"]),
        .testTarget(name: "HeraldConfigTests", dependencies: ["HeraldConfig"]),
        .testTarget(name: "HeraldStoreTests", dependencies: ["HeraldStore", "HeraldTestSupport"]),
        .testTarget(name: "HeraldPublishersTests", dependencies: ["HeraldPublishers", "HeraldTestSupport"]),
        .testTarget(name: "HeraldSystemdTests", dependencies: ["HeraldSystemd", "HeraldTestSupport"]),
        .testTarget(name: "HeraldEventsTests", dependencies: ["HeraldEvents"]),
        .testTarget(
            name: "HeraldDaemonTests",
            dependencies: [
                "HeraldDaemon", "HeraldConfig", "HeraldStore", "HeraldTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "HeraldBenchTests", dependencies: ["HeraldBench"]),
    ],
    swiftLanguageModes: [.v6]
)
