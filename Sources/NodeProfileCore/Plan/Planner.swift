import NodeProfileManifest

/// The typed artifacts for a profile, and the facts they need from the device.
public struct Plan: Sendable {
    /// Every file to generate, sorted by path.
    public var artifacts: [any Artifact]
    /// The facts the agent resolves on the device, in the order the manifest lists them.
    public var facts: [FactSpec]
    /// What the facts' values must keep against values the profile fixed, checked on the device.
    public var constraints: [FactConstraint] = []
}

/// The plan stage, profile -> artifacts: decides which files exist for a profile and fills each with typed values.
public enum Planner {
    /// The plan for `profile` on `release` (by default the release the profile targets).
    public static func plan(_ profile: Profile, release: MicroShiftRelease? = nil) -> Plan {
        let network = profile.network
        let gateway = network.gateway
        let release = release ?? profile.release
        let own = release.ownPaths
        // From 4.14 MicroShift owns br-ex: the NIC keeps the addressing (`UplinkKeyfile`).
        let ownsBridge = release.bridgeOwner == .microshift
        let ovn = OVNConfig(
            gatewayMode: gateway.mode,
            gatewayInterface: gateway.mode == .microshift && release.ovnKeys.contains("ovsInit.gatewayInterface")
                ? gateway.interface : nil,
            mtu: network.mtu, keys: release.ovnKeys)
        var artifacts: [any Artifact] = [
            CPUAffinityDropIn(
                service: "ovs-vswitchd.service", cpus: profile.ovs.cpuAffinity, fileName: own.cpuAffinityDropIn),
            CPUAffinityDropIn(
                service: "ovsdb-server.service", cpus: profile.ovs.cpuAffinity, fileName: own.cpuAffinityDropIn),
            OVSMemoryLockDropIn(),
            OVSEnvironmentFile(memoryLock: profile.ovs.memoryLock),
            CRIOConfig(cpuset: profile.crioManagementCPUSet, fileName: own.crioDropIn),
            OVSInitScript(
                gatewayMode: gateway.mode, handlerThreads: profile.ovs.handlerThreads,
                revalidatorThreads: profile.ovs.revalidatorThreads, bridgeOwnedByMicroShift: ownsBridge),
            OVSInitUnit(gatewayMode: gateway.mode, bridgeOwnedByMicroShift: ownsBridge),
            AgentUnit(),
        ]
        if !ovn.isEmpty { artifacts.append(ovn) }
        if let conf = own.networkManagerConf { artifacts.append(KeyfilePluginConf(fileName: conf)) }
        let config = microShiftConfig(profile, release)
        if !config.isEmpty { artifacts.append(config) }
        if network.ipForward { artifacts.append(IPForwardSysctl()) }
        var facts: [FactSpec] = []
        var constraints: [FactConstraint] = []
        if gateway.mode == .declarative {
            artifacts += ownsBridge ? uplinkKeyfiles(profile, facts: &facts) : gatewayKeyfiles(profile, facts: &facts)
            // With the NIC's MTU known only on the device, the agent checks the pod MTU against it there.
            if gateway.mtu == nil, let pod = network.mtu, facts.contains(where: { $0.name == Fact.gatewayMTU }) {
                constraints.append(FactConstraint(kind: .podMTU, fact: Fact.gatewayMTU, value: pod))
            }
        }
        if let proxy = profile.proxy {
            artifacts += proxyDropIns(profile, proxy, facts: &facts)
        }
        var units = ["nodeprofile-ovs-init.service"]
        if !profile.nodePortBlocks.isEmpty {
            artifacts += [NFTablesRules(blocks: profile.nodePortBlocks), NFTablesUnit()] as [any Artifact]
            units.append("nodeprofile-nftables.service")
        }
        artifacts.append(MicroShiftDropIn(units: units, firewall: !profile.nodePortBlocks.isEmpty))
        if !profile.loadBalancers.isEmpty {
            artifacts +=
                [
                    Kustomization(count: profile.loadBalancers.count, directory: own.manifestsDirectory),
                    LoadBalancerManifest(services: profile.loadBalancers, directory: own.manifestsDirectory),
                ] as [any Artifact]
        }
        // Each path is computed once: `path` builds its string on every call, and sorting compares each many times.
        let sorted = artifacts.map { (path: $0.path, artifact: $0) }.sorted { $0.path < $1.path }.map(\.artifact)
        return Plan(artifacts: sorted, facts: facts, constraints: constraints)
    }

