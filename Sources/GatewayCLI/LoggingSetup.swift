import Logging

#if canImport(Glibc)
import Glibc
#endif

enum LoggingSetup {
    /// Logs to standard error (containers collect it), at the configured level.
    static func bootstrap(level: String) -> Logger {
        let level = Logger.Level(rawValue: level.lowercased()) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "dirac-rucio-gateway")
        logger.logLevel = level
        return logger
    }
}

enum FileHandleOutput {
    static func standardError(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count)
        }
    }
}
