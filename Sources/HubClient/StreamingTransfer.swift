import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A URLSession data delegate that hands what arrives (the response head, each piece of the
/// body, the end) to one waiting thread, so a synchronous caller can consume a response
/// while it is still coming and run its callbacks on its own thread.
final class StreamingTransfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Item {
        case response(HTTPURLResponse)
        case data(Data)
        case finished(Error?)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var next = 0

    /// Blocks until the transfer has something new; `.finished` is the last item.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while next == items.count { condition.wait() }
        let item = items[next]
        next += 1
        if next == items.count {
            items.removeAll(keepingCapacity: true)
            next = 0
        }
        return item
    }

    private func put(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let response = response as? HTTPURLResponse {
            put(.response(response))
        } else {
            put(.finished(URLError(.badServerResponse)))
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        put(.data(data))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        put(.finished(error))
    }
}
