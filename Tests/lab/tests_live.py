"""DHCP (the test host runs dnsmasq). First boot with a declarative DHCP bundle, and
live apply on a running device (fault 1): a device booted with no bundle, its NIC on NetworkManager's automatic
DHCP profile, gets the bundle applied by the agent; br-ex must take the NIC as its uplink (autoconnect-slaves)
and get its lease through it."""
LEASE = "192.168.122.50"   # what the test host's dnsmasq leases to the device's MAC


def live_dhcp(lab):
    with lab.device("live-dhcp", [lab.agent_rpm], dhcp=LEASE) as device:
        expect = device.checks.expect
        device.start("liveapply")
        device.machine.wait_mark("live", timeout=500)
        expect(device.network.ping(LEASE), f"the test host pings the device at {LEASE} after the live apply")
        device.machine.ack("live")
        report = device.finish("liveapply")
        expect("Wired connection 1:eth0" in report.get("before", ""),
               f"before the apply eth0 was on NetworkManager's automatic profile: {report.get('before')}")
        expect("exit=0" in report.get("apply", ""), f"the live apply succeeded: {report.get('apply')}")
        expect(report.get("addr") == f"{LEASE}/24", f"br-ex got the DHCP lease: {report.get('addr')}")
        expect(report.get("eth0-addr") == "", f"eth0 holds no address of its own: {report.get('eth0-addr')}")
        active = report.get("active", "")
        for name in ("br-ex", "ovs-port-br-ex", "ovs-if-br-ex", "ovs-port-phys0", "ovs-if-phys0"):
            expect(f"{name}:activated" in active, f"{name} activated: {active}")
        expect("Wired connection 1" not in active, f"the automatic profile let go of eth0: {active}")
        expect(report.get("ports") == "eth0", f"br-ex holds eth0: {report.get('ports')}")
        expect(report.get("ping-via-br-ex") == "ok", "the device pings the test host through br-ex")


def firstboot_dhcp(lab):
    with lab.device("firstboot-dhcp", [lab.agent_rpm, lab.bundle_rpm("dhcp")], dhcp=LEASE) as device:
        expect = device.checks.expect
        device.start("dhcpboot")
        device.machine.wait_mark("dhcp", timeout=500)
        expect(device.network.ping(LEASE), f"the test host pings the device at {LEASE}")
        device.machine.ack("dhcp")
        report = device.finish("dhcpboot")
        expect("Result=success" in report.get("agent", ""), f"the agent applied at boot: {report.get('agent')}")
        expect("Result=success" in report.get("ovs-init", ""), f"nodeprofile-ovs-init succeeded: {report.get('ovs-init')}")
        expect(report.get("addr") == f"{LEASE}/24", f"br-ex got the DHCP lease: {report.get('addr')}")
        active = report.get("active", "")
        for name in ("br-ex", "ovs-port-br-ex", "ovs-if-br-ex", "ovs-port-phys0", "ovs-if-phys0"):
            expect(f"{name}:activated" in active, f"{name} activated: {active}")
        expect(report.get("ports") == "eth0", f"br-ex holds eth0: {report.get('ports')}")
        macs = report.get("macs", "").split()
        expect(len(macs) == 2 and macs[0] == macs[1], f"br-ex has the NIC's MAC: {macs}")
