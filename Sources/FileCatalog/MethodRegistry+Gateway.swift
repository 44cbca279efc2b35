extension MethodRegistry {
    /// Every method the gateway serves. Without a Rucio catalog (no `rucio.url` configured) only the service
    /// and permission methods are served and every catalog method answers HTTP 501, as a DIRAC service
    /// without the method would.
    public static func gateway(catalog: RucioCatalog? = nil) -> MethodRegistry {
        var registry = MethodRegistry()
        registry.register(ServiceMethods.Ping())
        registry.register(ServiceMethods.Echo())
        registry.register(ServiceMethods.WhoAmI())
        registry.register(PermissionMethods.HasAccess())
        registry.register(PermissionMethods.GetPathPermissions())
        if let catalog {
            registry.registerFileMethods(catalog)
            registry.registerReplicaMethods(catalog)
            registry.registerDirectoryMethods(catalog)
            registry.registerFileWriteMethods(catalog)
            registry.registerReplicaWriteMethods(catalog)
            registry.registerDirectoryWriteMethods(catalog)
            registry.registerMetadataFieldMethods(catalog)
            registry.registerUserMetadataMethods(catalog)
            registry.registerMetadataQueryMethods(catalog)
            registry.registerMetadataSetMethods(catalog)
            registry.registerAncestryMethods(catalog)
            registry.registerDatasetMethods(catalog)
        }
        return registry
    }
}
