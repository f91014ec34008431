/// Turns the bytes of a `text/event-stream` into events, fed in chunks of any size, following
/// the W3C EventSource "interpreting an event stream" rules: lines end in CRLF, LF or CR;
/// `:` starts a comment; `field: value` loses one space after the colon; a blank line
/// dispatches the event being built (unless it has no data); `id` persists across events;
/// a leading byte-order mark is ignored, and an event the stream ends inside is dropped.
///
/// Works on bytes and decodes only whole lines, so a chunk may split a UTF-8 character or a
/// CRLF pair anywhere.
public struct ServerSentEventParser {
    /// The last `id` field without a NUL, kept across events.
    public private(set) var lastEventID = ""
    /// Milliseconds from the last valid `retry` field: how long a client should wait to reconnect.
    public private(set) var reconnectionTime: Int?

    private var line: [UInt8] = []
    /// The previous chunk ended in CR: a LF starting this one belongs to that line end.
    private var pendingCR = false
    private var isFirstLine = true
    private var eventType = ""
    private var data: [UInt8] = []

    public init() {}

    /// Consumes `bytes` and returns the events they completed, in order.
    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> [ServerSentEvent] where Bytes.Element == UInt8 {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if pendingCR {
                pendingCR = false
                if byte == lineFeed { continue }
            }
            if byte == lineFeed || byte == carriageReturn {
                pendingCR = byte == carriageReturn
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if isFirstLine {
            isFirstLine = false
            if line.starts(with: byteOrderMark) { line.removeFirst(byteOrderMark.count) }
        }
        if line.isEmpty { return dispatch() }
        if line[0] == colon { return nil }
        let nameEnd = line.firstIndex(of: colon) ?? line.endIndex
        var valueStart = nameEnd == line.endIndex ? nameEnd : nameEnd + 1
        if valueStart < line.endIndex && line[valueStart] == space { valueStart += 1 }
        process(field: line[..<nameEnd], value: line[valueStart...])
        return nil
    }

    private mutating func process(field: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
        if field.elementsEqual("data".utf8) {
            data.append(contentsOf: value)
            data.append(lineFeed)
        } else if field.elementsEqual("event".utf8) {
            eventType = String(decoding: value, as: UTF8.self)
        } else if field.elementsEqual("id".utf8) {
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        } else if field.elementsEqual("retry".utf8) {
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                reconnectionTime = Int(String(decoding: value, as: UTF8.self))
            }
        }
        // Any other field is ignored, as the specification says.
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            data.removeAll(keepingCapacity: true)
            eventType = ""
        }
        guard !data.isEmpty else { return nil }
        data.removeLast()  // the line feed after the last data line
        return ServerSentEvent(event: eventType.isEmpty ? "message" : eventType,
                               data: String(decoding: data, as: UTF8.self), id: lastEventID)
    }
}

private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let colon: UInt8 = 0x3A
private let space: UInt8 = 0x20
private let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
