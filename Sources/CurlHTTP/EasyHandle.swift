import CCurl
import CurlShim

/// Owns one libcurl easy handle (CURL *).
///
/// An easy handle keeps, across transfers and across curl_easy_reset(), its connection cache, DNS
/// cache and TLS session cache; that is what makes keep-alive reuse work when the same handle
/// serves the next request to the same server.
final class EasyHandle: @unchecked Sendable {
    // @unchecked: libcurl allows an easy handle to be used from any thread but by one thread at a
    // time; EasyHandlePool hands each handle to exactly one transfer at a time.
    let raw: UnsafeMutableRawPointer

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
    }

    /// Closes the handle's cached connections too.
    deinit { curl_easy_cleanup(raw) }

    /// Back to the options of a fresh handle, dropping every pointer into a finished transfer
    /// (callbacks' userdata, error buffer, header list, body) while keeping the caches.
    func reset() { curl_easy_reset(raw) }

    func set(_ option: CURLoption, _ value: Int, _ name: StaticString) throws(HTTPClientError) {
        try check(cs_setopt_long(raw, option, value), name)
    }

    func set(_ option: CURLoption, _ value: Bool, _ name: StaticString) throws(HTTPClientError) {
        try check(cs_setopt_long(raw, option, value ? 1 : 0), name)
    }

    func set(_ option: CURLoption, offset value: Int64, _ name: StaticString) throws(HTTPClientError) {
        try check(cs_setopt_off(raw, option, curl_off_t(value)), name)
    }

    /// libcurl copies strings (since 7.17.0); nil clears the option, built-in default included.
    func set(_ option: CURLoption, _ value: String?, _ name: StaticString) throws(HTTPClientError) {
        let rc: CURLcode
        if let value {
            rc = cs_setopt_str(raw, option, value)
        } else {
            rc = cs_setopt_str(raw, option, nil)
        }
        try check(rc, name)
    }

    /// Not copied by libcurl: `value` must stay valid until the transfer is over.
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?, _ name: StaticString) throws(HTTPClientError) {
        try check(cs_setopt_ptr(raw, option, value), name)
    }

    func info(long info: CURLINFO) -> Int {
        var value = 0
        return cs_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    func info(offset info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return cs_getinfo_off(raw, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    private func check(_ rc: CURLcode, _ name: StaticString) throws(HTTPClientError) {
        guard rc != CURLE_OK else { return }
        let summary = String(cString: curl_easy_strerror(rc))
        throw .other(CurlFailure(
            code: Int(rc.rawValue), summary: summary, detail: "curl_easy_setopt(\(name)) failed: \(summary)",
            method: "", url: "", responseStarted: false))
    }
}
