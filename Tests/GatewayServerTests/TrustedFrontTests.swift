import CurlHTTP
import DIRACWire
import Foundation
import GatewayConfig
import Testing
import TestCredentials

/// Balancer mode: a TLS-terminating front forwards the client chain in X-SSL-CERT.
@Suite("Trusted front mode")
struct TrustedFrontTests {
    static func frontConfiguration(allowed: [String] = ["127.0.0.1"]) throws -> GatewayConfiguration {
        try GatewayHarness.configuration {
            $0.server.trustedFront.enabled = true
            $0.server.trustedFront.allowedAddresses = allowed
        }
    }

    /// The chain of a PEM file, URL-quoted as nginx's `$ssl_client_escaped_cert` writes it.
    static func forwarded(_ relative: String) throws -> String {
        let text = try String(contentsOfFile: TestCertificates.path(relative), encoding: .utf8)
        let certificates = text.components(separatedBy: "-----END CERTIFICATE-----")
            .filter { $0.contains("-----BEGIN CERTIFICATE-----") }
            .map { $0[$0.range(of: "-----BEGIN CERTIFICATE-----")!.lowerBound...] + "-----END CERTIFICATE-----\n" }
            .joined()
        return certificates.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    static func whoami(_ url: String, headers: HTTPHeaders) async throws -> HTTPResponse {
        try await GatewayHarness.client(credential: nil).perform(GatewayHarness.rpc(url, "whoami", headers: headers))
    }

    @Test func forwardedProxyChainFromTheFrontAuthenticatesTheUser() async throws {
        try await GatewayHarness.withGateway(try Self.frontConfiguration()) { url in
            let response = try await Self.whoami(url, headers: [
                "X-SSL-CERT": try Self.forwarded("user/proxy.pem"), "X-Ssl_client_verify": "SUCCESS",
            ])
            let answer = try GatewayHarness.answer(response)
            #expect(answer["Value"]?["DN"] == .string(TestCertificates.userDN))
            #expect(answer["Value"]?["group"] == "ctao_user")
        }
    }

    @Test func headersFromAnAddressThatIsNotTheFrontAreRefused() async throws {
        try await GatewayHarness.withGateway(try Self.frontConfiguration(allowed: ["192.0.2.10"])) { url in
            let response = try await Self.whoami(url, headers: [
                "X-SSL-CERT": try Self.forwarded("user/proxy.pem"), "X-Ssl_client_verify": "SUCCESS",
            ])
            #expect(response.status == 401)
        }
    }

    @Test func frontThatDidNotVerifyTheClientIsRefused() async throws {
        try await GatewayHarness.withGateway(try Self.frontConfiguration()) { url in
            let response = try await Self.whoami(url, headers: [
                "X-SSL-CERT": try Self.forwarded("user/proxy.pem"), "X-Ssl_client_verify": "NONE",
            ])
            #expect(response.status == 401)
        }
    }

    @Test func forwardedChainIsVerifiedAgainstTheGatewaysOwnCAs() async throws {
        try await GatewayHarness.withGateway(try Self.frontConfiguration()) { url in
            let response = try await Self.whoami(url, headers: [
                "X-SSL-CERT": try Self.forwarded("other-ca/proxy.pem"), "X-Ssl_client_verify": "SUCCESS",
            ])
            #expect(response.status == 401)
            #expect(response.bodyText.contains("refused"))
        }
    }
}
