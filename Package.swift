// swift-tools-version:6.0
import PackageDescription

// One concern per module; the C libraries come from Debian packages
// (libsqlite3-dev, libopenblas-dev, libssl-dev) through system-library targets.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "tpv-hub",
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .target(name: "CSystem", path: "Sources/CSystem"),
        .target(name: "HTTP", dependencies: ["CSystem"], swiftSettings: v5),
        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: v5),
        .target(name: "PromptVectors", dependencies: ["Tensor"], swiftSettings: v5),
        .target(name: "TestSupport", dependencies: ["HTTP"], path: "Tests/TestSupport", swiftSettings: v5),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"], swiftSettings: v5),
        .testTarget(name: "PromptVectorsTests", dependencies: ["PromptVectors"], swiftSettings: v5),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], exclude: ["Fixtures"], swiftSettings: v5),
    ]
)
