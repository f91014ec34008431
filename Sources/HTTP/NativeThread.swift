#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// A joinable POSIX thread running a closure; the server's loops and workers are these.
final class NativeThread {
    private var handle = pthread_t()
    private final class Box {
        let name: String
        let body: () -> Void
        init(_ name: String, _ body: @escaping () -> Void) { self.name = name; self.body = body }
    }

    init(name: String, _ body: @escaping () -> Void) {
        let box = Unmanaged.passRetained(Box(name, body)).toOpaque()
        let result = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            tpv_set_thread_name(box.name)
            box.body()
            return nil
        }, box)
        precondition(result == 0, "pthread_create failed (\(name)): \(result)")
    }

    func join() { pthread_join(handle, nil) }
}
