extension MethodRegistry {
    mutating func registerDirectoryMethods(_ catalog: RucioCatalog) {
    }
}
