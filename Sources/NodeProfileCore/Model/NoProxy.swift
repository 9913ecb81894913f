/// The NO_PROXY list every proxy environment file carries, decided here once.
enum NoProxy {
    /// The hosts and networks that must never go through the proxy, whatever the profile lists: loopback, cluster
    /// service names, the cluster and service networks, and the node IP (an address or its fact placeholder).
    static func required(_ network: Profile.Network, nodeIP: String) -> [String] {
        [
            "localhost", "127.0.0.1", ".svc", ".cluster.local", network.clusterNetwork.description,
            network.serviceNetwork.description, nodeIP,
        ]
    }

    /// `required` followed by the profile's own `proxy.noProxy` entries that it does not hold already, in order.
    static func list(_ network: Profile.Network, nodeIP: String, profileEntries: [String]) -> [String] {
        var list = required(network, nodeIP: nodeIP)
        for entry in profileEntries where !list.contains(entry) { list.append(entry) }
        return list
    }
}
