// swift-tools-version:6.0
import PackageDescription

// One concern per module; the C libraries come from Debian packages
// (libsqlite3-dev, libopenblas-dev, libssl-dev) through system-library targets.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "tpv-hub",
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: v5),
        .target(name: "Model", dependencies: ["Tensor", "CBLAS"], swiftSettings: v5),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], exclude: ["Fixtures"], swiftSettings: v5),
        .testTarget(name: "ModelTests", dependencies: ["Model"], exclude: ["Fixtures"], swiftSettings: v5),
    ]
)
