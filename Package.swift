// swift-tools-version:6.2
//
// DIRAC–Rucio gateway: a stateless HTTPS service that speaks the DIRAC FileCatalog RPC surface
// and maps it onto the Rucio REST API.
//
// The modules follow the data flow of one call:
//   GatewayServer (HTTPS, TLS identity) → DIRACWire (decode the Tornado RPC) → DIRACAuth (who is calling)
//   → FileCatalog (the catalog methods, as a plan of Rucio calls) → RucioREST (the Rucio client) → DIRACWire (encode).
// Low-level helpers sit underneath: GatewayJSON (jansson), CurlHTTP (libcurl), GridSecurity (OpenSSL
// proxy-chain verification). Nothing below FileCatalog knows about DIRAC.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "dirac-rucio-gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dirac-rucio-gateway", targets: ["GatewayCLI"]),
        .executable(name: "gateway-bench", targets: ["GatewayBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        // MD5 for the DFC's dataset hash (already in the graph through Hummingbird's dependencies).
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.0"),
    ],
    targets: [
        // MARK: C libraries and shims
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        .target(name: "JanssonShim", dependencies: ["CJansson"]),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CurlShim", dependencies: ["CCurl"]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "ProxyVerifyShim",
            linkerSettings: [.linkedLibrary("crypto")]
        ),

        // MARK: Low-level helpers (know nothing of DIRAC or Rucio)
        .target(
            name: "GatewayJSON",
            dependencies: [
                "CJansson", "JanssonShim",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CurlHTTP",
            dependencies: ["CCurl", "CurlShim"],
            swiftSettings: strictSettings
        ),
        .target(name: "CivilTime", swiftSettings: strictSettings),
        .target(
            name: "GridSecurity",
            dependencies: ["ProxyVerifyShim"],
            swiftSettings: strictSettings
        ),

        // MARK: DIRAC side
        .target(
            name: "DIRACWire",
            dependencies: [
                "GatewayJSON", "CivilTime",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DIRACAuth",
            dependencies: ["DIRACWire"],
            swiftSettings: strictSettings
        ),

        .target(
            name: "DIRACConfiguration",
            dependencies: [
                "DIRACAuth", "DIRACWire", "CurlHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Rucio side (knows nothing of DIRAC)
        .target(
            name: "RucioREST",
            dependencies: [
                "CurlHTTP", "GatewayJSON", "CivilTime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: LFN → Rucio DID naming (CTAO's and Rucio's scope algorithms)
        .target(name: "ScopeAlgorithms", swiftSettings: strictSettings),

        // MARK: Catalog layer
        .target(
            name: "FileCatalog",
            dependencies: [
                "DIRACWire", "DIRACAuth", "RucioREST", "ScopeAlgorithms", "GatewayJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Service
        .target(
            name: "GatewayConfig",
            dependencies: [
                "DIRACAuth", "GridSecurity", "ScopeAlgorithms",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "GatewayServer",
            dependencies: [
                "DIRACWire", "DIRACAuth", "DIRACConfiguration", "FileCatalog", "GatewayConfig", "GridSecurity", "GatewayJSON",
                "RucioREST", "CurlHTTP", "CZlib", "CMalloc",
                "ScopeAlgorithms",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "GatewayCLI",
            dependencies: [
                "GatewayServer", "GatewayConfig", "DIRACWire", "CurlHTTP", "GatewayJSON", "GridSecurity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "GatewayBench",
            dependencies: [
                "CurlHTTP", "DIRACWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/GatewayBench",
            swiftSettings: strictSettings
        ),

        // MARK: Tests (mirror the module layout)
        .testTarget(name: "GatewayJSONTests", dependencies: ["GatewayJSON"]),
        .testTarget(name: "CivilTimeTests", dependencies: ["CivilTime"]),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: [
                "CurlHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(name: "TestCredentials", path: "Tests/TestCredentials"),
        .testTarget(name: "GridSecurityTests", dependencies: ["GridSecurity", "TestCredentials"]),
        .testTarget(name: "DIRACWireTests", dependencies: ["DIRACWire", "GatewayJSON"]),
        .testTarget(name: "ScopeAlgorithmsTests", dependencies: ["ScopeAlgorithms"]),
        .testTarget(
            name: "RucioRESTTests",
            dependencies: [
                "RucioREST", "GatewayJSON", "CurlHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "DIRACAuthTests", dependencies: ["DIRACAuth", "DIRACWire"]),
        .testTarget(
            name: "DIRACConfigurationTests",
            dependencies: [
                "DIRACConfiguration", "DIRACAuth", "DIRACWire", "CurlHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]),
        .testTarget(
            name: "FileCatalogTests",
            dependencies: ["FileCatalog", "DIRACWire", "DIRACAuth", "RucioREST", "ScopeAlgorithms", "GatewayJSON", "CurlHTTP"]
        ),
        .testTarget(name: "GatewayConfigTests", dependencies: ["GatewayConfig"]),
        .testTarget(
            name: "GatewayServerTests",
            dependencies: [
                "GatewayServer", "GatewayConfig", "CurlHTTP", "DIRACWire", "GatewayJSON", "TestCredentials",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
