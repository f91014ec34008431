import Archive
@testable import PEFT
import Testing

/// Which archive entries make an adapter folder.
@Suite struct AdapterFilesTests {
    static func entry(_ name: String, _ text: String = "x") -> ArchiveEntry { ArchiveEntry(name: name, bytes: Array(text.utf8)) }

    static func refused(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ entries: [ArchiveEntry]) {
        do {
            _ = try AdapterFiles(entries: entries)
            Issue.record("accepted \(entries.map(\.name))", sourceLocation: sourceLocation)
        } catch let error as PeftAdapterError {
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("threw \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func filesAtTheTopOrInOneFolder() throws {
        let top = try AdapterFiles(entries: [Self.entry("adapter_config.json", "c"), Self.entry("adapter_model.safetensors", "m")])
        #expect(top.config == Array("c".utf8) && top.model == Array("m".utf8) && top.initial == nil)
        let folder = try AdapterFiles(entries: [Self.entry("run/adapter_config.json", "c"), Self.entry("run/adapter_model.safetensors", "m"),
                                                Self.entry("run/README.md"), Self.entry("run/init.npy", "i"),
                                                Self.entry("__MACOSX/run/._adapter_config.json"), Self.entry("run/.DS_Store")])
        #expect(folder.config == Array("c".utf8) && folder.initial?.name == "init.npy" && folder.initial?.bytes == Array("i".utf8))
    }

    @Test func anythingElseIsRefusedByName() {
        Self.refused("has no adapter_config.json and adapter_model.safetensors", [])
        Self.refused("has no adapter_model.safetensors at its top level or in its one folder (it holds adapter_config.json)", [Self.entry("adapter_config.json")])
        Self.refused("holds 'a/b/adapter_config.json'", [Self.entry("a/b/adapter_config.json"), Self.entry("a/b/adapter_model.safetensors")])
        Self.refused("adapter_model.bin is a pickle", [Self.entry("adapter_config.json"), Self.entry("adapter_model.bin")])
        Self.refused("holds 'training_args.bin'", [Self.entry("adapter_config.json"), Self.entry("adapter_model.safetensors"), Self.entry("training_args.bin")])
        Self.refused("two inits, init.safetensors and init.npy", [Self.entry("adapter_config.json"), Self.entry("adapter_model.safetensors"), Self.entry("init.safetensors"), Self.entry("init.npy")])
        // Two folders: no single folder to look in.
        Self.refused("holds 'x/adapter_config.json'", [Self.entry("x/adapter_config.json"), Self.entry("y/adapter_model.safetensors")])
    }
}
