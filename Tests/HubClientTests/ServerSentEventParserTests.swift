import Testing
@testable import HubClient

/// The W3C EventSource parsing rules, each with a stream that breaks if the rule is broken,
/// and every stream also fed split at every byte position.
@Suite struct ServerSentEventParserTests {
    func parse(_ text: String) -> [ServerSentEvent] { parse(Array(text.utf8)) }

    func parse(_ bytes: [UInt8]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return parser.feed(bytes)
    }

    /// Feeds `bytes` in two pieces split at every position, and byte by byte, and checks each
    /// gives the same events as one feed.
    func expectSplitInvariant(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let whole = parse(bytes)
        for cut in 0...bytes.count {
            var parser = ServerSentEventParser()
            let events = parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...])
            #expect(events == whole, "split at \(cut)", sourceLocation: sourceLocation)
        }
        var parser = ServerSentEventParser()
        let byteByByte = bytes.flatMap { parser.feed([$0]) }
        #expect(byteByByte == whole, "byte by byte", sourceLocation: sourceLocation)
    }

    @Test func dispatchesAtABlankLineWithTypeAndData() {
        #expect(parse("event: progress\ndata: {\"step\":1}\n\n") == [ServerSentEvent(event: "progress", data: "{\"step\":1}")])
        #expect(parse("event: progress\ndata: 1\n").isEmpty, "no blank line yet: nothing dispatched")
    }

    @Test func eventTypeDefaultsToMessageAndResetsAfterEachEvent() {
        let events = parse("event: status\ndata: a\n\ndata: b\n\n")
        #expect(events.map(\.event) == ["status", "message"])
        #expect(events.map(\.data) == ["a", "b"])
    }

    @Test func joinsDataLinesWithLineFeeds() {
        #expect(parse("data: first\ndata: second\ndata\ndata: \n\n").map(\.data) == ["first\nsecond\n\n"])
    }

    @Test func anEmptyDataFieldStillDispatches() {
        #expect(parse("data\n\n") == [ServerSentEvent(data: "")])
        #expect(parse("data:\n\n") == [ServerSentEvent(data: "")])
    }

    @Test func anEventWithoutDataIsNotDispatchedAndItsTypeIsForgotten() {
        #expect(parse("event: lonely\n\ndata: x\n\n") == [ServerSentEvent(event: "message", data: "x")])
    }

    @Test func removesExactlyOneSpaceAfterTheColon() {
        #expect(parse("data:no space\n\n").map(\.data) == ["no space"])
        #expect(parse("data:  two spaces\n\n").map(\.data) == [" two spaces"])
        #expect(parse("data:\tx\n\n").map(\.data) == ["\tx"])
        #expect(parse("data: a: b\n\n").map(\.data) == ["a: b"], "only the first colon separates")
    }

    @Test func ignoresCommentsAndUnknownFields() {
        #expect(parse(": keep-alive\n\n").isEmpty)
        #expect(parse(": keep-alive\ndata: x\n: another\nfoo: bar\nDATA: upper\n\n") == [ServerSentEvent(data: "x")])
    }

    @Test func acceptsCRLFAndLFAndCRLineEnds() {
        let expected = [ServerSentEvent(event: "a", data: "1\n2"), ServerSentEvent(data: "3")]
        for end in ["\n", "\r\n", "\r"] {
            let text = ["event: a", "data: 1", "data: 2", "", "data: 3", "", ""].joined(separator: end)
            #expect(parse(text) == expected, "line end \(Array(end.utf8))")
        }
        #expect(parse("data: mixed\r\ndata: ends\rdata: here\n\r\n") == [ServerSentEvent(data: "mixed\nends\nhere")])
        #expect(parse("data: x\r\r") == [ServerSentEvent(data: "x")], "CR CR is two line ends, not one")
    }

    @Test func idPersistsAcrossEventsAndIgnoresValuesWithNUL() {
        let events = parse("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 8\u{0}9\ndata: d\n\n")
        #expect(events.map(\.id) == ["7", "7", "", ""])
        var parser = ServerSentEventParser()
        _ = parser.feed(Array("id: 41\ndata: a\n\nid: 42\n".utf8))
        #expect(parser.lastEventID == "42", "an id field sets the id even when no event follows")
    }

    @Test func retryTakesOnlyDigits() {
        var parser = ServerSentEventParser()
        _ = parser.feed(Array("retry: 2500\n".utf8))
        #expect(parser.reconnectionTime == 2500)
        _ = parser.feed(Array("retry: 3s\nretry:\nretry: -1\n".utf8))
        #expect(parser.reconnectionTime == 2500)
    }

    @Test func ignoresALeadingByteOrderMarkOnly() {
        #expect(parse([0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)) == [ServerSentEvent(data: "x")])
        // A second mark is part of the line, so the field is no longer "data".
        #expect(parse([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)).isEmpty)
    }

    @Test func dropsAnEventTheStreamEndsInside() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("data: complete\n\ndata: partial".utf8)) == [ServerSentEvent(data: "complete")])
    }

    @Test func fieldWithoutColonHasAnEmptyValue() {
        #expect(parse("event\ndata\n\n") == [ServerSentEvent(event: "message", data: "")])
    }

    @Test func everyStreamGivesTheSameEventsWhateverTheChunkBoundaries() {
        let streams: [[UInt8]] = [
            Array("event: status\r\ndata: {\"id\":42}\r\n\r\n: keep-alive\r\n\r\nevent: progress\rdata: a\rdata: b\r\r".utf8),
            Array("id: 1\ndata: é ü 漢字 🙂\n\nretry: 10\nevent: end\ndata:\n\n".utf8),
            [0xEF, 0xBB, 0xBF] + Array("data: x\r\n\r\ndata: y\n\n".utf8),
        ]
        for stream in streams {
            #expect(!parse(stream).isEmpty)
            expectSplitInvariant(stream)
        }
        #expect(parse(streams[1]).first?.data == "é ü 漢字 🙂", "a character split across chunks decodes whole")
    }
}
