#if canImport(Glibc)
import Glibc
#endif

/// A growable byte buffer with a read and a write index, for a connection's input.
///
/// Raw malloc'd memory rather than [UInt8]: the event loop reads into its tail and parses
/// its head without copy-on-write checks or exclusivity bookkeeping on every access.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var readerIndex = 0
    private(set) var writerIndex = 0
    let initialCapacity: Int

    init(capacity: Int = 16 * 1024) {
        initialCapacity = capacity
        self.capacity = capacity
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var readableCount: Int { writerIndex - readerIndex }
    var isEmpty: Bool { readerIndex == writerIndex }

    var readable: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + readerIndex, count: writerIndex - readerIndex)
    }

    /// Makes room for at least `count` more bytes at the tail, moving unread bytes to the front first.
    func reserveWritable(_ count: Int) {
        if capacity - writerIndex >= count { return }
        if readerIndex > 0 {
            let unread = readableCount
            if unread > 0 { memmove(base, base + readerIndex, unread) }
            readerIndex = 0
            writerIndex = unread
            if capacity - writerIndex >= count { return }
        }
        var newCapacity = capacity
        while newCapacity - writerIndex < count { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: writerIndex)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    var writableTail: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base + writerIndex, count: capacity - writerIndex)
    }

    func didWrite(_ count: Int) { writerIndex += count }

    func consume(_ count: Int) {
        readerIndex += count
        if readerIndex == writerIndex { readerIndex = 0; writerIndex = 0 }
    }

    func takeBytes(_ count: Int) -> [UInt8] {
        let out = [UInt8](UnsafeRawBufferPointer(start: base + readerIndex, count: count))
        consume(count)
        return out
    }

    /// Returns to the initial size once empty, so a finished 64 MiB upload does not pin memory.
    func shrinkIfIdle() {
        guard isEmpty, capacity > initialCapacity * 4 else { return }
        base.deallocate()
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: initialCapacity)
        capacity = initialCapacity
    }
}
