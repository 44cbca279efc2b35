import CCurl
import CurlShim

/// Runs one request to completion on the calling thread with a pooled easy handle.
///
/// Both the async API (on a transfer thread) and the blocking API (on the caller's thread) end
/// here, so they behave identically.
struct RequestExecutor: Sendable {
    let configuration: HTTPClientConfiguration
    let handles: EasyHandlePool

    func execute(
        _ request: HTTPRequest, sink: Transfer.Sink, cancellation: CancellationFlag?
    ) -> Result<TransferOutcome, HTTPClientError> {
        do throws(HTTPClientError) {
            return .success(try executeThrowing(request, sink: sink, cancellation: cancellation))
        } catch {
            return .failure(error)
        }
    }

    private func executeThrowing(
        _ request: HTTPRequest, sink: Transfer.Sink, cancellation: CancellationFlag?
    ) throws(HTTPClientError) -> TransferOutcome {
        try RequestValidation.validate(request)
        if cancellation?.isCancelled == true { throw .cancelled }

        let origin = EasyHandlePool.origin(of: request.url)
        let handle = try handles.checkOut(origin: origin)
        defer { handles.checkIn(handle, origin: origin) }

        let transfer = Transfer(sink: sink, cancellation: cancellation, handle: handle)
        let headerList = HeaderList()
        let usesBody = try configure(handle, for: request, transfer: transfer, headers: headerList)

        let rc: CURLcode = withExtendedLifetime((transfer, headerList)) {
            Self.withBodyBytes(usesBody ? (request.body ?? []) : nil) { pointer, count in
                if let pointer {
                    // Set last, right before the transfer: libcurl reads the bytes in place.
                    guard cs_setopt_off(handle.raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(count)) == CURLE_OK,
                        cs_setopt_ptr(handle.raw, CURLOPT_POSTFIELDS, pointer) == CURLE_OK
                    else { return CURLE_FAILED_INIT }
                }
                return curl_easy_perform(handle.raw)
            }
        }

        let info = HTTPTransferInfo(
            connectionsOpened: handle.info(long: CURLINFO_NUM_CONNECTS),
            total: .curlMicroseconds(handle.info(offset: CURLINFO_TOTAL_TIME_T)),
            connect: .curlMicroseconds(handle.info(offset: CURLINFO_CONNECT_TIME_T)),
            tlsHandshakeDone: .curlMicroseconds(handle.info(offset: CURLINFO_APPCONNECT_TIME_T)),
            firstByte: .curlMicroseconds(handle.info(offset: CURLINFO_STARTTRANSFER_TIME_T)))

        guard rc == CURLE_OK else {
            if let handlerError = transfer.handlerError { throw .aborted(handlerError) }
            if transfer.wasCancelled { throw .cancelled }
            throw HTTPClientError.classifying(CurlFailure(
                code: Int(rc.rawValue),
                summary: String(cString: curl_easy_strerror(rc)),
                detail: transfer.errorText,
                method: request.method.rawValue,
                url: request.url,
                responseStarted: transfer.responseStarted))
        }
        return TransferOutcome(
            head: transfer.head, body: transfer.body, bodyByteCount: transfer.bodyByteCount, info: info)
    }

