"""The static device, two boots on one disk (first boot, reboot, live apply, faults 2 and 3):
boot 1, first boot: the agent and bundle RPMs installed into the root, declarative br-ex with a static address,
    traffic from the test host through the device's nft table;
boot 2: the agent's no-op, generation 2 applied live (the NodePort opens), the OVS init's retry of an activation
    that is not in progress, and a generation whose br-ex cannot come up, applied live and rolled back."""
DEVICE = "192.168.122.14"   # the profile's address
OTHER = "192.168.122.15"    # an address the NodePort block does not name (added by hand in the guest)


def order(text):
    """{unit: (start, active)} monotonic microseconds from the report's `order` section."""
    return {fields[0]: (int(fields[1]), int(fields[2])) for fields in (line.split() for line in text.splitlines())}


def firstboot(device):
    expect = device.checks.expect
    device.start("firstboot")
    device.machine.wait_mark("traffic", timeout=400)
    net = device.network
    # Fault 2: the first ping right after startup (OVS must not be restarted under an active br-ex).
    expect(net.ping(DEVICE), f"the test host pings the device at {DEVICE} right after startup")
    expect(net.connect(DEVICE, 30700) == "timeout", "NodePort 30700 on the blocked address is dropped")
    expect(net.connect(OTHER, 30700) == "answered", "NodePort 30700 on an address the block does not name answers")
    expect(net.connect(DEVICE, 8080) == "answered", "a LoadBalancer-style port (8080) answers")
    device.machine.ack("traffic")
    report = device.finish("firstboot")
    expect("Result=success" in report.get("agent", ""), f"the agent succeeded: {report.get('agent')}")
    expect(report.get("agent-log", "").count("applied generation") == 1, "the agent applied once at boot")
    expect("Result=success" in report.get("ovs-init", ""), f"nodeprofile-ovs-init succeeded: {report.get('ovs-init')}")
    expect("ActiveState=active" in report.get("microshift-saw", ""),
           f"nodeprofile-ovs-init had finished when microshift.service started: {report.get('microshift-saw')}")
    units = order(report.get("order", ""))
    agent_done = units.get("nodeprofile-agent", (0, 1 << 62))[1]
    for unit in ("ovsdb-server", "ovs-vswitchd", "NetworkManager"):
        expect(units.get(unit, (0, 0))[0] >= agent_done, f"{unit} started after the agent finished: {units}")
    expect(report.get("ovs-starts") == "1", f"ovs-vswitchd started once (never restarted): {report.get('ovs-starts')}")
    expect(report.get("nm-plugin") == "1", "NetworkManager loaded its OVS plugin")
    expect(report.get("nm-errors") == "", f"no OVSDB broken pipe in NetworkManager's log: {report.get('nm-errors')}")
    environment = report.get("environment", "")
    expect(environment.count("HTTPS_PROXY=http://proxy.example:3128/") == 2, f"crio and rpm-ostreed proxy: {environment}")
    expect(report.get("ip-forward") == "1", "ip_forward is 1")
    expect(report.get("addr") == f"{DEVICE}/24", f"br-ex holds the profile's address: {report.get('addr')}")
    expect("default via 192.168.122.1 dev br-ex" in report.get("route", ""), f"default route: {report.get('route')}")
    expect(report.get("dns") == "nameserver 192.168.122.1", f"DNS: {report.get('dns')}")
    expect(report.get("mtu") == "1400 1400", f"br-ex and eth0 MTU 1400: {report.get('mtu')}")
    macs = report.get("macs", "").split()
    expect(len(macs) == 2 and macs[0] == macs[1], f"br-ex has the NIC's MAC: {macs}")
    active = report.get("active", "")
    for name in ("br-ex", "ovs-port-br-ex", "ovs-if-br-ex", "ovs-port-phys0", "ovs-if-phys0"):
        expect(f"{name}:activated" in active, f"{name} activated: {active}")
    expect(report.get("ports") == "eth0", f"br-ex holds eth0: {report.get('ports')}")
    expect(report.get("other-config") == '{n-handler-threads="1", n-revalidator-threads="1"}',
           f"OVS thread limits: {report.get('other-config')}")
    expect(report.get("affinity") == "ovs-vswitchd 2\novsdb-server 2", f"OVS on CPU 1: {report.get('affinity')}")
    expect(report.get("ping-gateway") == "ok", "the device pings its gateway")
    check = report.get("greenboot-check", "")
    expect(check.endswith("exit=0") and "ok: br-ex is up" in check and f"ok: {DEVICE} on br-ex is present" in check
           and "ok: NodePort block firewall.blockNodePorts[0] (port 30700) is loaded" in check,
           f"greenboot's required check (agent RPM) passes on the healthy device: {check}")
    nft = report.get("nft", "")
    expect("192.168.122.14" in nft and "30700" in nft and "packets 0 " not in nft, f"the drop rule counted: {nft}")
    return report.get("fingerprint", "")


def secondboot(device, generation1):
    expect, net = device.checks.expect, device.network
    device.start("secondboot")
    device.machine.wait_mark("boot2", timeout=400)
    expect(net.connect(DEVICE, 30700) == "timeout", "after the second boot, 30700 is still dropped")
    device.machine.ack("boot2")
    device.machine.wait_mark("gen2", timeout=300)
    expect(net.connect(DEVICE, 30700) == "answered", "generation 2, applied live, opened 30700")
    expect(net.ping(DEVICE), "the device answers after generation 2")
    device.machine.ack("gen2")
    device.machine.wait_mark("retry", timeout=300)
    expect(net.ping(DEVICE), "the device answers after the OVS init re-activated br-ex")
    device.machine.ack("retry")
    device.machine.wait_mark("failed", timeout=400)
    expect(net.ping(DEVICE), "the device answers after the failed generation")
    expect(net.connect(DEVICE, 30700) == "answered", "generation 2's open port still answers")
    device.machine.ack("failed")
    report = device.finish("secondboot")
    log = report.get("agent-log", "")
    expect("up to date" in log or "nothing to do" in log, f"the second boot is a no-op: {log}")
    expect("applied generation" not in log and "ran:" not in log, f"the second boot wrote and ran nothing: {log}")
    expect(report.get("fingerprint-before") == generation1, "the second boot left generation 1 byte for byte")
    expect("exit=0" in report.get("apply2", ""), f"generation 2 applied: {report.get('apply2')}")
    expect("30700" not in report.get("nft-after", ""), f"the NodePort block is gone: {report.get('nft-after')}")
    after = report.get("fingerprint-after", "")
    expect("absent /etc/nodeprofile/nodeprofile.nft" in after, "the nft file generation 2 no longer owns is removed")
    retry = report.get("retry", "")
    expect("exit=0" in retry and "state=activated" in retry, f"the OVS init re-activated ovs-if-br-ex: {retry}")
    apply3 = report.get("apply3", "")
    expect("exit=1" in apply3 and "eth7" in apply3, f"the bad generation failed, naming its NIC: {apply3}")
    expect(report.get("unchanged") == "yes", f"the failed generation left generation 2: {report.get('unchanged')}")
    status = report.get("status", "")
    expect("last result: failed" in status and "eth7" in status, f"status says why: {status}")
    expect(report.get("addr") == f"{DEVICE}/24", f"br-ex keeps its address: {report.get('addr')}")


def static_device(lab):
    with lab.device("static", [lab.agent_rpm, lab.bundle_rpm("static")]) as device:
        generation1 = firstboot(device)
        if not device.checks.failures or generation1:
            secondboot(device, generation1)
