/// The buffers of one forward (and backward) pass over a batch: activations the
/// backward pass needs, kept per layer, and scratch shared by all layers. Sized to
/// batch x sequence and reused while later batches fit, so training steps allocate
/// nothing. One workspace serves one caller at a time.
public final class EncoderWorkspace {
    /// What backward needs from one layer's forward pass.
    struct LayerActivations {
        var qkv: UnsafeMutablePointer<Float>            // [R, 3H], biases added
        var probs: UnsafeMutablePointer<Float>          // [B, heads, T, S], S = padded row stride
        var attentionSum: UnsafeMutablePointer<Float>   // [R, H] input of the attention LayerNorm
        var attentionMean: UnsafeMutablePointer<Float>  // [R]
        var attentionRstd: UnsafeMutablePointer<Float>  // [R]
        var ffnPre: UnsafeMutablePointer<Float>         // [R, I] GELU input, then (training) its slope
        var outputSum: UnsafeMutablePointer<Float>      // [R, H] input of the output LayerNorm
        var outputMean: UnsafeMutablePointer<Float>
        var outputRstd: UnsafeMutablePointer<Float>
    }

    let config: BertConfig
    private var storage = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)
    private(set) var batch = 0
    private(set) var sequence = 0
    private(set) var promptLength = 0
    private(set) var keepsAllLayers = false

    private(set) var embeddingSum: UnsafeMutablePointer<Float>!
    private(set) var embeddingMean: UnsafeMutablePointer<Float>!
    private(set) var embeddingRstd: UnsafeMutablePointer<Float>!
    private var layerSlots: [LayerActivations] = []
    /// Layer input, then (overwritten in place) its output; after forward the last hidden state.
    private(set) var hidden: UnsafeMutablePointer<Float>!
    private(set) var attentionOut: UnsafeMutablePointer<Float>!  // [R, H] LayerNorm output inside a layer
    private(set) var context: UnsafeMutablePointer<Float>!       // [R, H]; dContext in backward
    private(set) var ffnActivation: UnsafeMutablePointer<Float>! // [R, I]; dGELU in backward
    private(set) var gradient: UnsafeMutablePointer<Float>!      // [R, H] running dL/d(hidden)
    private(set) var dQKV: UnsafeMutablePointer<Float>!          // [R, 3H]
    private(set) var scoreScratch: UnsafeMutablePointer<Float>!  // [B, T, S] per batch element
    private(set) var keyMask: UnsafeMutablePointer<Float>!       // [B, T] 1 real, 0 padding (pooling)
    private(set) var keyBias: UnsafeMutablePointer<Float>!       // [B, S] 0 real, -inf padding and beyond T

    public init(config: BertConfig) {
        self.config = config
    }

    deinit {
        storage.deallocate()
    }

    /// Bytes held, for memory accounting.
    public var byteCount: Int { storage.count * MemoryLayout<Float>.stride }

    var rows: Int { batch * sequence }

    func layer(_ index: Int) -> LayerActivations {
        layerSlots[keepsAllLayers ? index : 0]
    }

    /// Lays the buffers out for `batch` x `sequence` rows (growing the allocation only
    /// when needed). Without `keepAllLayers` every layer reuses one slot: enough for
    /// inference, not for backward.
    func prepare(batch: Int, sequence: Int, promptLength: Int, keepAllLayers: Bool) {
        let h = config.hiddenSize, i = config.intermediateSize
        let r = batch * sequence
        let stride = Attention.Shape.rowStride(sequence)
        let probsCount = batch * config.headCount * sequence * stride
        let perLayer = r * (3 * h + h + i + h + 4) + probsCount
        let slots = keepAllLayers ? config.layerCount : 1
        let total = r * (h + 2) + slots * perLayer + r * (h + h + h + i + h + 3 * h + 1)
            + batch * stride + batch * sequence * stride
        if total > storage.count {
            storage.deallocate()
            storage = .allocate(capacity: total)
            // Zeroed once so that rows a pass never writes (e.g. unused query rows) hold no NaN.
            storage.initialize(repeating: 0)
        }
        var cursor = storage.baseAddress!
        func take(_ count: Int) -> UnsafeMutablePointer<Float> {
            defer { cursor += count }
            return cursor
        }
        embeddingSum = take(r * h)
        embeddingMean = take(r)
        embeddingRstd = take(r)
        layerSlots = (0..<slots).map { _ in
            LayerActivations(qkv: take(r * 3 * h), probs: take(probsCount), attentionSum: take(r * h),
                             attentionMean: take(r), attentionRstd: take(r), ffnPre: take(r * i),
                             outputSum: take(r * h), outputMean: take(r), outputRstd: take(r))
        }
        hidden = take(r * h)
        attentionOut = take(r * h)
        context = take(r * h)
        ffnActivation = take(r * i)
        gradient = take(r * h)
        dQKV = take(r * 3 * h)
        keyMask = take(r)
        keyBias = take(batch * stride)
        scoreScratch = take(batch * sequence * stride)
        precondition(cursor - storage.baseAddress! == total, "workspace layout mismatch")
        self.batch = batch
        self.sequence = sequence
        self.promptLength = promptLength
        self.keepsAllLayers = keepAllLayers
    }

    /// The key mask over [prompt ++ tokens]: prompt rows are always real.
    func setMask(_ tokenMask: [Float], tokens: Int) {
        let stride = Attention.Shape.rowStride(sequence)
        for b in 0..<batch {
            for t in 0..<stride {
                let real = t < promptLength || (t < sequence && tokenMask[b * tokens + t - promptLength] != 0)
                if t < sequence { keyMask[b * sequence + t] = real ? 1 : 0 }
                keyBias[b * stride + t] = real ? 0 : -.infinity
            }
        }
    }
}
