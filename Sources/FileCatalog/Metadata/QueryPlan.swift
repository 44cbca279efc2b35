import DIRACWire
import GatewayJSON
import OrderedCollections
import ScopeAlgorithms

/// What a metadata query becomes in Rucio, before anything is sent (`dirac-rucio-gateway explain` prints it).
///
/// The DFC's semantics (`dirac-surface.md` §4.2), mapped onto Rucio's hierarchy:
/// 1. the path and its ancestors are read (one `bulkmeta`): a directory key they already satisfy is dropped;
/// 2. the other directory keys select collections below the path (a Rucio search per key and scope, with
///    what Rucio can evaluate pushed down, or one scan of the collections when a key needs `Any`/`Missing` or
///    cannot be pushed); each selects its collections' whole subtrees and the keys intersect;
/// 3. files: with file keys, a Rucio search for the files below the selected subtrees; without, the files of
///    each selected collection (`GET …/files`);
/// 4. every candidate is checked by the gateway against the whole query (one `bulkmeta` per 1000), so an
///    answer holds files only, never collections, removed files or what Rucio's filter casting let through.
/// The scopes visited are those the scope algorithm allows below the path, never every scope of Rucio
/// unless the path is `/`.
public struct QueryPlan: Sendable, CustomStringConvertible {
    public var query: MetaQuery
    public var path: String
    public var scopes: ScopeRange
    /// Directory terms, with the Rucio filters pushed down for each (nil: not pushable, needs the scan).
    public var directorySearches: [(term: MetaTerm, filters: OrderedDictionary<String, JSON>?)]
    /// File terms evaluated at file level (declared file fields, undeclared keys, standard keys).
    public var fileTerms: [MetaTerm]
    /// The Rucio filters pushed down for the file search (empty: the files are listed instead).
    public var fileFilters: OrderedDictionary<String, JSON>
    /// `in` lists of file keys pushed down as Rucio's OR groups: each alternative is ANDed with `fileFilters`
    /// (at most `maximumAlternatives` groups; longer lists stay with the gateway's check).
    public var fileAlternatives: [OrderedDictionary<String, JSON>] = []
    public static let maximumAlternatives = 32

    public init(query: MetaQuery, path: String, algorithm: ScopeAlgorithm) {
        self.query = query
        self.path = path
        scopes = algorithm.scopes(below: path)
        directorySearches = query.directoryTerms.map { ($0, RucioFilterTranslation.filters(for: $0)) }
        fileTerms = query.fileTerms
        var filters: OrderedDictionary<String, JSON> = [:]
        // Standard keys are Rucio columns: mixed with JSON keys Rucio refuses the search, so the gateway checks them.
        for term in fileTerms {
            if case .standard = term.level { continue }
            for (key, value) in RucioFilterTranslation.filters(for: term) ?? [:] where filters[key] == nil {
                filters[key] = value
            }
        }
        fileFilters = filters
        var alternatives: [OrderedDictionary<String, JSON>] = [[:]]
        for term in fileTerms {
            if case .standard = term.level { continue }
            guard let values = RucioFilterTranslation.alternatives(for: term), filters[term.key] == nil,
                alternatives.count * values.count <= Self.maximumAlternatives
            else { continue }
            alternatives = alternatives.flatMap { group in values.map { value in group.merging([term.key: value]) { $1 } } }
        }
        fileAlternatives = alternatives.count > 1 || !(alternatives.first?.isEmpty ?? true) ? alternatives : []
    }

    /// The OR groups of the file search (`[]`: nothing pushed, the files are listed or searched by name only).
    public var fileFilterGroups: [OrderedDictionary<String, JSON>] {
        if fileAlternatives.isEmpty { return fileFilters.isEmpty ? [] : [fileFilters] }
        return fileAlternatives.map { fileFilters.merging($0) { first, _ in first } }
    }

    /// Whether the directory phase scans the collections below the path instead of searching per key.
    public var scansDirectories: Bool { directorySearches.contains { $0.filters == nil } }

