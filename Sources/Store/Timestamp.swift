import Foundation

/// ISO 8601 UTC timestamps with milliseconds ("2025-01-31T12:00:00.123Z"), the form every row stores.
/// Fixed width, so text order is time order.
public enum Timestamp {
    /// The current time.
    public static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return string(seconds: Int(time.tv_sec), milliseconds: Int(time.tv_nsec / 1_000_000))
    }

    /// The time `seconds` before now.
    static func secondsAgo(_ seconds: Int) -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return string(seconds: Int(time.tv_sec) - seconds, milliseconds: Int(time.tv_nsec / 1_000_000))
    }

    /// Seconds since the Unix epoch plus milliseconds, formatted.
    static func string(seconds: Int, milliseconds: Int) -> String {
        var epoch = time_t(seconds)
        var parts = tm()
        gmtime_r(&epoch, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }
}
