import Foundation

/// The file name a download is saved under when `-o` is not given: the hub's
/// `Content-Disposition: attachment; filename="..."`, reduced to a plain name in the current folder.
public enum DownloadName {
    public static func fileName(contentDisposition: String?, fallback: String) -> String {
        guard let header = contentDisposition, let start = header.range(of: "filename=\"") else { return fallback }
        let rest = header[start.upperBound...]
        let name = String(rest.prefix { $0 != "\"" }.split(separator: "/").last ?? "")
        guard !name.isEmpty, name != ".", name != "..", !name.hasPrefix(".") else { return fallback }
        return name
    }
}
