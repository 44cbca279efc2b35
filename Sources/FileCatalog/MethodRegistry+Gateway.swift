extension MethodRegistry {
    /// Every method the gateway serves today. Catalog methods not listed here answer HTTP 501 until the
    /// Rucio-backed handlers land.
    public static func gateway() -> MethodRegistry {
        var registry = MethodRegistry()
        registry.register(ServiceMethods.Ping())
        registry.register(ServiceMethods.Echo())
        registry.register(ServiceMethods.WhoAmI())
        registry.register(PermissionMethods.HasAccess())
        registry.register(PermissionMethods.GetPathPermissions())
        return registry
    }
}
