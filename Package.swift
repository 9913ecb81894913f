// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "nodeprofile",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nodeprofile", targets: ["nodeprofile"]),
        .executable(name: "nodeprofile-agent", targets: ["nodeprofile-agent"]),
        .library(name: "NodeProfileCore", targets: ["NodeProfileCore"]),
    ],
    traits: [
        .trait(name: "Fuzzing", description: "Build NodeProfileFuzz as a libFuzzer target (make fuzz)."),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
    ],
    targets: [
        .target(name: "NodeProfileManifest"),
        // Ed25519 bundle signatures (PEM keys, manifest.json.sig), shared by the compiler and the agent; no Yams.
        .target(
            name: "NodeProfileSigning",
            dependencies: ["NodeProfileManifest", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CRPM", pkgConfig: "rpm", providers: [.apt(["librpm-dev"])]),
        .target(
            name: "NodeProfileCore",
            dependencies: [
                "NodeProfileManifest",
                "CArchive",
                "CRPM",
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
        // The device agent reads manifests only: it never links Yams or the compiler.
        .target(name: "NodeProfileAgentCore", dependencies: ["NodeProfileManifest", "NodeProfileSigning"]),
        .executableTarget(
            name: "nodeprofile-agent",
            dependencies: ["NodeProfileAgentCore", "NodeProfileManifest"]
        ),
        .testTarget(name: "NodeProfileCoreTests", dependencies: ["NodeProfileCore", "NodeProfileManifest"]),
        .testTarget(name: "NodeProfileAgentTests", dependencies: ["NodeProfileAgentCore", "NodeProfileManifest", "NodeProfileSigning"]),
        // Depends on the executables so `swift test` always builds the binaries it runs.
        .testTarget(name: "nodeprofileTests", dependencies: ["nodeprofile", "nodeprofile-agent", "NodeProfileFuzz", "NodeProfileCore", "NodeProfileManifest", "NodeProfileSigning"]),
    ]
)
