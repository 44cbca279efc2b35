#if canImport(Glibc)
import Glibc
#endif

extension GatewayConfiguration {
    /// Checks values against each other and, when asked, against the file system (certificate, key and CA
    /// directory readable). Loading them as TLS material is checked by the server's preflight.
    public func problems(checkFileSystem: Bool) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        func check(_ condition: Bool, _ key: String, _ message: @autoclosure () -> String) {
            if !condition { problems.append(ConfigurationProblem(key: key, message())) }
        }
        check((1...65535).contains(server.port), "server.port", "must be between 1 and 65535, got \(server.port)")
        check(!server.host.isEmpty, "server.host", "must not be empty")
        check(!server.routes.isEmpty, "server.routes", "at least one route is needed")
        for (index, route) in server.routes.enumerated() {
            let parts = route.split(separator: "/", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            check(parts.count == 2 && !route.contains(" "), "server.routes[\(index)]", "must be <System>/<Component>, got '\(route)'")
        }
        check(server.maxRequestBytes > 0, "server.maxRequestBytes", "must be positive")
        check(server.maxDecompressedBytes > 0, "server.maxDecompressedBytes", "must be positive")
        check(server.maxLFNLength >= 256, "server.maxLFNLength", "must be at least 256 (Rucio's DID names take 250)")
        check(server.maxLFNsPerCall > 0, "server.maxLFNsPerCall", "must be positive")
        check((1...64).contains(server.heavyCallThreads), "server.heavyCallThreads", "must be between 1 and 64")
        check(server.compressResponsesAbove >= 0, "server.compressResponsesAbove", "must be 0 (off) or positive")
        check(server.caReloadSeconds >= 0, "server.caReloadSeconds", "must be 0 (never) or positive")
        check(server.idleTimeoutSeconds > 0, "server.idleTimeoutSeconds", "must be positive")
        check(server.headerTimeoutSeconds > 0, "server.headerTimeoutSeconds", "must be positive")
        check(server.minimumBodyBytesPerSecond >= 0, "server.minimumBodyBytesPerSecond", "must be 0 (off) or positive")
        if server.trustedFront.enabled {
            check(!server.trustedFront.allowedAddresses.isEmpty, "server.trustedFront.allowedAddresses",
                "must list the front's addresses when trustedFront is enabled")
        } else {
            check(server.certificate != nil, "server.certificate", "a host certificate is required for HTTPS")
            check(server.privateKey != nil, "server.privateKey", "the host certificate's private key is required for HTTPS")
        }
        if metrics.enabled {
            check((1...65535).contains(metrics.port), "metrics.port", "must be between 1 and 65535, got \(metrics.port)")
            check(metrics.port != server.port, "metrics.port", "must differ from server.port (\(server.port))")
        }
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        check(levels.contains(logging.level.lowercased()), "logging.level", "must be one of \(levels.joined(separator: ", "))")

        problems += auth.problems(checkFileSystem: checkFileSystem)
        if auth.registrySource.type == .configurationServer {
            check(server.certificate != nil && server.privateKey != nil, "auth.registrySource.type",
                "configurationServer is called with the gateway's host certificate: server.certificate and server.privateKey are needed")
        }

        problems += rucio.problems(checkFileSystem: checkFileSystem)

        if checkFileSystem {
            if !server.trustedFront.enabled {
                if let path = server.certificate { checkPEMFile(path, "server.certificate", "CERTIFICATE", &problems) }
                if let path = server.privateKey { checkPEMFile(path, "server.privateKey", "PRIVATE KEY", &problems) }
            }
            checkCADirectory(server.caDirectory, &problems)
        }
        return problems
    }

    private func checkPEMFile(_ path: String, _ key: String, _ label: String, _ problems: inout [ConfigurationProblem]) {
        guard let text = readSmallFile(path) else {
            problems.append(ConfigurationProblem(key: key, "cannot read \(path): \(String(cString: strerror(errno)))"))
            return
        }
        if !text.contains("-----BEGIN") || !text.contains(label) {
            problems.append(ConfigurationProblem(key: key, "\(path) holds no PEM \(label)"))
        }
    }

    private func checkCADirectory(_ path: String, _ problems: inout [ConfigurationProblem]) {
        guard let directory = opendir(path) else {
            problems.append(ConfigurationProblem(
                key: "server.caDirectory", "cannot open \(path): \(String(cString: strerror(errno)))"))
            return
        }
        defer { closedir(directory) }
        var hashedCertificates = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            // OpenSSL's hashed layout: <8 hex digits>.<n> for CAs, .r<n> for CRLs.
            let parts = name.split(separator: ".")
            if parts.count == 2, parts[0].count == 8, parts[0].allSatisfy(\.isHexDigit), parts[1].allSatisfy(\.isNumber) {
                hashedCertificates += 1
            }
        }
        if hashedCertificates == 0 {
            problems.append(ConfigurationProblem(
                key: "server.caDirectory",
                "\(path) has no CA in OpenSSL's hashed layout (<hash>.0); run `openssl rehash \(path)`"))
        }
    }

    private func readSmallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
