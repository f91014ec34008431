import Foundation
import Archive
import JSON
@testable import PEFT
import Tensor
import Testing

/// adapter_config.json and adapter_model.safetensors checked against each other, field by field.
@Suite struct PeftAdapterTests {
    /// What PEFT 0.21's save_pretrained writes for a prompt-tuning adapter on a BERT encoder.
    static let savedByPEFT = """
        {
          "auto_mapping": null,
          "base_model_name_or_path": "sentence-transformers/all-MiniLM-L6-v2",
          "inference_mode": true,
          "modules_to_save": null,
          "num_attention_heads": 12,
          "num_layers": 6,
          "num_transformer_submodules": 1,
          "num_virtual_tokens": 5,
          "peft_type": "PROMPT_TUNING",
          "peft_version": "0.21.2",
          "prompt_tuning_init": "RANDOM",
          "prompt_tuning_init_text": null,
          "revision": null,
          "task_type": "FEATURE_EXTRACTION",
          "token_dim": 32,
          "tokenizer_kwargs": null,
          "tokenizer_name_or_path": null
        }
        """

    static func config(_ changes: [String: String]) -> [UInt8] {
        var text = savedByPEFT
        for (key, value) in changes {
            let line = text.split(separator: "\n").first { $0.contains("\"\(key)\":") }!
            text = text.replacingOccurrences(of: String(line), with: value.isEmpty ? "" : "  \"\(key)\": \(value),")
        }
        return Array(text.replacingOccurrences(of: ",\n}", with: "\n}").utf8)
    }

    static func model(rows: Int, width: Int, extra: [String: Tensor] = [:]) -> [UInt8] {
        var tensors = extra
        tensors["prompt_embeddings"] = Tensor(shape: [rows, width], scalars: (0..<(rows * width)).map { Float($0) / 100 })
        return Safetensors.encode(tensors, metadata: ["format": "pt"])
    }

