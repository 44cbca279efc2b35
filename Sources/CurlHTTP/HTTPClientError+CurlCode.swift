import CCurl
import CurlShim  // re-exports <curl/curl.h> declarations (CURLE_*) in this module

extension HTTPClientError {
    /// Sorts a libcurl failure into the case a caller can act on (see libcurl-errors(3)).
    static func classifying(_ failure: CurlFailure) -> HTTPClientError {
        let code = CURLcode(rawValue: UInt32(truncatingIfNeeded: failure.code))
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotConnect(failure)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(failure)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT:
            return .tls(failure)
        case CURLE_RECV_ERROR where failure.detail.contains("alert"),
            CURLE_SEND_ERROR where failure.detail.contains("alert"):
            // A TLS alert read after the handshake, e.g. "OpenSSL SSL_read: ... tlsv13 alert
            // certificate required": with TLS 1.3 the server judges the client certificate after
            // the client has finished its handshake, so the rejection arrives as a read error.
            return .tls(failure)
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .transferInterrupted(failure)
        default:
            return .other(failure)
        }
    }
}
