import Archive
import Foundation
import Tensor

/// PEFT adapter folders as PEFT's save_pretrained writes them, for upload tests.
enum PeftFixtures {
    static func config(tokens: Int, width: Int, submodules: Int = 1, taskType: String = "FEATURE_EXTRACTION",
                       base: String? = "google-t5/t5-base", peftType: String = "PROMPT_TUNING") -> String {
        """
        {
          "auto_mapping": null,
          "base_model_name_or_path": \(base.map { "\"\($0)\"" } ?? "null"),
          "inference_mode": true,
          "num_attention_heads": 12,
          "num_layers": 12,
          "num_transformer_submodules": \(submodules),
          "num_virtual_tokens": \(tokens),
          "peft_type": "\(peftType)",
          "peft_version": "0.21.2",
          "prompt_tuning_init": "RANDOM",
          "revision": null,
          "task_type": "\(taskType)",
          "token_dim": \(width)
        }
        """
    }

    static func model(_ prompt: Tensor) -> [UInt8] {
        Safetensors.encode(["prompt_embeddings": prompt], metadata: ["format": "pt"])
    }

    /// A folder `adapter/` with the two files and, when given, init.safetensors.
    static func entries(config: String, prompt: Tensor, initial: Tensor? = nil, folder: String = "adapter") -> [ArchiveEntry] {
        var entries = [ArchiveEntry(name: "\(folder)/adapter_config.json", bytes: Array(config.utf8)),
                       ArchiveEntry(name: "\(folder)/adapter_model.safetensors", bytes: model(prompt)),
                       ArchiveEntry(name: "\(folder)/README.md", bytes: Array("# model card\n".utf8))]
        if let initial { entries.append(ArchiveEntry(name: "\(folder)/init.safetensors", bytes: Safetensors.encode(["init": initial]))) }
        return entries
    }
}
