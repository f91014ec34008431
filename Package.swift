// swift-tools-version:6.0
import PackageDescription

// One concern per module; the C libraries come from Debian packages
// (libsqlite3-dev, libopenblas-dev, libssl-dev, zlib1g-dev) through system-library targets.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "tpv-hub",
    products: [
        .executable(name: "tpv", targets: ["tpv"]),
        // For the benchmark's comparison server (Benchmarks/hummingbird-reference).
        .library(name: "TPVHub", targets: ["Hub", "HTTP", "Store", "Jobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "CLinux", path: "Sources/CLinux"),

        // JSON values, their writer and the one strict reader (scanner) every JSON input goes through.
        .target(name: "JSON", swiftSettings: v5),
        // Labelled JSONL datasets: validation, examples and statistics. Pure, so trainers reuse it.
        .target(name: "Datasets", dependencies: ["JSON"], swiftSettings: v5),
        // HTTP/1.1 on epoll: parser, connections, router. Knows nothing of tensors or storage.
        .target(name: "HTTP", dependencies: ["CLinux", "JSON"], swiftSettings: v5),
        // The float32 Tensor, its BLAS binding and its file formats (safetensors, npy, JSON).
        .target(name: "Tensor", dependencies: ["CBLAS", "JSON"], swiftSettings: v5),
        // Archives as bytes in, regular files out (zip, tar, tar.gz), and back; hostile input refused, never unpacked.
        .target(name: "Archive", dependencies: ["CZlib"], swiftSettings: v5),
        // Hugging Face PEFT prompt-tuning adapters: adapter_config.json and adapter_model.safetensors, checked and written.
        .target(name: "PEFT", dependencies: ["JSON", "Tensor", "Archive"], swiftSettings: v5),
        // Metadata in SQLite, tensors and datasets as content-addressed files; knows nothing of Tensor or HTTP.
        .target(name: "Store", dependencies: ["CSQLite", "CLibCrypto", "JSON", "Datasets"], swiftSettings: v5),
        // The arithmetic of task prompt vectors: composition and similarity.
        .target(name: "PromptVectors", dependencies: ["Tensor"], swiftSettings: v5),
        // The frozen model: WordPiece tokenizer, BERT encoder forward and backward to the soft prompt, scoring head, Adam.
        .target(name: "Model", dependencies: ["Tensor", "CBLAS"], swiftSettings: v5),
        // Prompt tuning as a library: examples, deterministic init and sampling, the trainer, metrics.
        .target(name: "Training", dependencies: ["Model", "Tensor"], swiftSettings: v5),
        // Prompt-tuning jobs: the workers that run the durable queue, lambda search, evaluation, live events.
        .target(name: "Jobs", dependencies: ["JSON", "Store", "Datasets", "Training", "Model", "Tensor", "PromptVectors"],
                swiftSettings: v5),
        // The HTTP API: routes over the store and the jobs.
        .target(name: "Hub", dependencies: ["HTTP", "JSON", "Store", "Tensor", "PromptVectors", "Datasets", "Jobs", "Archive", "PEFT"],
                swiftSettings: v5),
        // A synchronous client of the hub's HTTP API and its Server-Sent Events (URLSession, libcurl on Linux).
        .target(name: "HubClient", dependencies: ["JSON"], swiftSettings: v5),
        // The terminal client's pure side: request bodies from arguments, progress lines, job tables and summaries.
        .target(name: "HubCLI", dependencies: ["HubClient", "JSON", "Archive", "PEFT"], swiftSettings: v5),
        .executableTarget(
            name: "tpv",
            dependencies: ["Hub", "HTTP", "Store", "Model", "Training", "Tensor", "Jobs", "Datasets", "HubClient", "HubCLI", "Archive", "PEFT",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: v5),

        .target(name: "TestSupport", dependencies: ["HTTP"], path: "Tests/TestSupport", swiftSettings: v5),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: v5),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"], swiftSettings: v5),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"], swiftSettings: v5),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], exclude: ["Fixtures"], swiftSettings: v5),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport", "Tensor"], swiftSettings: v5),
        .testTarget(name: "PEFTTests", dependencies: ["PEFT", "Archive", "Tensor", "JSON"], swiftSettings: v5),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Datasets"], swiftSettings: v5),
        .testTarget(name: "ModelTests", dependencies: ["Model"], exclude: ["Fixtures"], swiftSettings: v5),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Model", "Tensor", "TestSupport"],
                    swiftSettings: v5),
        .testTarget(name: "PromptVectorsTests", dependencies: ["PromptVectors"], swiftSettings: v5),
        .testTarget(name: "HubClientTests", dependencies: ["HubClient", "HubCLI", "HTTP", "JSON", "TestSupport", "Archive", "PEFT", "Tensor"],
                    swiftSettings: v5),
        .testTarget(name: "HubTests", dependencies: ["Hub", "HTTP", "Store", "Tensor", "Datasets", "Jobs", "JSON", "TestSupport", "Archive", "PEFT",
                                                 "PromptVectors"],
                    swiftSettings: v5),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Hub", "HTTP", "Store", "Tensor", "JSON", "Training", "PromptVectors",
                                                 "TestSupport"],
                    swiftSettings: v5),
    ]
)
