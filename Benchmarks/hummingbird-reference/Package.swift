// swift-tools-version:6.0
import PackageDescription

// The comparison server for `make bench`: Hummingbird 2 answering the hub's benchmarked routes with
// the hub's own handlers, so the measured difference is the HTTP layer. Built only by the benchmark.
let package = Package(
    name: "hummingbird-reference",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(name: "tpv-hub", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdReference",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "TPVHub", package: "tpv-hub"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]),
    ]
)
