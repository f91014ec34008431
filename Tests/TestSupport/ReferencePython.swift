import Foundation

/// The Python venv with torch, transformers, safetensors and peft that scripts/setup.sh prepares
/// (TPV_REF_VENV, default /tmp/ref-venv): the real PEFT that the hub's adapters must fit.
public enum ReferencePython {
    public static var venv: String { ProcessInfo.processInfo.environment["TPV_REF_VENV"] ?? "/tmp/ref-venv" }

    /// The venv's python, or an error saying how to make it.
    public static func executable() throws -> String {
        let python = venv + "/bin/python"
        let probe = FileManager.default.isExecutableFile(atPath: python)
            ? try runProcess(python, ["-c", "import torch, transformers, safetensors, peft"]) : nil
        guard let probe, probe.status == 0 else {
            throw RawHTTPClient.ClientError(description: "\(venv) lacks torch/transformers/safetensors/peft (\(probe?.stderr.suffix(300) ?? "no python there")); run scripts/setup.sh, which creates it")
        }
        return python
    }

    /// Tests/Python/NAME.
    public static func script(_ name: String) -> String { "\(repositoryRoot)/Tests/Python/\(name)" }
}
