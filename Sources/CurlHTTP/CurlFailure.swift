/// The details of a transfer that libcurl reported as failed.
public struct CurlFailure: Sendable, Hashable, CustomStringConvertible {
    /// The CURLcode, e.g. 7 for CURLE_COULDNT_CONNECT.
    public var code: Int
    /// libcurl's generic text for the code (curl_easy_strerror).
    public var summary: String
    /// libcurl's specific text for this transfer (CURLOPT_ERRORBUFFER), e.g.
    /// "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server";
    /// empty when libcurl gave none.
    public var detail: String
    public var method: String
    public var url: String
    /// Whether any byte of a response (a status line) had arrived when the transfer failed.
    public var responseStarted: Bool

    public init(code: Int, summary: String, detail: String, method: String, url: String, responseStarted: Bool) {
        self.code = code
        self.summary = summary
        self.detail = detail
        self.method = method
        self.url = url
        self.responseStarted = responseStarted
    }

    /// The most precise text available: the error buffer if filled, otherwise the summary.
    public var message: String { detail.isEmpty ? summary : detail }

    public var description: String {
        "\(method) \(url): \(message) (curl error \(code): \(summary))"
    }
}
