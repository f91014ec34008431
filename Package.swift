// swift-tools-version:6.0
import PackageDescription

// One concern per module; the C libraries come from Debian packages
// (libsqlite3-dev, libopenblas-dev, libssl-dev) through system-library targets.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "tpv-hub",
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: v5),
        .target(name: "Model", dependencies: ["Tensor", "CBLAS"], swiftSettings: v5),
        .executableTarget(
            name: "tpv",
            dependencies: ["Model", "Tensor", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: v5),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], exclude: ["Fixtures"], swiftSettings: v5),
        .testTarget(name: "ModelTests", dependencies: ["Model"], exclude: ["Fixtures"], swiftSettings: v5),
    ]
)
