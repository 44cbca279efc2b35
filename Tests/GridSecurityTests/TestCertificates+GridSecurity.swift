import Foundation
import GridSecurity
import TestCredentials

extension TestCertificates {
    /// The certificates of a PEM file of the fixture, in file order (keys skipped).
    static func chain(_ relative: String) throws -> [[UInt8]] {
        try PEM.certificates(in: String(contentsOfFile: path(relative), encoding: .utf8))
    }

    /// A verifier on one of the fixture's hashed CA directories.
    static func verifier(_ directory: String = "certificates", checkCRLs: Bool = false) throws -> ProxyChainVerifier {
        try ProxyChainVerifier(caDirectory: path(directory), checkCRLs: checkCRLs)
    }
}

extension Result {
    /// The failure, or nil on success (for `#expect`/`#require` on rejections).
    var failure: Failure? {
        if case let .failure(error) = self { error } else { nil }
    }
}
