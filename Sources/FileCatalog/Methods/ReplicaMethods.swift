extension MethodRegistry {
    mutating func registerReplicaMethods(_ catalog: RucioCatalog) {
    }
}
