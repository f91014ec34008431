#if canImport(Glibc)
import Glibc
#endif

/// The IMF-fixdate for the Date header (RFC 9110 section 5.6.7), formatted at most once a second.
///
/// Each event loop owns one, so no locking is needed on the hot path.
final class HTTPDateCache {
    private var second: time_t = -1
    private(set) var bytes: [UInt8] = []

    /// The current date, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    func current() -> [UInt8] {
        let now = time(nil)
        if now != second {
            second = now
            bytes = Array(HTTPDateCache.format(now).utf8)
        }
        return bytes
    }

    static func format(_ t: time_t) -> String {
        var seconds = t
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
