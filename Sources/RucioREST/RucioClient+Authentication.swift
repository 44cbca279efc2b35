#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
import GatewayJSON
import Logging

extension RucioClient {
    /// Obtains a token for `account` (§1.1 of Rucio's auth views): `GET /auth/userpass` or
    /// `GET /auth/x509_proxy` on the auth URL with `X-Rucio-Account` (and `X-Rucio-VO`), the token
    /// in `X-Rucio-Auth-Token`, its expiry in `X-Rucio-Auth-Token-Expires`; or the token provider.
    func authenticate(account: String, credentials: RucioCredentials) async -> Result<RucioToken, RucioError> {
        switch credentials {
        case .tokenProvider(let provider):
            do {
                let token = try await provider.fetch(account)
                return .success(RucioToken(value: token, expires: JWTExpiry.localExpiry(of: token)))
            } catch {
                return .failure(.authentication(RucioAuthenticationFailure(account: account, underlying: error)))
            }
        case .userpass(let username, let password):
            var call = RucioCall(method: .get, path: "/auth/userpass", target: .auth, idempotent: true, authenticated: false)
            call.headers = [
                "X-Rucio-Account": account, "X-Rucio-Username": username, "X-Rucio-Password": password,
            ]
            return await requestToken(call, account: account)
        case .x509(let certificate, let key):
            var call = RucioCall(method: .get, path: "/auth/x509_proxy", target: .auth, idempotent: true, authenticated: false)
            call.headers = ["X-Rucio-Account": account]
            call.clientCertificate = RucioClientCertificate(certificateFile: certificate, keyFile: key)
            return await requestToken(call, account: account)
        }
    }

    private func requestToken(_ call: RucioCall, account: String) async -> Result<RucioToken, RucioError> {
        let sentAt = ContinuousClock.now
        let head: HTTPResponseHead
        do {
            head = try await perform(call, session: nil)
        } catch {
            if case .server(let refusal) = error {
                logger.warning("Rucio refused to authenticate account \(account): \(refusal)")
                return .failure(.authentication(RucioAuthenticationFailure(account: account, server: refusal)))
            }
            return .failure(error)
        }
        guard let token = head.headers[first: "X-Rucio-Auth-Token"], !token.isEmpty else {
            let accounts = head.headers[first: "X-Rucio-Auth-Accounts"].map { " (accounts: \($0))" } ?? ""
            return .failure(.invalidResponse(RucioInvalidResponse(
                method: call.method.rawValue, path: call.path, status: head.status,
                reason: "no X-Rucio-Auth-Token in the answer\(accounts)")))
        }
        let expires = Self.localExpiry(
            expiresHeader: head.headers[first: "X-Rucio-Auth-Token-Expires"],
            dateHeader: head.headers[first: "Date"], sentAt: sentAt)
        logger.info("Rucio token obtained for account \(account)", metadata: ["path": "\(call.path)"])
        return .success(RucioToken(value: token, expires: expires))
    }

    /// When a token stops being usable, on the local monotonic clock.
    ///
    /// The lifetime is the server's expiry minus the server's own `Date` header, so a gateway whose
    /// clock is off by minutes still refreshes on time; without `Date`, the local wall clock is the
    /// reference. It is counted from when the request was *sent*, which errs on the early side.
    static func localExpiry(expiresHeader: String?, dateHeader: String?, sentAt: ContinuousClock.Instant)
        -> ContinuousClock.Instant?
    {
        guard let expiresText = expiresHeader, let expires = RucioDate.parse(expiresText) else { return nil }
        let reference = dateHeader.flatMap(RucioDate.parse) ?? Date()
        let lifetime = expires.timeIntervalSince(reference)
        return sentAt.advanced(by: .milliseconds(Int64((lifetime * 1000).rounded(.down))))
    }
}

/// Reads the `exp` claim of a JWT (RFC 7519) without verifying it — Rucio verifies; this is only
/// to know when to ask the provider for a new one.
enum JWTExpiry {
    static func localExpiry(of token: String) -> ContinuousClock.Instant? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = base64URLDecoded(parts[1]),
            let claims = try? JSON(parsing: payload), let exp = claims["exp"]?.doubleValue
        else { return nil }
        let remaining = exp - Date().timeIntervalSince1970
        return ContinuousClock.now.advanced(by: .milliseconds(Int64((remaining * 1000).rounded(.down))))
    }

    static func base64URLDecoded(_ text: Substring) -> [UInt8]? {
        var base64 = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
