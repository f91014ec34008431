#if canImport(Glibc)
import Glibc
#endif

/// Graceful shutdown on SIGINT/SIGTERM without async-signal-unsafe handlers: the signals are
/// blocked in every thread (call `blockTerminationSignals` before starting any), and one
/// thread waits for them synchronously.
public enum SignalWaiter {
    public static func blockTerminationSignals() {
        var set = terminationSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks the calling thread until SIGINT or SIGTERM arrives; returns its number.
    public static func waitForTermination() -> Int32 {
        var set = terminationSet()
        var signal: Int32 = 0
        sigwait(&set, &signal)
        return signal
    }

    private static func terminationSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