    /// config.yaml with only the values that differ from the release's defaults.
    static func microShiftConfig(_ profile: Profile, _ release: MicroShiftRelease) -> MicroShiftConfig {
        let network = profile.network
        var config = MicroShiftConfig(
            path: release.ownPaths.config, clusterNetworkShape: release.clusterNetworkShape, provenance: [])
        if network.clusterNetwork != release.clusterNetwork {
            config.clusterNetwork = network.clusterNetwork
            config.provenance.append("network.clusterNetwork")
        }
        if network.serviceNetwork != release.serviceNetwork {
            config.serviceNetwork = network.serviceNetwork
            config.provenance.append("network.serviceNetwork")
        }
        if network.serviceNodePortRange != release.serviceNodePortRange {
            config.serviceNodePortRange = network.serviceNodePortRange
            config.provenance.append("network.serviceNodePortRange")
        }
        if let hostname = profile.node.hostname {
            config.hostname = hostname
            config.provenance.append("node.hostname")
        }
        if let ip = profile.node.nodeIP {
            config.nodeIP = ip
            config.provenance.append("node.nodeIP")
        }
        return config
    }

    static func gatewayKeyfiles(_ profile: Profile, facts: inout [FactSpec]) -> [any Artifact] {
        let gateway = profile.network.gateway
        let nic = gatewayNIC(profile, facts: &facts)
        // br-ex takes the NIC's MAC: the profile's when it names the NIC by MAC, else read on the device.
        let macFacts = gateway.macAddress == nil ? [Fact.gatewayMAC] : []
        if gateway.macAddress == nil {
            facts.append(
                FactSpec(
                    name: Fact.gatewayMAC, source: .interfaceMAC, interface: nic.text { $0 }, retries: 12,
                    intervalSeconds: 5, pattern: "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"))
        }
        let mtu: DeviceValue<Int> = gateway.mtu.map { .known($0) } ?? .fact(Fact.gatewayMTU)
        if mtu.fact != nil {
            facts.append(
                FactSpec(
                    name: Fact.gatewayMTU, source: .interfaceMTU, interface: nic.text { $0 }, retries: 12,
                    intervalSeconds: 5, pattern: "^[0-9]{3,5}$", minimum: MTURange.minimum, maximum: MTURange.maximum))
        }
        let nicFacts = nic.fact.map { [$0] } ?? []
        let mtuFacts = mtu.fact.map { [$0] } ?? []
        let base: [ProfilePath] = ["network.gateway.mode"]
        let macProvenance: [ProfilePath] = gateway.macAddress == nil ? [] : ["network.gateway.macAddress"]
        return GatewayKeyfile.Role.allCases.map { role in
            var keyfile = GatewayKeyfile(
                role: role, profileName: profile.metadata.name, nic: nic, macAddress: gateway.macAddress, mtu: nil,
                staticIPv4: nil, provenance: base, facts: [])
            switch role {
            case .bridge, .bridgePort:
                break
            case .bridgeInterface:
                keyfile.mtu = mtu
                keyfile.staticIPv4 = gateway.staticIPv4
                keyfile.facts = macFacts + mtuFacts
                keyfile.provenance += ["network.gateway.mtu", "network.gateway.ipv4"] + macProvenance
            case .nicPort:
                keyfile.facts = nicFacts
                keyfile.provenance += ["network.gateway.interface"] + macProvenance
            case .nicInterface:
                keyfile.mtu = mtu
                // Matched by MAC, the connection holds no name; only its MTU fact reads the NIC's name.
                keyfile.facts = (gateway.macAddress == nil ? nicFacts : []) + mtuFacts
                keyfile.provenance += ["network.gateway.interface", "network.gateway.mtu"] + macProvenance
            }
            return keyfile
        }
    }

    static func proxyDropIns(_ profile: Profile, _ proxy: Profile.Proxy, facts: inout [FactSpec]) -> [any Artifact] {
        var nodeIP = (profile.node.nodeIP ?? profile.network.gateway.staticIPv4?.address.address)?.description
        var dropInFacts: [String] = []
        if nodeIP == nil {
            nodeIP = Fact.placeholder(Fact.nodeIP)
            dropInFacts.append(Fact.nodeIP)
            facts.append(
                FactSpec(
                    name: Fact.nodeIP, source: .defaultRouteAddress, retries: 12, intervalSeconds: 5,
                    pattern: "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$"))
        }
        let noProxy = NoProxy.list(profile.network, nodeIP: nodeIP!, profileEntries: proxy.noProxy)
        var provenance: [ProfilePath] = [
            "proxy.http", "proxy.https", "proxy.noProxy", "proxy.services",
            "network.clusterNetwork", "network.serviceNetwork", "node.nodeIP",
        ]
        if proxy.username != nil { provenance.append("proxy.username") }
        if proxy.passwordFile != nil { provenance.append("proxy.passwordFile") }
        return proxy.services.flatMap { service -> [any Artifact] in
            [
                ProxyDropIn(service: service, provenance: provenance),
                ProxyEnvironmentFile(
                    service: service, http: proxy.http, https: proxy.https, username: proxy.username,
                    password: proxy.password, noProxy: noProxy, provenance: provenance, facts: dropInFacts),
            ]
        }
    }
}
