// swift-tools-version: 6.1
import PackageDescription

/// Compiles the agent's test-only switches (NODEPROFILE_AGENT_CRASH_AFTER, NODEPROFILE_AGENT_HOLD_LOCK_MS) into debug
/// builds only.
let agentTestHooks: [SwiftSetting] = [.define("NODEPROFILE_TEST_HOOKS", .when(configuration: .debug))]

let package = Package(
    name: "nodeprofile",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nodeprofile", targets: ["nodeprofile"]),
        .executable(name: "nodeprofile-agent", targets: ["nodeprofile-agent"]),
        .library(name: "NodeProfileCore", targets: ["NodeProfileCore"]),
    ],
    traits: [
        .trait(name: "Fuzzing", description: "Build NodeProfileFuzz as a libFuzzer target (make fuzz).")
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    ],
    targets: [
        // OpenSSL's libcrypto (SHA-256, Ed25519): on every device already, and free in size, where swift-crypto would
        // link FoundationEssentials and BoringSSL into the agent (README: A small agent).
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // The manifest, its JSON and hashing; no Foundation, since the agent links it.
        .target(name: "NodeProfileManifest", dependencies: ["CLibCrypto"]),
        // Ed25519 bundle signatures (PEM keys, manifest.json.sig), shared by the compiler and the agent; no Yams, no Foundation.
        .target(name: "NodeProfileSigning", dependencies: ["NodeProfileManifest", "CLibCrypto"]),
        // Headers only: libarchive and librpm are opened with dlopen when needed (a pax tarball; `package`), so no start
        // loads them and the ~25 libraries they pull in. zlib, small, is linked: every build deflates its tarball.
        .systemLibrary(name: "CArchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CRPM", providers: [.apt(["librpm-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "NodeProfileCore",
            dependencies: [
                "NodeProfileManifest",
                "CArchive",
                "CRPM",
                "CZlib",
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedTemplates"]
        ),
        // parse + validate + render under libFuzzer (make fuzz); in ordinary builds it replays corpus files.
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "NodeProfileFuzz",
            dependencies: ["NodeProfileCore", "CLibFuzzer"],
            swiftSettings: [.define("NODEPROFILE_FUZZ", .when(traits: ["Fuzzing"]))]
        ),
        // Build-time tool and plugin that embed templates/ into NodeProfileCore.
        .executableTarget(name: "TemplateEmbedder"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["TemplateEmbedder"]),
        .executableTarget(
            name: "nodeprofile",
            dependencies: [
                "NodeProfileCore",
                "NodeProfileManifest",
                "NodeProfileSigning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The device agent reads manifests only: it never links Yams, the compiler or Foundation (a 10 MB budget).
        // Test hooks (crash after a step, hold the lock) exist in debug builds only: the release agent the RPM ships
        // has neither, and the tests that use them run the debug build.
        .target(
            name: "NodeProfileAgentCore", dependencies: ["NodeProfileManifest", "NodeProfileSigning", "CZlib"],
            swiftSettings: agentTestHooks),
        .executableTarget(
            name: "nodeprofile-agent",
            dependencies: ["NodeProfileAgentCore", "NodeProfileManifest", "NodeProfileSigning"],
            swiftSettings: agentTestHooks
        ),
        // Tests, split by what they cost (README: Tests). The helpers they share: the repository, the built binaries and
        // tools run as processes (one runner), bundles built by the binary, openssl key pairs.
        .target(
            name: "NodeProfileTestSupport", dependencies: ["NodeProfileManifest"], path: "Tests/NodeProfileTestSupport"),
        // Unit tests: the compiler's and the agent's libraries in process (seconds).
        .testTarget(
            name: "NodeProfileCoreTests",
            dependencies: ["NodeProfileCore", "NodeProfileManifest", "NodeProfileTestSupport"]),
        .testTarget(
            name: "NodeProfileAgentTests",
            dependencies: [
                "NodeProfileAgentCore", "NodeProfileManifest", "NodeProfileSigning", "NodeProfileTestSupport",
            ]
        ),
        // The built binaries run as a user would (make check runs these with the unit tests). The test targets depend on
        // the executables so `swift test` always builds the binaries they run.
        .testTarget(
            name: "NodeProfileCLITests",
            dependencies: [
                "nodeprofile", "nodeprofile-agent", "NodeProfileFuzz", "NodeProfileCore", "NodeProfileManifest",
                "NodeProfileTestSupport",
            ]
        ),
        // Every output read back by the real tools and readers (root, namespaces, Open vSwitch, rpm, Go, PyPI tools), the
        // property tests, and the agent RPM built by make.
        .testTarget(
            name: "NodeProfileConformanceTests",
            dependencies: [
                "nodeprofile", "nodeprofile-agent", "NodeProfileCore", "NodeProfileManifest", "NodeProfileTestSupport",
            ]
        ),
        // Real boots under systemd-nspawn with the static agent built by make.
        .testTarget(
            name: "NodeProfileBootTests",
            dependencies: ["nodeprofile", "NodeProfileCore", "NodeProfileManifest", "NodeProfileTestSupport"]),
    ]
)
