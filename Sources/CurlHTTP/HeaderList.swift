import CCurl

/// A curl_slist of request header lines, freed when the transfer is over (libcurl does not copy
/// the list given to CURLOPT_HTTPHEADER).
final class HeaderList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit { curl_slist_free_all(head) }

    /// Appends one raw line in libcurl's syntax: "Name: value" sends a field, "Name:" removes a
    /// field libcurl would add itself, "Name;" sends a field with an empty value.
    func append(_ line: String) throws(HTTPClientError) {
        guard let newHead = curl_slist_append(head, line) else {
            throw .other(CurlFailure(
                code: 27, summary: "Out of memory", detail: "curl_slist_append failed",
                method: "", url: "", responseStarted: false))
        }
        head = newHead
    }
}