    /// The Rucio name filter for a subtree (`<path>/*`), or nil where Rucio would rewrite it (its filter engine
    /// replaces `true`/`false` inside every string value).
    public static func nameFilter(below path: String) -> JSON? {
        let pattern = (path == "/" ? "" : path) + "/*"
        return RucioFilterTranslation.rucioKeepsString(pattern, wildcard: true) ? .string(pattern) : nil
    }

    public var description: String {
        var lines: [String] = []
        let terms = query.terms.map { term in
            "\(term.key) [\(Self.levelName(term.level))] " + term.conditions.map(\.description).joined(separator: " and ")
        }
        lines.append("query: " + (terms.isEmpty ? "(no keys)" : terms.joined(separator: "; ")))
        lines.append("path: \(path) (\(scopes))")
        var step = 1
        func add(_ text: String) {
            lines.append("\(step). \(text)")
            step += 1
        }
        add("POST /dids/bulkmeta (plugin ALL): \(path) and its ancestors; directory keys they satisfy are dropped")
        let name = Self.nameFilter(below: path).map { ", 'name': \(($0.stringValue ?? "").debugDescription)" } ?? " (name checked by the gateway)"
        if query.directoryTerms.isEmpty {
            add(path == "/" && fileTerms.isEmpty ? "no keys at / : the DFC answers nothing" : "no directory keys: the subtree of \(path)")
        } else if scansDirectories {
            add("per scope: GET /dids/{scope}/dids/search?type=collection&filters=[{\(name.dropFirst(2))}] (every collection below \(path)), then POST /dids/bulkmeta (plugin ALL) per 1000 collections; directory keys evaluated by the gateway")
        } else {
            for (term, filters) in directorySearches {
                let pushed = (filters ?? [:]).map { "'\($0.key)': \($0.value.serializedString())" }.joined(separator: ", ")
                add("per scope: GET /dids/{scope}/dids/search?filters=[{\(pushed)\(name)}] → collections where \(term.key) holds (their subtrees)")
            }
            add("POST /dids/bulkmeta (plugin ALL) of the collections found, per 1000: keep collections, check each key; intersect the subtrees")
        }
        if fileTerms.isEmpty {
            if !(path == "/" && query.directoryTerms.isEmpty) {
                add("per selected collection: GET /dids/{scope}/{name}/files (streamed)")
            }
        } else {
            if !(path == "/" && query.directoryTerms.isEmpty) {
                add("per selected collection: GET /dids/{scope}/{name}?dynamic_depth=FILE (Rucio counts its files); if they are few (rucio.metadata.listFilesUpTo), GET …/files of each and skip the searches below")
            }
        }
        if fileTerms.isEmpty {
        } else if fileFilterGroups.isEmpty {
            add("per selected collection and scope: GET /dids/{scope}/dids/search?type=file&filters=[{'name': '<collection>/*'}] (no file key Rucio can evaluate)")
            add("POST /dids/bulkmeta (plugin ALL) per 1000 candidates, concurrently: files only, every file key checked by the gateway")
        } else {
            let pushed = fileFilterGroups.map { group in
                "{" + group.map { "'\($0.key)': \($0.value.serializedString())" }.joined(separator: ", ") + "}"
            }.joined(separator: " OR ")
            add("per selected collection (or \(path) when there are many) and scope: GET /dids/{scope}/dids/search?filters=[\(pushed)] (each with 'name': '<collection>/*')")
            add("POST /dids/bulkmeta per 1000 candidates, concurrently: files only, not removed; keys Rucio evaluated exactly are not checked again (plugin DID_COLUMN), the others are (plugin ALL)")
        }
        if fileTerms.contains(where: { if case .standard(.se) = $0.level { return true } else { return false } }) {
            add("POST /replicas/list per 1000 remaining files: keep those with a replica at the SE")
        }
        add("answer: the LFNs, sorted, without duplicates")
        return lines.joined(separator: "\n")
    }

    static func levelName(_ level: MetaKeyLevel) -> String {
        switch level {
        case .directory(let type): "directory \(type.declared)"
        case .file(let type): "file \(type.declared)"
        case .undeclared: "undeclared, file level"
        case .standard: "standard"
        }
    }
}

