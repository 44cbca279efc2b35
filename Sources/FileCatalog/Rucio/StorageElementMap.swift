/// DIRAC storage element names ↔ Rucio RSE names. CTAO names its DIRAC SEs after the RSEs (its
/// `Rucio2CSAgent` creates one SE per RSE), so the identity is the default; `rucio.storageElements` maps the
/// others (`SE: RSE`). An SE without an entry is taken as the RSE of the same name.
public struct StorageElementMap: Sendable, Hashable {
    public private(set) var rseBySE: [String: String]
    public private(set) var seByRSE: [String: String]

    public init(_ rseBySE: [String: String] = [:]) {
        self.rseBySE = rseBySE
        var reverse: [String: String] = [:]
        for (se, rse) in rseBySE.sorted(by: { $0.key < $1.key }) where reverse[rse] == nil {
            reverse[rse] = se
        }
        self.seByRSE = reverse
    }

    public func rse(forSE se: String) -> String { rseBySE[se] ?? se }

    /// The SE name DIRAC knows for an RSE: the first (sorted) SE mapped to it, else the RSE name.
    public func se(forRSE rse: String) -> String { seByRSE[rse] ?? rse }
}