    static func expectField(_ field: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: () throws -> Any) {
        do {
            _ = try body()
            Issue.record("accepted; expected a problem with \(field)", sourceLocation: sourceLocation)
        } catch let error as PeftAdapterError {
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("threw \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsWhatPEFTSaves() throws {
        let adapter = try PeftAdapter.read(config: Array(Self.savedByPEFT.utf8), model: Self.model(rows: 5, width: 32))
        #expect(adapter.config.numVirtualTokens == 5 && adapter.config.numTransformerSubmodules == 1)
        #expect(adapter.config.tokenDim == 32 && adapter.config.taskType == "FEATURE_EXTRACTION")
        #expect(adapter.config.numLayers == 6 && adapter.config.numAttentionHeads == 12)
        #expect(adapter.promptEmbeddings.shape == [5, 32])
        #expect(adapter.config.document["peft_version"] == "0.21.2", "the whole file is kept")
    }

    @Test func encoderDecoderAdaptersHoldTwoPrompts() throws {
        let seq2seq = Self.config(["task_type": "\"SEQ_2_SEQ_LM\"", "num_transformer_submodules": "2"])
        let adapter = try PeftAdapter.read(config: seq2seq, model: Self.model(rows: 10, width: 32))
        #expect(adapter.config.rows == 10 && adapter.config.numVirtualTokens == 5)
        // Left out, the submodules follow the task type, as PEFT decides them.
        let implied = Self.config(["task_type": "\"SEQ_2_SEQ_LM\"", "num_transformer_submodules": ""])
        #expect(try PeftAdapter.read(config: implied, model: Self.model(rows: 10, width: 32)).config.numTransformerSubmodules == 2)
        Self.expectField("num_virtual_tokens", "so 14 rows, but prompt_embeddings has 10; expected num_virtual_tokens 5") {
            try PeftAdapter.read(config: Self.config(["task_type": "\"SEQ_2_SEQ_LM\"", "num_transformer_submodules": "2", "num_virtual_tokens": "7"]),
                                 model: Self.model(rows: 10, width: 32))
        }
    }

    @Test func everyMismatchNamesItsField() {
        let model = Self.model(rows: 5, width: 32)
        Self.expectField("peft_type", "expected \"PROMPT_TUNING\"") { try PeftAdapter.read(config: Self.config(["peft_type": "\"LORA\""]), model: model) }
        Self.expectField("peft_type", "has no peft_type") { try PeftAdapter.read(config: Self.config(["peft_type": ""]), model: model) }
        Self.expectField("num_virtual_tokens", "expected num_virtual_tokens 5") {
            try PeftAdapter.read(config: Self.config(["num_virtual_tokens": "8"]), model: model)
        }
        Self.expectField("num_virtual_tokens", "positive integer") { try PeftAdapter.read(config: Self.config(["num_virtual_tokens": "0"]), model: model) }
        Self.expectField("num_virtual_tokens", "positive integer") { try PeftAdapter.read(config: Self.config(["num_virtual_tokens": "\"5\""]), model: model) }
        Self.expectField("num_virtual_tokens", "has no num_virtual_tokens") { try PeftAdapter.read(config: Self.config(["num_virtual_tokens": ""]), model: model) }
        Self.expectField("num_transformer_submodules", "expected num_transformer_submodules 2") {
            try PeftAdapter.read(config: Self.config([:]), model: Self.model(rows: 10, width: 32))
        }
        Self.expectField("num_transformer_submodules", "expected 1, or 2") {
            try PeftAdapter.read(config: Self.config(["num_transformer_submodules": "3"]), model: model)
        }
        Self.expectField("token_dim", "expected token_dim 32") { try PeftAdapter.read(config: Self.config(["token_dim": "768"]), model: model) }
        Self.expectField("task_type", "not one of PEFT's task types") { try PeftAdapter.read(config: Self.config(["task_type": "\"CLASSIFY\""]), model: model) }
        Self.expectField("base_model_name_or_path", "must be a string or null") {
            try PeftAdapter.read(config: Self.config(["base_model_name_or_path": "7"]), model: model)
        }
        Self.expectField("adapter_config.json", "not valid JSON") { try PeftAdapter.read(config: Array("{\"a\": 1, \"a\": 2}".utf8), model: model) }
        Self.expectField("adapter_config.json", "must be a JSON object") { try PeftAdapter.read(config: Array("[1]".utf8), model: model) }
        Self.expectField("adapter_model.safetensors", "has no tensor 'prompt_embeddings'") {
            try PeftAdapter.read(config: Self.config([:]), model: Safetensors.encode(["weight": Tensor(shape: [5, 32], scalars: .init(repeating: 0, count: 160))]))
        }
        Self.expectField("adapter_model.safetensors", "besides 'prompt_embeddings': extra") {
            try PeftAdapter.read(config: Self.config([:]), model: Self.model(rows: 5, width: 32, extra: ["extra": Tensor(shape: [1], scalars: [1])]))
        }
        Self.expectField("adapter_model.safetensors", "too short") { try PeftAdapter.read(config: Self.config([:]), model: [1, 2]) }
        Self.expectField("prompt_embeddings", "expected a matrix") {
            try PeftAdapter.read(config: Self.config([:]), model: Safetensors.encode(["prompt_embeddings": Tensor(shape: [160], scalars: .init(repeating: 0, count: 160))]))
        }
    }

    @Test func baseModelNamesMatchByTheirLastComponent() throws {
        func matches(_ base: String?, _ model: String) -> Bool {
            PeftAdapterConfig(numVirtualTokens: 1, tokenDim: 1, baseModelNameOrPath: base).baseModelMatches(model)
        }
        #expect(matches("sentence-transformers/all-MiniLM-L6-v2", "all-minilm-l6-v2"))
        #expect(matches("/home/me/models/all-minilm-l6-v2/", "all-minilm-l6-v2"))
        #expect(matches("google-t5/t5-base", "t5-base"))
        #expect(matches("google-t5/t5-base", "google-t5/t5-base"))
        #expect(matches(nil, "anything") && matches("", "anything"))
        #expect(!matches("google/flan-t5-xl", "t5-base"))
        #expect(!matches("t5-base-finetuned", "t5-base"))
    }

    @Test func writtenFolderReadsBackAndLooksLikePEFTs() throws {
        let config = PeftAdapterConfig(numVirtualTokens: 5, numTransformerSubmodules: 2, tokenDim: 4, taskType: "SEQ_2_SEQ_LM",
                                       baseModelNameOrPath: "t5-small")
        let prompt = Tensor(shape: [10, 4], scalars: (0..<40).map { Float($0) - 20 })
        let entries = PeftAdapter(config: config, promptEmbeddings: prompt).entries(folder: "t5-small_mnli_seed1_tuned", readme: "hello")
        #expect(entries.map(\.name) == ["t5-small_mnli_seed1_tuned/adapter_config.json", "t5-small_mnli_seed1_tuned/adapter_model.safetensors",
                                        "t5-small_mnli_seed1_tuned/README.md"])
        let files = try AdapterFiles(entries: entries)
        let read = try PeftAdapter.read(config: try #require(files.config), model: try #require(files.model))
        #expect(read.promptEmbeddings == prompt)
        #expect(read.config.numVirtualTokens == 5 && read.config.numTransformerSubmodules == 2 && read.config.taskType == "SEQ_2_SEQ_LM")
        let text = String(decoding: try #require(files.config), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"auto_mapping\": null,\n  \"base_model_name_or_path\": \"t5-small\",\n"), "\(text)")
        #expect(try Safetensors.decode(try #require(files.model)).metadata == ["format": "pt"])
    }
}