    /// Sets every option of `request` on `handle`. Returns whether the request sends a body
    /// (through CURLOPT_POSTFIELDS, set by the caller around the transfer).
    private func configure(
        _ handle: EasyHandle, for request: HTTPRequest, transfer: Transfer, headers: HeaderList
    ) throws(HTTPClientError) -> Bool {
        let config = configuration
        // Multi-threaded use: without it libcurl uses SIGALRM for DNS timeouts (CURLOPT_NOSIGNAL).
        try handle.set(CURLOPT_NOSIGNAL, true, "NOSIGNAL")
        try handle.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(transfer.errorBuffer), "ERRORBUFFER")
        try handle.set(CURLOPT_URL, request.url, "URL")
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https", "PROTOCOLS_STR")
        try handle.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1), "HTTP_VERSION")
        try handle.set(CURLOPT_TCP_NODELAY, true, "TCP_NODELAY")
        try handle.set(CURLOPT_TCP_KEEPALIVE, true, "TCP_KEEPALIVE")
        try handle.set(CURLOPT_MAXCONNECTS, 1, "MAXCONNECTS")
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, config.connectTimeout.curlMilliseconds, "CONNECTTIMEOUT_MS")
        try handle.set(CURLOPT_TIMEOUT_MS, (request.timeout ?? config.requestTimeout).curlMilliseconds, "TIMEOUT_MS")
        // "" disables proxies, including those named by environment variables.
        try handle.set(CURLOPT_PROXY, config.proxy ?? "", "PROXY")
        if let userAgent = config.userAgent {
            try handle.set(CURLOPT_USERAGENT, userAgent, "USERAGENT")
        }

        try configureTLS(handle)
        if config.forbidConnectionReuse {
            try handle.set(CURLOPT_FRESH_CONNECT, true, "FRESH_CONNECT")
            try handle.set(CURLOPT_FORBID_REUSE, true, "FORBID_REUSE")
        }
        if request.decompressResponse {
            // "" = offer every encoding this libcurl can decode, and decode the body.
            try handle.set(CURLOPT_ACCEPT_ENCODING, "", "ACCEPT_ENCODING")
        }

        let method = request.method
        let usesBody: Bool
        if method == .head {
            try handle.set(CURLOPT_NOBODY, true, "NOBODY")
            usesBody = false
        } else if request.body != nil || method == .post || method == .put || method == .patch {
            // POSTFIELDS makes a POST with Content-Length; CUSTOMREQUEST renames the method.
            if method != .post {
                try handle.set(CURLOPT_CUSTOMREQUEST, method.rawValue, "CUSTOMREQUEST")
            }
            usesBody = true
        } else if method == .get {
            try handle.set(CURLOPT_HTTPGET, true, "HTTPGET")
            usesBody = false
        } else {
            try handle.set(CURLOPT_CUSTOMREQUEST, method.rawValue, "CUSTOMREQUEST")
            usesBody = false
        }

        for field in request.headers {
            try headers.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if usesBody {
            // libcurl sends "Expect: 100-continue" for bodies over 1 MiB and then waits for an
            // interim response; an empty "Expect:" line removes the field.
            if !request.headers.contains("Expect") { try headers.append("Expect:") }
            // libcurl would claim application/x-www-form-urlencoded for a POSTFIELDS body.
            if !request.headers.contains("Content-Type") { try headers.append("Content-Type:") }
        }
        if let list = headers.head {
            try handle.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(list), "HTTPHEADER")
        }

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try check(cs_setopt_header_function(handle.raw, { data, size, count, context in
            let bytes = size * count
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: bytes))
            return bytes
        }, context), "HEADERFUNCTION")
        try check(cs_setopt_write_function(handle.raw, { data, size, count, context in
            let bytes = size * count
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            // Any count other than `bytes` makes libcurl fail with CURLE_WRITE_ERROR.
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: bytes)) ? bytes : 0
        }, context), "WRITEFUNCTION")
        if transfer.isCancellable {
            try check(cs_setopt_progress_function(handle.raw, { context, _, _, _, _ in
                let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                return transfer.shouldAbort() ? 1 : 0
            }, context), "XFERINFOFUNCTION")
        }
        return usesBody
    }

    private func configureTLS(_ handle: EasyHandle) throws(HTTPClientError) {
        let config = configuration
        try handle.set(CURLOPT_SSL_VERIFYPEER, config.verifyPeer, "SSL_VERIFYPEER")
        // 2 = the certificate must name the host; 1 is not a valid choice since 7.66.
        try handle.set(CURLOPT_SSL_VERIFYHOST, config.verifyHost ? 2 : 0, "SSL_VERIFYHOST")
        if config.caDirectory != nil || config.caFile != nil {
            // nil clears libcurl's compiled-in default, so only the configured CAs are trusted.
            try handle.set(CURLOPT_CAPATH, config.caDirectory, "CAPATH")
            try handle.set(CURLOPT_CAINFO, config.caFile, "CAINFO")
        }
        if let certificate = config.clientCertificateFile {
            try handle.set(CURLOPT_SSLCERT, certificate, "SSLCERT")
            try handle.set(CURLOPT_SSLCERTTYPE, "PEM", "SSLCERTTYPE")
            try handle.set(CURLOPT_SSLKEY, config.clientKeyFile ?? certificate, "SSLKEY")
            try handle.set(CURLOPT_SSLKEYTYPE, "PEM", "SSLKEYTYPE")
        }
        try handle.set(CURLOPT_SSL_SESSIONID_CACHE, config.tlsSessionResumption, "SSL_SESSIONID_CACHE")
    }

    private func check(_ rc: CURLcode, _ name: StaticString) throws(HTTPClientError) {
        guard rc != CURLE_OK else { return }
        throw .other(CurlFailure(
            code: Int(rc.rawValue), summary: String(cString: curl_easy_strerror(rc)),
            detail: "curl_easy_setopt(\(name)) failed", method: "", url: "", responseStarted: false))
    }

    /// Calls `body` with a pointer to the request body that stays valid for the whole call; a
    /// one-byte buffer stands in for an empty body, since libcurl needs a non-NULL pointer.
    private static func withBodyBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeMutableRawPointer?, Int) -> R) -> R {
        guard let bytes else { return body(nil, 0) }
        if bytes.isEmpty {
            var placeholder: UInt8 = 0
            return withUnsafeMutableBytes(of: &placeholder) { body($0.baseAddress, 0) }
        }
        return bytes.withUnsafeBytes { body(UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count) }
    }
}
