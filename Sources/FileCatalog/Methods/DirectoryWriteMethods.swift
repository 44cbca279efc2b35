extension MethodRegistry {
    mutating func registerDirectoryWriteMethods(_ catalog: RucioCatalog) {
    }
}
