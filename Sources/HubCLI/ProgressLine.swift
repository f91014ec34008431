import Foundation

/// The one-line progress display of a training job:
/// `job 42 [########............] 24/60 epoch 2 loss 0.612 21.3 ex/s eta 0:31`.
public enum ProgressLine {
    public static func render(jobID: Int, progress: JobProgress, barWidth: Int = 20) -> String {
        let filled = Int((progress.fraction * Double(barWidth)).rounded(.down))
        var parts = ["job \(jobID)",
                     "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]",
                     "\(progress.step)/\(progress.total)"]
        if let epoch = progress.epoch { parts.append("epoch \(epoch)") }
        if let loss = progress.loss, loss.isFinite { parts.append("loss " + String(format: "%.3f", loss)) }
        if let rate = progress.examplesPerSecond, rate.isFinite { parts.append(String(format: "%.1f ex/s", rate)) }
        if let eta = progress.etaSeconds, eta.isFinite, eta >= 0 { parts.append("eta " + clock(eta)) }
        return parts.joined(separator: " ")
    }

    /// Seconds as a clock reading: `0:31`, `12:05`, `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let twoDigits = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }
}
