import Foundation
import GridSecurity
import TestCredentials
import Testing

@Suite("Concurrent use")
struct ConcurrencyTests {
    private struct Case: Sendable {
        var file: String
        var expectedDN: String?  // nil: must be refused
        var expectedGroup: String?
    }

    @Test("many concurrent verifications of different chains, interleaved with reloads, all get their own answer")
    func concurrentVerificationsAndReloads() async throws {
        let verifier = try TestCertificates.verifier()
        let cases = [
            Case(file: "user/proxy.pem", expectedDN: TestCertificates.userDN, expectedGroup: TestCertificates.group),
            Case(file: "user/proxy-nogroup.pem", expectedDN: TestCertificates.userDN, expectedGroup: nil),
            Case(file: "user/proxy-level2.pem", expectedDN: TestCertificates.userDN, expectedGroup: TestCertificates.group),
            Case(file: "host/hostcert.pem", expectedDN: TestCertificates.hostDN, expectedGroup: nil),
            Case(file: "revoked/proxy.pem", expectedDN: TestCertificates.revokedDN, expectedGroup: TestCertificates.group),
            Case(file: "other-ca/proxy.pem", expectedDN: nil, expectedGroup: nil),
            Case(file: "bad/proxy-wrongsig.pem", expectedDN: nil, expectedGroup: nil),
        ]
        let chains = try cases.map { try TestCertificates.chain($0.file) }
        let rounds = 40

        let mismatches = try await withThrowingTaskGroup(of: [String].self) { group in
            for round in 0..<rounds {
                for (index, testCase) in cases.enumerated() {
                    let chain = chains[index]
                    group.addTask {
                        let result = verifier.verify(chain: chain)
                        switch (result, testCase.expectedDN) {
                        case let (.success(identity), dn?) where identity.dn == dn && identity.diracGroup == testCase.expectedGroup:
                            return []
                        case (.failure, nil):
                            return []
                        default:
                            return ["round \(round) \(testCase.file): \(result)"]
                        }
                    }
                }
                if round % 10 == 0 {
                    group.addTask {
                        try verifier.reload()
                        return []
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
