// Python `str` operations, reproduced on Unicode scalars.
//
// The algorithms in this module are ports of Python code (Rucio's `rucio.common.utils` and CTAO's
// `bdms_rucio_policy.scope`). Python strings are sequences of code points and compare code point by
// code point. Swift's `String` works on grapheme clusters and compares by canonical equivalence, which
// gives different answers on exactly the inputs a differential test throws at it:
//
// * `"/\u{301}"` (a slash followed by a combining accent) is one `Character` in Swift, so splitting the
//   `String` on `"/"` would not split there; Python splits.
// * `"\u{212A}"` (KELVIN SIGN) `==` `"K"` in Swift (canonical equivalence); in Python they differ, so a
//   given scope spelled with a Kelvin sign must *not* match an extracted scope `K`.
// * `"\r\n"` is one `Character`; Python sees two code points.
//
// So every operation here works on `String.UnicodeScalarView` and compares scalar by scalar.

extension String {
    /// Code point equality, as Python's `==` on `str` (not Swift's canonical equivalence).
    func scalarsEqual(_ other: String) -> Bool {
        unicodeScalars.elementsEqual(other.unicodeScalars)
    }

    /// The number of code points, as Python's `len(str)` (not Swift's `count` of grapheme clusters).
    var codePointCount: Int { unicodeScalars.count }
}

/// Python's `str.rpartition(sep)` for a one-scalar separator: `(head, found, tail)`.
/// With no separator, Python returns `("", "", s)`.
func pythonRPartition(_ s: String, _ separator: Unicode.Scalar) -> (head: String, found: Bool, tail: String) {
    let scalars = s.unicodeScalars
    guard let index = scalars.lastIndex(of: separator) else {
        return ("", false, s)
    }
    return (String(scalars[..<index]), true, String(scalars[scalars.index(after: index)...]))
}

/// Python's `str.split(sep)` for a one-scalar separator: empty parts are kept, and `""` gives `[""]`.
func pythonSplit(_ s: String, _ separator: Unicode.Scalar) -> [String] {
    var parts: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
        if scalar == separator {
            parts.append(String(current))
            current = String.UnicodeScalarView()
        } else {
            current.append(scalar)
        }
    }
    parts.append(String(current))
    return parts
}

/// Python's `str.rstrip(chars)` for a single character: removes every trailing `character`.
func pythonRStrip(_ s: String, _ character: Unicode.Scalar) -> String {
    let scalars = s.unicodeScalars
    var end = scalars.endIndex
    while end > scalars.startIndex {
        let before = scalars.index(before: end)
        guard scalars[before] == character else { break }
        end = before
    }
    return String(scalars[..<end])
}

/// Python's `str.startswith(prefix)`, code point by code point.
func pythonStartsWith(_ s: String, _ prefix: String) -> Bool {
    s.unicodeScalars.starts(with: prefix.unicodeScalars)
}

/// Python's `str.endswith(suffix)` for a single character.
func pythonEndsWith(_ s: String, _ character: Unicode.Scalar) -> Bool {
    s.unicodeScalars.last == character
}

/// Python's `repr(str)` (CPython `unicode_repr`), used where an exception message embeds `{did!r}`.
///
/// * Quotes: `'…'`, unless the text contains `'` and no `"`, then `"…"`.
/// * Escaped: backslash, the chosen quote, `\t`, `\n`, `\r`; other C0 controls and DEL as `\xhh`.
/// * Other ASCII as is. Non-ASCII as is when `str.isprintable()` holds for it, otherwise `\xhh`,
///   `\uhhhh` or `\Uhhhhhhhh` (lowercase hex).
///
/// "Printable" is CPython's definition: not in the general categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs
/// (space itself is printable). Caveat: it depends on the Unicode version of the *Python* that runs
/// Rucio (3.11: Unicode 14) versus the Swift runtime's. A code point assigned in a later Unicode
/// version than the server's Python knows is escaped by Python (`Cn`) but printed here.
func pythonRepr(_ s: String) -> String {
    let scalars = s.unicodeScalars
    let quote: Unicode.Scalar = (scalars.contains("'") && !scalars.contains("\"")) ? "\"" : "'"
    var out = String.UnicodeScalarView()
    out.append(quote)
    func appendHex(_ prefix: String, _ value: UInt32, width: Int) {
        out.append(contentsOf: prefix.unicodeScalars)
        let hex = String(value, radix: 16, uppercase: false)
        out.append(contentsOf: String(repeating: "0", count: max(0, width - hex.count)).unicodeScalars)
        out.append(contentsOf: hex.unicodeScalars)
    }
    for scalar in scalars {
        switch scalar {
        case quote, "\\":
            out.append("\\")
            out.append(scalar)
        case "\t":
            out.append(contentsOf: "\\t".unicodeScalars)
        case "\n":
            out.append(contentsOf: "\\n".unicodeScalars)
        case "\r":
            out.append(contentsOf: "\\r".unicodeScalars)
        default:
            let value = scalar.value
            if value < 0x20 || value == 0x7F {
                appendHex("\\x", value, width: 2)
            } else if value < 0x7F {
                out.append(scalar)
            } else if isPythonPrintable(scalar) {
                out.append(scalar)
            } else if value <= 0xFF {
                appendHex("\\x", value, width: 2)
            } else if value <= 0xFFFF {
                appendHex("\\u", value, width: 4)
            } else {
                appendHex("\\U", value, width: 8)
            }
        }
    }
    out.append(quote)
    return String(out)
}

/// CPython's `Py_UNICODE_ISPRINTABLE` for a non-ASCII code point.
func isPythonPrintable(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned,
         .lineSeparator, .paragraphSeparator, .spaceSeparator:
        return scalar == " "
    default:
        return true
    }
}
