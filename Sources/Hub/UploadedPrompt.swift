import HTTP
import JSON
import PromptVectors
import Store
import Tensor

/// The tensors and metadata of a `POST /vectors` body, checked against each other.
///
/// A body holds either the task prompt vector itself (one tensor, or the key `tau`), or the
/// tuned prompt with the init it started from (`tuned` or PEFT's `prompt_embeddings`, plus
/// `init`), in which case the hub computes tau = tuned - init.
struct UploadedPrompt {
    var tau: Tensor
    var tuned: Tensor?
    var initial: Tensor?
    var metadata: VectorMetadata

    static let tauKeys: Set = ["tau", "task_prompt_vector"]
    static let tunedKeys: Set = ["tuned", "prompt_embeddings", "theta_tuned"]
    static let initKeys: Set = ["init", "theta_init"]
    static let metadataKeys = ["description", "num_virtual_tokens", "metrics", "source", "provenance"]

    static func decode(_ request: Request) throws -> UploadedPrompt {
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("The body is empty; send the vector, e.g. curl --data-binary @tau.safetensors.")
        }
        let format = try TensorNegotiation.uploadFormat(of: request)
        var tau: Tensor?, tuned: Tensor?, initial: Tensor?
        var fileMetadata: [String: String] = [:]
        if format == .safetensors {
            let file: SafetensorsFile
            do { file = try Safetensors.decode(request.body) } catch let error as TensorFormatError {
                throw HTTPError.badRequest(error.description)
            }
            fileMetadata = file.metadata
            let known = tauKeys.union(tunedKeys).union(initKeys)
            for (key, tensor) in file.tensors {
                if tauKeys.contains(key) { tau = tensor }
                else if tunedKeys.contains(key) { tuned = tensor }
                else if initKeys.contains(key) { initial = tensor }
                else if file.tensors.count == 1 { tau = tensor }
                else {
                    throw HTTPError.badRequest("Unknown tensor '\(key)'; name them tau (the vector), or tuned/prompt_embeddings plus init (keys accepted: \(known.sorted().joined(separator: ", "))).")
                }
            }
        } else {
            tau = try TensorNegotiation.decodeSingle(request.body, format: format)
        }
        if let tunedPrompt = tuned {
            guard let initial else {
                throw HTTPError.badRequest("A tuned prompt needs the init it started from: add the tensor 'init', or upload tau alone.")
            }
            let computed = try shapeChecked { try PromptArithmetic.taskVector(tuned: tunedPrompt, initial: initial) }
            if let given = tau, !approximatelyEqual(given, computed) {
                throw HTTPError.badRequest("The uploaded tau is not tuned - init; send either tau or tuned with init, or make them agree.")
            }
            tau = computed
        }
        guard let tau else { throw HTTPError.badRequest("The body holds no task prompt vector: add 'tau', or 'tuned' with 'init'.") }
        if let initial { _ = try shapeChecked { try PromptArithmetic.taskVector(tuned: tau, initial: initial) } }
        try checkPromptShape(tau)
        let metadata = try metadata(query: request.query, file: fileMetadata, rows: tau.shape[0])
        return UploadedPrompt(tau: tau, tuned: tuned, initial: initial, metadata: metadata)
    }

    /// A prompt is a P x d matrix with finite values.
    static func checkPromptShape(_ tensor: Tensor) throws {
        guard tensor.rank == 2, tensor.shape[0] > 0, tensor.shape[1] > 0 else {
            throw HTTPError.badRequest("A prompt is a P x d matrix; got shape \(tensor.shape). Reshape it to [num_virtual_tokens, token_dim].")
        }
        guard tensor.shape[0] <= 100_000, tensor.shape[1] <= 65_536 else {
            throw HTTPError.badRequest("Shape \(tensor.shape) is larger than a soft prompt can be (P <= 100000, d <= 65536).")
        }
        guard tensor.allFinite else { throw HTTPError.badRequest("The tensor holds NaN or infinite values.") }
    }

    static func shapeChecked<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PromptArithmetic.ShapeMismatch {
            throw HTTPError.badRequest(error.description)
        }
    }

    static func approximatelyEqual(_ a: Tensor, _ b: Tensor) -> Bool {
        guard a.shape == b.shape else { return false }
        for i in 0..<a.count where abs(a.scalars[i] - b.scalars[i]) > 1e-5 * max(1, abs(b.scalars[i])) { return false }
        return true
    }

    /// Metadata from the query (wins) or the safetensors header, validated.
    static func metadata(query: QueryParameters, file: [String: String], rows: Int) throws -> VectorMetadata {
        func value(_ key: String) -> String? { query[key] ?? file[key] }
        var metadata = VectorMetadata()
        if let description = value("description") {
            guard description.utf8.count <= 4096 else { throw HTTPError.badRequest("'description' is longer than 4096 bytes.") }
            metadata.description = description
        }
        if let source = value("source") {
            guard source.utf8.count <= 2048 else { throw HTTPError.badRequest("'source' is longer than 2048 bytes.") }
            metadata.source = source
        }
        if let text = value("num_virtual_tokens") {
            // Encoder-decoder models (PEFT's num_transformer_submodules = 2) stack two prompts.
            guard let n = Int(text), n > 0, rows == n || rows == 2 * n else {
                throw HTTPError.badRequest("num_virtual_tokens=\(text) does not fit a prompt of \(rows) rows (expected \(rows), or \(rows / 2) for two submodules).")
            }
            metadata.numVirtualTokens = n
        }
        metadata.metrics = try jsonObject(value("metrics"), name: "metrics")
        metadata.provenance = try jsonObject(value("provenance"), name: "provenance")
        return metadata
    }

    static func jsonObject(_ text: String?, name: String) throws -> String? {
        guard let text else { return nil }
        let mustBe = "'\(name)' must be a JSON object, e.g. {\"accuracy\":0.91}"
        guard text.utf8.count <= 65_536 else { throw HTTPError.badRequest("\(mustBe), of at most 64 KiB.") }
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(Array(text.utf8))
        } catch {
            // The reason matters: duplicate keys and deep nesting are refused, not only broken syntax.
            throw HTTPError.badRequest("\(mustBe); it is not valid JSON: \(error).")
        }
        guard parsed.objectValue != nil else { throw HTTPError.badRequest("\(mustBe).") }
        return String(decoding: parsed.serialized(), as: UTF8.self)
    }
}
