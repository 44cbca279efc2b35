@testable import CurlHTTP
import Testing

@Suite("libcurl error codes map to HTTPClientError cases")
struct ErrorClassificationTests {
    private func failure(_ code: Int, _ detail: String = "", responseStarted: Bool = false) -> CurlFailure {
        CurlFailure(
            code: code, summary: "summary", detail: detail, method: "GET", url: "https://h/",
            responseStarted: responseStarted)
    }

    @Test("Resolve and connect failures are .couldNotConnect and retryable")
    func connectFailures() {
        for code in [6, 7] {
            let error = HTTPClientError.classifying(failure(code))
            guard case .couldNotConnect = error else {
                Issue.record("code \(code) gave \(error)")
                continue
            }
            #expect(error.isRetryableConnectionError)
        }
    }

    @Test("Certificate and handshake failures are .tls and not retryable")
    func tlsFailures() {
        for code in [35, 58, 60, 77, 98] {
            let error = HTTPClientError.classifying(failure(code))
            guard case .tls = error else {
                Issue.record("code \(code) gave \(error)")
                continue
            }
            #expect(!error.isRetryableConnectionError)
        }
    }

    @Test("A TLS 1.3 alert read after the handshake (client certificate refused) is .tls, not a broken connection")
    func tlsAlertAfterHandshake() {
        let error = HTTPClientError.classifying(failure(
            56, "OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0"))
        guard case .tls = error else {
            Issue.record("gave \(error)")
            return
        }
        #expect(!error.isRetryableConnectionError)
    }

    @Test("A reset before the response is retryable; after the status line it is not")
    func resetRetryability() {
        let early = HTTPClientError.classifying(failure(56, "Connection reset by peer"))
        let late = HTTPClientError.classifying(failure(56, "Connection reset by peer", responseStarted: true))
        guard case .transferInterrupted = early, case .transferInterrupted = late else {
            Issue.record("gave \(early) and \(late)")
            return
        }
        #expect(early.isRetryableConnectionError)
        #expect(!late.isRetryableConnectionError)
        #expect(!HTTPClientError.classifying(failure(18, responseStarted: true)).isRetryableConnectionError)
    }

    @Test("Timeouts and unlisted codes keep their code and error-buffer text in the description")
    func descriptionsCarryDetail() {
        let timeout = HTTPClientError.classifying(failure(28, "Operation timed out after 300 milliseconds"))
        guard case .timedOut = timeout else {
            Issue.record("gave \(timeout)")
            return
        }
        #expect(!timeout.isRetryableConnectionError)
        #expect(timeout.description.contains("Operation timed out after 300 milliseconds"))
        let other = HTTPClientError.classifying(failure(3, "URL rejected: Bad hostname"))
        guard case .other(let details) = other else {
            Issue.record("gave \(other)")
            return
        }
        #expect(details.code == 3)
        #expect(other.description.contains("URL rejected: Bad hostname"))
        #expect(other.description.contains("curl error 3"))
    }
}
