import Foundation
import HubCLI
#if canImport(Glibc)
import Glibc
#endif

/// Shows a job's progress on stderr. On a terminal the progress line is redrawn in place and
/// lines that stay are printed above it; in a log every output is a plain line.
final class ProgressTerminal {
    let isTerminal = isatty(STDERR_FILENO) == 1
    private var progressLine: String?
    private static let clearToEnd = "\u{1B}[K"

    func show(_ outputs: [JobEventPresenter.Output]) {
        for output in outputs { show(output) }
    }

    func show(_ output: JobEventPresenter.Output) {
        switch output {
        case .progress(let text):
            progressLine = text
            write("\r" + text + Self.clearToEnd)
        case .line(let text):
            if progressLine != nil { write("\r" + Self.clearToEnd) }
            write(text + "\n")
            if let progressLine { write(progressLine + Self.clearToEnd) }
        }
    }

    /// Ends the progress line so what follows starts on a line of its own.
    func finish() {
        if progressLine != nil { write("\n") }
        progressLine = nil
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
