import Foundation
import GridSecurity

/// Real certificates for the tests, made once per test process by `scripts/make-certs.sh`.
///
/// Generating them (rather than committing fixtures) keeps the validity periods current and exercises
/// the script that local runs and the other test suites rely on.
enum TestCertificates {
    struct FixtureError: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The DN of `user/usercert.pem` (and, deliberately, of `other-ca/usercert.pem`).
    static let userDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"
    static let hostDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=localhost"
    static let revokedDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=revokeduser"
    static let group = "ctao_user"

    private static let generated: Result<String, FixtureError> = generate()

    /// Directory produced by make-certs.sh; throws if the script failed.
    static func root() throws -> String {
        try generated.get()
    }

    static func path(_ relative: String) throws -> String {
        try root() + "/" + relative
    }

    /// The certificates of a PEM file of the fixture, in file order (keys skipped).
    static func chain(_ relative: String) throws -> [[UInt8]] {
        try PEM.certificates(in: String(contentsOfFile: path(relative), encoding: .utf8))
    }

    /// A verifier on one of the fixture's hashed CA directories.
    static func verifier(_ directory: String = "certificates", checkCRLs: Bool = false) throws -> ProxyChainVerifier {
        try ProxyChainVerifier(caDirectory: path(directory), checkCRLs: checkCRLs)
    }

    /// A fresh empty directory for tests that modify a CA directory.
    static func scratchDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gridsecurity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    private static func generate() -> Result<String, FixtureError> {
        // Tests/GridSecurityTests/<this file> → repository root → scripts/make-certs.sh
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = repository.appendingPathComponent("scripts/make-certs.sh").path
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("gridsecurity-certs-\(UUID().uuidString)").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script, output]
        var environment = ProcessInfo.processInfo.environment
        environment["DIRAC_TEST_GROUP"] = group
        process.environment = environment
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            return .failure(FixtureError(description: "cannot run \(script): \(error)"))
        }
        let text = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(FixtureError(description: "\(script) failed (\(process.terminationStatus)):\n\(text)"))
        }
        atexit { TestCertificates.removeGenerated() }
        return .success(output)
    }

    private static func removeGenerated() {
        if case let .success(directory) = generated {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}

extension Result {
    /// The failure, or nil on success (for `#expect`/`#require` on rejections).
    var failure: Failure? {
        if case let .failure(error) = self { error } else { nil }
    }
}
