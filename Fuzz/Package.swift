// swift-tools-version:6.2
//
// Coverage-guided fuzz targets (libFuzzer) for the gateway's parsers of untrusted input.
//
// Why the modules are rebuilt here rather than taken from `.package(path: "..")`: the main package declares
// only executable products, and SwiftPM links a dependency's modules only through library products
// ("product 'DIRACWire' required by package 'fuzz' ... not found in package 'main'"). So each library module
// is a target of this package whose directory is a symlink to the real `../Sources/<Module>` (nothing is
// copied; the sources fuzzed are the sources shipped). Two targets take a single file:
//   * DIRACConfiguration: only CFGDocument.swift (the CFG parser; the rest needs CurlHTTP/NIO/DIRACAuth);
//   * FuzzInflate: GatewayServer's internal StrictInflater.swift (needs only CZlib and NIOCore).
// Build with scripts/fuzz.sh (scratch path .build-fuzz, -sanitize=fuzzer,address).
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "dirac-rucio-gateway-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The same pins as the main package (scripts/fuzz.sh copies ../Package.resolved here; no network).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        // MARK: The main package's modules, by symlink (Modules/<name> -> ../../Sources/<name>)
        .systemLibrary(name: "CJansson", path: "Modules/CJansson", pkgConfig: "jansson"),
        .target(name: "JanssonShim", dependencies: ["CJansson"], path: "Modules/JanssonShim"),
        .systemLibrary(name: "CZlib", path: "Modules/CZlib", pkgConfig: "zlib"),
        // libFuzzer's LLVMFuzzerRunDriver, declared (not a copy of anything: compiler-rt provides it).
        .systemLibrary(name: "CFuzzerDriver", path: "Modules/CFuzzerDriver"),
        // The targets' `check` (a precondition that keeps its message in -O builds).
        .target(name: "FuzzSupport", path: "Support", swiftSettings: strictSettings),
        .target(
            name: "GatewayJSON",
            dependencies: ["CJansson", "JanssonShim", .product(name: "OrderedCollections", package: "swift-collections")],
            path: "Modules/GatewayJSON", swiftSettings: strictSettings),
        .target(name: "CivilTime", path: "Modules/CivilTime", swiftSettings: strictSettings),
        .target(
            name: "DIRACWire",
            dependencies: ["GatewayJSON", "CivilTime", .product(name: "OrderedCollections", package: "swift-collections")],
            path: "Modules/DIRACWire", swiftSettings: strictSettings),
        .target(name: "ScopeAlgorithms", path: "Modules/ScopeAlgorithms", swiftSettings: strictSettings),
        .target(name: "DIRACConfiguration", path: "Modules/DIRACConfiguration", swiftSettings: strictSettings),

        // MARK: Fuzz targets (one libFuzzer binary each; LLVMFuzzerTestOneInput, no main)
        .executableTarget(
            name: "FuzzFormRPC", dependencies: ["DIRACWire", "CFuzzerDriver", "FuzzSupport"], path: "Targets/FuzzFormRPC", swiftSettings: strictSettings),
        .executableTarget(
            name: "FuzzInflate",
            dependencies: ["CZlib", "CFuzzerDriver", "FuzzSupport", .product(name: "NIOCore", package: "swift-nio")],
            path: "Targets/FuzzInflate", swiftSettings: strictSettings),
        .executableTarget(
            name: "FuzzJEncode", dependencies: ["DIRACWire", "GatewayJSON", "CFuzzerDriver", "FuzzSupport"], path: "Targets/FuzzJEncode",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "FuzzLFNScope",
            dependencies: [
                "DIRACWire", "ScopeAlgorithms", "CFuzzerDriver", "FuzzSupport",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            path: "Targets/FuzzLFNScope",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "FuzzCFG", dependencies: ["DIRACConfiguration", "CFuzzerDriver", "FuzzSupport"], path: "Targets/FuzzCFG", swiftSettings: strictSettings),
    ]
)
