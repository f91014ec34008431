/// PEFT's `TaskType` names. The task type decides which PeftModel class wraps the base model,
/// and so whether the prompt is prepended at all (the plain PeftModel does not).
public enum PeftTaskType {
    public static let all = ["SEQ_CLS", "SEQ_2_SEQ_LM", "CAUSAL_LM", "TOKEN_CLS", "QUESTION_ANS", "FEATURE_EXTRACTION"]
    public static let encoderDecoder = "SEQ_2_SEQ_LM"
    /// What the hub's own models are: an encoder whose pooled output is scored, the prompt prepended.
    public static let encoderDefault = "FEATURE_EXTRACTION"

    public static func validated(_ name: String) throws -> String {
        guard all.contains(name) else {
            throw PeftAdapterError(field: "task_type", "task_type '\(name)' is not one of PEFT's task types: \(all.joined(separator: ", ")).")
        }
        return name
    }
}