/// Turning a term into Rucio search filters (`key` or `key.op`, `dirac-surface` §4 → `rucio-api.md` §2.6), only
/// where Rucio evaluates the condition as the gateway means it. The rest stays with the gateway's own check.
enum RucioFilterTranslation {
    /// The pushable filters of a term, or nil when none of its conditions can be pushed.
    static func filters(for term: MetaTerm) -> OrderedDictionary<String, JSON>? {
        var filters: OrderedDictionary<String, JSON> = [:]
        for condition in term.conditions {
            switch condition {
            case .equal(let value):
                if let json = pushable(value), filters[term.key] == nil { filters[term.key] = json }
            case .like(let pattern):
                // Rucio knows `*` only; `?` widens to `*` and the gateway's check narrows again.
                let widened = String(pattern.map { $0 == "?" ? "*" : $0 })
                if rucioKeepsString(widened, wildcard: true), filters[term.key] == nil { filters[term.key] = .string(widened) }
            case .greater(let value): numeric(value).map { filters[term.key + ".gt"] = $0 }
            case .greaterOrEqual(let value): numeric(value).map { filters[term.key + ".gte"] = $0 }
            case .less(let value): numeric(value).map { filters[term.key + ".lt"] = $0 }
            case .lessOrEqual(let value): numeric(value).map { filters[term.key + ".lte"] = $0 }
            // `.ne` also matches DIDs without the key, `in` has no Rucio form, `Any`/`Missing` none either.
            case .notEqual, .oneOf, .noneOf, .any, .missing: continue
            }
        }
        return filters.isEmpty ? nil : filters
    }

    /// The values of an `in` term (its only condition) that Rucio can match exactly, as OR alternatives.
    static func alternatives(for term: MetaTerm) -> [JSON]? {
        guard term.conditions.count == 1, case .oneOf(let values) = term.conditions[0] else { return nil }
        let pushed = values.compactMap(pushable)
        return pushed.count == values.count ? pushed : nil
    }

    /// Whether Rucio's search evaluates the term exactly as the gateway would, so its candidates need no second
    /// look at the value: every condition pushed, `*`-only patterns, numbers compared as numbers.
    static func isExact(_ term: MetaTerm) -> Bool {
        guard !term.conditions.isEmpty else { return false }
        var seenEquality = false
        for condition in term.conditions {
            switch condition {
            case .equal(let value):
                guard !seenEquality, pushable(value) != nil else { return false }
                seenEquality = true
            case .like(let pattern):
                guard !seenEquality, !pattern.contains("?"), rucioKeepsString(pattern, wildcard: true) else { return false }
                seenEquality = true
            case .greater(let value), .greaterOrEqual(let value), .less(let value), .lessOrEqual(let value):
                guard numeric(value) != nil else { return false }
            case .oneOf:
                guard term.conditions.count == 1, alternatives(for: term) != nil else { return false }
            case .notEqual, .noneOf, .any, .missing:
                return false
            }
        }
        return true
    }

    static func pushable(_ value: MetaScalar) -> JSON? {
        switch value {
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): rucioKeepsString(text, wildcard: false) ? .string(text) : nil
        case .datetime, .bool: nil
        }
    }

    static func numeric(_ value: MetaScalar) -> JSON? {
        switch value {
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        default: nil
        }
    }

    /// Whether Rucio's `FilterEngine._try_typecast_string` leaves a string value as it is: it replaces
    /// `true`/`false` (and upper case) inside every string, parses dates, and `ast.literal_eval`s values without
    /// `+ - * /`; `%` (and `*` outside patterns) are its wildcards.
    static func rucioKeepsString(_ text: String, wildcard: Bool) -> Bool {
        if text.isEmpty || text.contains("%") { return false }
        if !wildcard, text.contains("*") { return false }
        for word in ["true", "TRUE", "false", "FALSE"] where text.contains(word) { return false }
        if DIRACDateTime(parsing: text) != nil || DIRACDate(parsing: text) != nil { return false }
        let operators: Set<Character> = ["+", "-", "*", "/"]
        if text.contains(where: { operators.contains($0) }) { return true }
        // Without an operator character, `literal_eval` turns numbers, None/True/False and bracketed or quoted
        // literals into non-strings; a plain word (letters first, no quote, bracket or space) stays a string.
        guard let first = text.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        if ["None", "True", "False"].contains(text) { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
