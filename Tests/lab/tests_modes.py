"""The microshift and manual gateway modes, two boots on one disk: first boot in microshift mode,
where a stand-in for MicroShift's configure-ovs (microshift-ovs-init.service) builds br-ex on eth0 with the
device's address; then the manual bundle installed as an image update, with br-ex left in OVS's database and its
address added by hand. In both, nodeprofile's files must not fight the bridge: it stays up and reachable."""
DEVICE = "192.168.122.14"
STAND_IN = """[Unit]
Description=stand-in for MicroShift's configure-ovs: br-ex on eth0, made with ovs-vsctl
Requires=openvswitch.service
After=openvswitch.service NetworkManager.service
Before=microshift.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'ovs-vsctl --may-exist add-br br-ex -- --may-exist add-port br-ex eth0 && \\
    ip link set br-ex address $(cat /sys/class/net/eth0/address) && ip link set eth0 up && ip link set br-ex up && \\
    ip addr replace 192.168.122.14/24 dev br-ex'
[Install]
WantedBy=multi-user.target
"""
# A bridge made outside NetworkManager must be left to itself: without this NetworkManager takes br-ex over and
# flushes its address, and waits a minute for DHCP on eth0 (seen in the lab).
UNMANAGED = "[keyfile]\nunmanaged-devices=interface-name:br-ex;interface-name:eth0\n"
FILES = {"/etc/systemd/system/microshift-ovs-init.service": (0o644, STAND_IN),
         "/etc/NetworkManager/conf.d/90-lab-unmanaged.conf": (0o644, UNMANAGED),
         "/etc/systemd/system/multi-user.target.wants/microshift-ovs-init.service":
             (None, "/etc/systemd/system/microshift-ovs-init.service")}  # enabled: a link


def gateway_modes(lab):
    with lab.device("modes", [lab.agent_rpm, lab.bundle_rpm("microshift")], files=FILES) as device:
        expect, net = device.checks.expect, device.network
        device.start("microshift")
        device.machine.wait_mark("microshift", timeout=500)
        expect(net.ping(DEVICE), "microshift mode: the test host pings br-ex")
        device.machine.ack("microshift")
        report = device.finish("microshift")
        expect("Result=success" in report.get("agent", ""), f"microshift mode: the agent applied: {report.get('agent')}")
        expect("Result=success" in report.get("stand-in", ""), f"the stand-in built br-ex: {report.get('stand-in')}")
        expect("Result=success" in report.get("ovs-init", ""), f"microshift mode: OVS init succeeded: {report.get('ovs-init')}")
        expect("ActiveState=active" in report.get("microshift-saw", ""), "the OVS init finished before microshift.service")
        units = {line.split()[0]: [int(x) for x in line.split()[1:]] for line in report.get("order", "").splitlines()}
        expect(units.get("nodeprofile-ovs-init", [0])[0] >= units.get("microshift-ovs-init", [0, 1 << 62])[1],
               f"our OVS init ran after microshift-ovs-init: {units}")
        expect(report.get("keyfiles") == "", f"microshift mode writes no keyfiles: {report.get('keyfiles')}")
        expect(report.get("ports") == "eth0", f"br-ex holds eth0: {report.get('ports')}")
        expect(report.get("addr-later") == f"{DEVICE}/24", f"br-ex kept its address: {report.get('addr-later')}")
        device.start("manual")
        device.machine.wait_mark("manual", timeout=500)
        expect(net.ping(DEVICE), "manual mode: the test host pings br-ex")
        device.machine.ack("manual")
        report = device.finish("manual")
        expect("applied generation" in report.get("agent-log", ""), f"the manual bundle was applied: {report.get('agent-log')}")
        expect("Result=success" in report.get("ovs-init", ""), f"manual mode: OVS init succeeded: {report.get('ovs-init')}")
        expect(report.get("other-config") == '{n-handler-threads="2", n-revalidator-threads="2"}',
               f"manual mode's thread limits: {report.get('other-config')}")
        expect(report.get("ports") == "eth0" and report.get("keyfiles") == "", "br-ex untouched, no keyfiles")
        expect(report.get("addr-later") == f"{DEVICE}/24", f"the address set by hand stays: {report.get('addr-later')}")
        expect("exit=0" in report.get("ovs-init-again", ""), "the OVS init runs again without complaint")
