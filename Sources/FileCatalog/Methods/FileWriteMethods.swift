extension MethodRegistry {
    mutating func registerFileWriteMethods(_ catalog: RucioCatalog) {
    }
}
