import Foundation
import Testing
@testable import Tensor

/// The committed golden files written by Fixtures/make_fixtures.py (real
/// numpy and safetensors), and the values a reader must produce from them.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// /work/shared (read-only reference data) beside the repository root.
    static let shared = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    private static let manifest: [String: Any] = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("expected.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    /// The tensor a reader must produce for `key` ("file" or "file:tensor").
    static func expected(_ key: String) -> Tensor {
        let entries = manifest["expected"] as! [String: [String: Any]]
        let entry = entries[key]!
        let shape = (entry["shape"] as! [NSNumber]).map(\.intValue)
        let data = (entry["data"] as! [NSNumber]).map { Float($0.doubleValue) }
        return Tensor(shape: shape, scalars: data)
    }

    /// Every expected tensor of the safetensors fixture `file`, by tensor name.
    static func expectedTensors(in file: String) -> [String: Tensor] {
        let entries = manifest["expected"] as! [String: Any]
        var tensors: [String: Tensor] = [:]
        for key in entries.keys where key.hasPrefix(file + ":") {
            tensors[String(key.dropFirst(file.count + 1))] = expected(key)
        }
        return tensors
    }

    static func encoderGoldens(_ format: String) -> [String] {
        (manifest["encoder_goldens"] as! [String: [String]])[format]!
    }
}

/// Bitwise equality, so -0.0 vs 0.0 and subnormal differences are caught.
func sameBits(_ a: Tensor, _ b: Tensor) -> Bool {
    a.shape == b.shape && a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)
}

/// Runs `body`, requires it to throw a TensorFormatError, and checks the
/// message mentions every fragment (case-insensitive).
func expectFormatError(_ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () throws -> Any) {
    do {
        let value = try body()
        Issue.record("expected a TensorFormatError mentioning \(fragments), decoded \(value)", sourceLocation: sourceLocation)
    } catch let error as TensorFormatError {
        let message = error.description.lowercased()
        for fragment in fragments where !message.contains(fragment.lowercased()) {
            Issue.record("error \"\(error)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected a TensorFormatError, got \(error)", sourceLocation: sourceLocation)
    }
}
