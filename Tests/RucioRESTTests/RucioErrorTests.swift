import CurlHTTP
import RucioREST
import Testing

@Suite("Rucio error answers")
struct RucioErrorTests {
    @Test("the JSON body gives class and full message, ahead of the truncated headers")
    func bodyFirst() {
        let error = RucioServerError(
            status: 404,
            headers: ["ExceptionClass": "DataIdentifierNotFound", "ExceptionMessage": "Data identifier 'MC:/x' not..."],
            body: Array(#"{"ExceptionClass": "DataIdentifierNotFound", "ExceptionMessage": "Data identifier 'MC:/x' not found"}"#.utf8),
            method: "GET", path: "/dids/MC/%2Fx")
        #expect(error.exceptionClass == "DataIdentifierNotFound")
        #expect(error.exceptionMessage == "Data identifier 'MC:/x' not found")
        #expect(RucioError.server(error).isDataIdentifierNotFound)
        #expect(RucioError.server(error).isNotFound)
        #expect(!RucioError.server(error).isDuplicate)
    }

    @Test("without a JSON body the ExceptionClass/ExceptionMessage headers are used")
    func headersSecond() {
        let error = RucioServerError(
            status: 409, headers: ["ExceptionClass": "DataIdentifierAlreadyExists", "ExceptionMessage": "exists"],
            body: [], method: "POST", path: "/dids")
        #expect(error.exceptionClass == "DataIdentifierAlreadyExists")
        #expect(error.exceptionMessage == "exists")
        #expect(RucioError.server(error).isDuplicate)
    }

    @Test("a plain-text 500 (an unhandled exception in Rucio) keeps its text and has no class")
    func plainText() {
        let error = RucioServerError(
            status: 500, headers: ["Content-Type": "text/html"], body: Array("list index out of range\n".utf8),
            method: "POST", path: "/dirac/addfiles")
        #expect(error.exceptionClass == nil)
        #expect(error.exceptionMessage == "list index out of range")
        #expect(RucioError.server(error).isUnhandledServerError)
        #expect(!RucioError.server(error).isTransient)
    }

    @Test("AccessDenied and CannotAuthenticate 401s are told apart by their class")
    func unauthorized() {
        let denied = RucioError.server(RucioServerError(
            status: 401, exceptionClass: "AccessDenied", exceptionMessage: "no", method: "POST", path: "/replicas"))
        let expired = RucioError.server(RucioServerError(
            status: 401, exceptionClass: "CannotAuthenticate", exceptionMessage: "no", method: "GET", path: "/scopes/"))
        #expect(denied.isAccessDenied && !denied.isCannotAuthenticate)
        #expect(expired.isCannotAuthenticate && !expired.isAccessDenied)
        #expect(denied.status == 401 && expired.status == 401)
    }

    @Test("502, 503, 504 and connection failures are transient; other statuses are not")
    func transient() {
        for status in [502, 503, 504] {
            #expect(RucioError.server(RucioServerError(
                status: status, exceptionClass: nil, exceptionMessage: nil, method: "GET", path: "/")).isTransient)
        }
        #expect(!RucioError.server(RucioServerError(
            status: 500, exceptionClass: "DatabaseException", exceptionMessage: nil, method: "GET", path: "/")).isTransient)
        let refused = HTTPClientError.couldNotConnect(CurlFailure(
            code: 7, summary: "Couldn't connect", detail: "", method: "GET", url: "http://x/", responseStarted: false))
        #expect(RucioError.transport(RucioTransportFailure(
            error: refused, method: "GET", path: "/", attempts: 3, recordsDelivered: 0)).isTransient)
    }
}

@Suite("Retry backoff")
struct RetryPolicyTests {
    @Test("pauses grow exponentially from the initial backoff, are capped, and jitter only shortens them")
    func backoff() {
        let policy = RucioRetryPolicy(
            maximumAttempts: 6, initialBackoff: .milliseconds(100), maximumBackoff: .seconds(1), multiplier: 2, jitter: 0.5)
        #expect(policy.backoff(afterAttempt: 1, random: 0) == .milliseconds(100))
        #expect(policy.backoff(afterAttempt: 2, random: 0) == .milliseconds(200))
        #expect(policy.backoff(afterAttempt: 3, random: 0) == .milliseconds(400))
        #expect(policy.backoff(afterAttempt: 5, random: 0) == .seconds(1))
        #expect(policy.backoff(afterAttempt: 2, random: 1) == .milliseconds(100))
        for _ in 0..<100 {
            let pause = policy.backoff(afterAttempt: 3)
            #expect(pause >= .milliseconds(200) && pause <= .milliseconds(400))
        }
    }

    @Test("no policy means one attempt")
    func none() {
        #expect(RucioRetryPolicy.none.maximumAttempts == 1)
        #expect(RucioRetryPolicy(maximumAttempts: 0).maximumAttempts == 1)
    }
}
