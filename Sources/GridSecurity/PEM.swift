internal import ProxyVerifyShim

/// Splits PEM text into DER certificates, with OpenSSL's PEM reader.
///
/// Why: a proxy file as `dirac-proxy-init` writes it holds the proxy certificate, the proxy's private
/// key and the rest of the chain; a TLS-terminating front passes the client chain as URL-quoted PEM
/// (an `X-SSL-CERT` header); tests and the CLI read proxy files. In all cases the certificates are
/// wanted in order and every other block (private keys above all) must be dropped, never copied.
public enum PEM {
    /// The certificates of `text`, in order, as DER. Non-certificate blocks are skipped.
    ///
    /// - Throws: ``GridSecurityError/invalidPEM(reason:)`` if there is no certificate, or a
    ///   certificate block is damaged (bad base64 or DER) — the whole text is then refused.
    public static func certificates(in text: String) throws(GridSecurityError) -> [[UInt8]] {
        try certificates(in: Array(text.utf8))
    }

    /// Like ``certificates(in:)-(String)`` for raw bytes (e.g. a file read as bytes).
    public static func certificates(in bytes: [UInt8]) throws(GridSecurityError) -> [[UInt8]] {
        var list = pv_der_list()
        defer { pv_der_list_clear(&list) }
        let (ok, message) = withShimErrorBuffer { err, errLength in
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { text in
                    pv_pem_certificates(text.baseAddress, text.count, &list, err, errLength)
                }
            }
        }
        guard ok == 1 else { throw .invalidPEM(reason: message) }
        return (0..<list.count).map { index in
            Array(UnsafeBufferPointer(start: list.items[index], count: list.lengths[index]))
        }
    }

    /// The certificates of a percent-encoded PEM text, as nginx's `$ssl_client_escaped_cert` and
    /// similar TLS-terminating fronts put it in a header such as `X-SSL-CERT`.
    ///
    /// Only `%XX` escapes are decoded: `+` is part of the base64 alphabet and is kept as is.
    /// - Throws: ``GridSecurityError/invalidPEM(reason:)`` for a broken escape or unusable PEM.
    public static func certificates(inURLEncoded text: String) throws(GridSecurityError) -> [[UInt8]] {
        try certificates(in: percentDecoded(Array(text.utf8)))
    }

    /// Decodes `%XX` escapes (Foundation's `removingPercentEncoding` is not in FoundationEssentials).
    static func percentDecoded(_ bytes: [UInt8]) throws(GridSecurityError) -> [UInt8] {
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "%") else {
                output.append(bytes[index])
                index += 1
                continue
            }
            guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            else {
                throw .invalidPEM(reason: "broken percent escape at offset \(index) of the header value")
            }
            output.append(high << 4 | low)
            index += 3
        }
        return output
    }
}
