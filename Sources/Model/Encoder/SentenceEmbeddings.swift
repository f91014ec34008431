import Tensor

extension BertEncoder {
    /// Mean-pooled, L2-normalised sentence embeddings [B, H] (with `prompt`, the
    /// prompt rows take part in the mean), as sentence-transformers' encode.
    public func embed(_ batch: EncodedBatch, prompt: Tensor? = nil, workspace: EncoderWorkspace? = nil) throws -> Tensor {
        let ws = workspace ?? EncoderWorkspace(config: config)
        try forward(batch: batch, prompt: prompt, workspace: ws, keepActivations: false)
        return pooledEmbeddings(ws)
    }

    /// The last hidden state [B, P + L, H] (for checks against the reference).
    public func lastHiddenState(_ batch: EncodedBatch, prompt: Tensor? = nil) throws -> Tensor {
        let ws = EncoderWorkspace(config: config)
        try forward(batch: batch, prompt: prompt, workspace: ws, keepActivations: false)
        let h = config.hiddenSize
        let scalars = Array(UnsafeBufferPointer(start: ws.hidden, count: ws.rows * h))
        return Tensor(shape: [ws.batch, ws.sequence, h], scalars: scalars)
    }

    func pooledEmbeddings(_ ws: EncoderWorkspace, norms: UnsafeMutablePointer<Float>? = nil) -> Tensor {
        let h = config.hiddenSize
        var embeddings = Tensor(zeros: [ws.batch, h])
        let ownNorms = norms == nil ? UnsafeMutablePointer<Float>.allocate(capacity: ws.batch) : nil
        defer { ownNorms?.deallocate() }
        embeddings.scalars.withUnsafeMutableBufferPointer { e in
            MeanPooling.forward(embeddings: e.baseAddress!, norms: norms ?? ownNorms!, hidden: ws.hidden,
                                mask: ws.keyMask, batch: ws.batch, sequence: ws.sequence, width: h)
        }
        return embeddings
    }
}
