import Foundation

/// Real certificates for the tests, made once per test process by `scripts/make-certs.sh`.
///
/// Generating them (rather than committing fixtures) keeps the validity periods current and exercises
/// the script that local runs and the other test suites rely on.
public enum TestCertificates {
    public struct FixtureError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The DN of `user/usercert.pem` (and, deliberately, of `other-ca/usercert.pem`).
    public static let userDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"
    public static let hostDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=localhost"
    public static let otherHostDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=otherhost.test"
    public static let revokedDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=revokeduser"
    public static let group = "ctao_user"

    private static let generated: Result<String, FixtureError> = generate()

    /// Directory produced by make-certs.sh; throws if the script failed.
    public static func root() throws -> String {
        try generated.get()
    }

    public static func path(_ relative: String) throws -> String {
        try root() + "/" + relative
    }

    /// A fresh empty directory for tests that modify a CA directory.
    public static func scratchDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    private static func generate() -> Result<String, FixtureError> {
        // Tests/TestCredentials/<this file> → repository root → scripts/make-certs.sh
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = repository.appendingPathComponent("scripts/make-certs.sh").path
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateway-certs-\(UUID().uuidString)").path

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
