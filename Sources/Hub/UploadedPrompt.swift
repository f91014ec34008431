import HTTP
import JSON
import PEFT
import PromptVectors
import Store
import Tensor

/// The tensors and metadata of a `POST /vectors` body, checked against each other.
///
/// A body holds either the task prompt vector itself (one tensor, or the key `tau`), or the
/// tuned prompt with the init it started from (`tuned` or PEFT's `prompt_embeddings`, plus
/// `init`), in which case the hub computes tau = tuned - init. A PEFT adapter folder (an
/// archive, or multipart parts) is a tuned prompt; its init comes as a file beside it or, with
/// `init=seed`, is the one the hub stores for the upload's (model, seed).
struct UploadedPrompt {
    var tau: Tensor
    var tuned: Tensor?
    /// The init sent with the upload (stored, or checked against the stored one); nil with init=seed.
    var initial: Tensor?
    var metadata: VectorMetadata
    var adapter: PeftAdapterConfig?

    /// Query parameters an upload reads besides its key.
    static let queryParameters = ["description", "num_virtual_tokens", "metrics", "source", "provenance", "init"]

    /// `storedInit` gives the init the hub holds for the upload's (model, seed), for `init=seed`.
    static func decode(_ request: Request, storedInit: () throws -> Tensor?) throws -> UploadedPrompt {
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("The body is empty; send the vector, e.g. curl --data-binary @tau.safetensors.")
        }
        var uploaded = try UploadedTensors.read(request)
        var initial = uploaded.initial
        switch request.query["init"] {
        case nil: break
        case "seed":
            guard uploaded.tuned != nil else {
                throw HTTPError.badRequest("init=seed takes the stored init for a tuned prompt; this upload is tau itself, which needs no init.")
            }
            guard uploaded.initial == nil else {
                throw HTTPError.badRequest("The upload holds an init and asks for the stored one (init=seed); send one of them.")
            }
            guard let stored = try storedInit() else {
                throw HTTPError.badRequest("init=seed: no init is stored for this model and seed; send it with the upload (init.safetensors in the archive, or an 'init' part), or POST /inits first.",
                                           extra: [("field", "init")])
            }
            uploaded.initial = stored
            initial = nil
        case let other?:
            throw HTTPError.badRequest("init='\(Names.printable(other))' is not understood; use init=seed for the init stored for this model and seed, or send the init with the upload.")
        }
        var tau = uploaded.tau
        if let tunedPrompt = uploaded.tuned {
            guard let start = uploaded.initial else {
                let how = uploaded.adapter == nil ? "add the tensor 'init'" : "add init.safetensors to the adapter folder (or an 'init' part)"
                throw HTTPError.badRequest("A tuned prompt needs the init it started from: \(how), pass init=seed to use the one stored for this model and seed, or upload tau alone (tpv push: --init FILE or --stored-init).",
                                           extra: [("field", "init")])
            }
            let computed = try shapeChecked { try PromptArithmetic.taskVector(tuned: tunedPrompt, initial: start) }
            if let given = tau, !approximatelyEqual(given, computed) {
                throw HTTPError.badRequest("The uploaded tau is not tuned - init; send either tau or tuned with init, or make them agree.")
            }
            tau = computed
        }
        guard let tau else { throw HTTPError.badRequest("The body holds no task prompt vector: add 'tau', or 'tuned' with 'init'.") }
        if let initial { _ = try shapeChecked { try PromptArithmetic.taskVector(tuned: tau, initial: initial) } }
        try checkPromptShape(tau)
        var metadata = try metadata(query: request.query, file: uploaded.fileMetadata, rows: tau.shape[0])
        if let adapter = uploaded.adapter { try describe(adapter, in: &metadata) }
        return UploadedPrompt(tau: tau, tuned: uploaded.tuned, initial: initial, metadata: metadata, adapter: uploaded.adapter)
    }

    /// An adapter's prompt length is its num_virtual_tokens (half the rows for two submodules),
    /// and its config is kept as provenance, so downloads give it back.
    static func describe(_ adapter: PeftAdapterConfig, in metadata: inout VectorMetadata) throws {
        if let stated = metadata.numVirtualTokens, stated != adapter.numVirtualTokens {
            throw HTTPError.badRequest("num_virtual_tokens=\(stated) disagrees with adapter_config.json's \(adapter.numVirtualTokens); expected \(adapter.numVirtualTokens), or leave the parameter out.",
                                       extra: [("field", "num_virtual_tokens")])
        }
        metadata.numVirtualTokens = adapter.numVirtualTokens
        var provenance = Representation.embeddedJSON(metadata.provenance).objectValue ?? []
        if !provenance.contains(where: { $0.0 == PeftDownload.provenanceKey }) {
            provenance.append((PeftDownload.provenanceKey, adapter.document))
        }
        metadata.provenance = try jsonObject(String(decoding: JSONValue.object(provenance).serialized(), as: UTF8.self),
                                             name: "provenance")
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
