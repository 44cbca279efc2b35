extension MethodRegistry {
    mutating func registerReplicaWriteMethods(_ catalog: RucioCatalog) {
    }
}
