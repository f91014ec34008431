import Foundation
import JSON

/// The hub's OpenAPI 3.1 description, assembled from `openapi.json` (info, shared components) and
/// one file per group of paths in `paths/`, each holding `paths` and the `components` only it uses.
/// A new route is documented in its own file, so parallel additions do not edit the same lines.
public struct OpenAPIDocument: Sendable {
    public let json: JSONValue

    public struct InvalidDocument: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads and merges `directory/openapi.json` and `directory/paths/*.json` (in file-name order).
    public init(directory: String) throws {
        let root = try Self.read(directory + "/openapi.json")
        let folder = directory + "/paths"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let parts = try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { name in
            (name: "paths/" + name, value: try Self.read(folder + "/" + name))
        }
        json = try Self.merge(root: root, parts: parts)
    }

    /// `root` with every part's paths and components added; a path or component defined twice is an error.
    public static func merge(root: JSONValue, parts: [(name: String, value: JSONValue)]) throws -> JSONValue {
        guard var members = root.objectValue else { throw InvalidDocument(description: "openapi.json is not a JSON object") }
        var paths = members.first { $0.0 == "paths" }?.1.objectValue ?? []
        var components = members.first { $0.0 == "components" }?.1.objectValue ?? []
        for part in parts {
            guard let partMembers = part.value.objectValue else { throw InvalidDocument(description: "\(part.name) is not a JSON object") }
            for (key, value) in partMembers {
                switch key {
                case "paths":
                    try add(value, into: &paths, what: "path", file: part.name)
                case "components":
                    guard let sections = value.objectValue else { throw InvalidDocument(description: "\(part.name): components is not an object") }
                    for (section, entries) in sections {
                        var existing = components.first { $0.0 == section }?.1.objectValue ?? []
                        try add(entries, into: &existing, what: "components/\(section) entry", file: part.name)
                        set(section, .object(existing), in: &components)
                    }
                default:
                    throw InvalidDocument(description: "\(part.name): unexpected member '\(key)'; a paths file holds only 'paths' and 'components'")
                }
            }
        }
        set("paths", .object(paths), in: &members)
        set("components", .object(components), in: &members)
        return .object(members)
    }

    /// Path templates and their operations' methods (lowercase), for checking against the router.
    public var operations: [(path: String, method: String)] {
        let methods: Set = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return (json["paths"]?.objectValue ?? []).flatMap { path, item in
            (item.objectValue ?? []).map(\.0).filter(methods.contains).map { (path, $0) }
        }
    }

    private static func add(_ value: JSONValue, into target: inout [(String, JSONValue)], what: String, file: String) throws {
        guard let entries = value.objectValue else { throw InvalidDocument(description: "\(file): the \(what)s are not an object") }
        for (key, entry) in entries {
            guard !target.contains(where: { $0.0 == key }) else {
                throw InvalidDocument(description: "\(file) defines \(what) '\(key)', which another file defines already")
            }
            target.append((key, entry))
        }
    }

    private static func set(_ key: String, _ value: JSONValue, in members: inout [(String, JSONValue)]) {
        if let index = members.firstIndex(where: { $0.0 == key }) { members[index].1 = value } else { members.append((key, value)) }
    }

    private static func read(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InvalidDocument(description: "cannot read \(path)")
        }
        do { return try JSONValue.parse([UInt8](data)) } catch {
            throw InvalidDocument(description: "\(path) is not valid JSON: \(error)")
        }
    }
}
