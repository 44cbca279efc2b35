/// File ancestry (`addFile` with `Ancestors`, `addFileAncestors`, `getFileAncestors`, `getFileDescendents`;
/// DFC `FileManagerBase`): kept in Rucio as JSON metadata of the file DIDs, both ways, so that descendants are read
/// without scanning the namespace:
///
/// - `dirac_ancestors` on a file: `{ancestorLFN: depth}`, the transitive closure as the DFC stores it (an
///   ancestor's own ancestors at their depth + the given one);
/// - `dirac_descendants` on each of those ancestors: `{descendantLFN: depth}`, the same pairs seen from above.
///
/// Both keys are the gateway's own: refused in `setMetadata` and left out of the user-metadata answers.
public enum AncestryKeys {
    public static let ancestors = "dirac_ancestors"
    public static let descendants = "dirac_descendants"
    public static let all: Set<String> = [ancestors, descendants]
}
