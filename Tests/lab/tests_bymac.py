"""One bundle whose gateway NIC is named by MAC (profiles/bymac418.yaml, MicroShift 4.18 under the configure-ovs
stand-in) on two guests whose uplink NIC is named differently: eth0, and wan0 after a systemd .link file renames
it by its MAC. On each the agent resolves the NIC by MAC, our keyfile (mac-address, no interface-name) brings the
profile's address up on it, and the test host reaches the node. --quick (make test) boots only the renamed guest, the
case no other lab test covers; `make lab` boots both."""
import guest
from tests_release import stand_in_files

DEVICE = "192.168.122.14"   # the profile's address
RENAME = f"[Match]\nMACAddress={guest.MAC}\n\n[Link]\nName=wan0\n"


def nic_by_mac(lab):
    guests = (("bymac-eth0", "eth0", {}),
              ("bymac-wan0", "wan0", {"/etc/systemd/network/10-lab-uplink.link": (0o644, RENAME)}))
    for name, nic, extra in guests[1:] if lab.quick else guests:
        files = dict(stand_in_files(), **extra)
        with lab.device(name, [lab.agent_rpm, lab.bundle_rpm("bymac418")], files=files) as device:
            device.start("bymac")
            device.machine.wait_mark("traffic", timeout=500)
            reached = device.network.ping(DEVICE)
            device.machine.ack("traffic")
            report = device.finish("bymac")
            expect = device.checks.expect
            expect(report.get("nics") == f"{nic} {guest.MAC}", f"{name}: the guest's one NIC is {nic}: {report.get('nics')!r}")
            expect("Result=success" in report.get("agent", ""), f"{name}: the agent applied at boot: {report.get('agent')}")
            expect(report.get("fact") == f"fact: gateway.nic={nic}",
                   f"{name}: the agent resolved the NIC by MAC as {nic}: {report.get('fact')!r}")
            expect(report.get("keyfile") == f"mac-address={guest.MAC}",
                   f"{name}: the keyfile matches the MAC and names no NIC: {report.get('keyfile')!r}")
            expect(report.get("node-ip") == nic, f"{name}: the profile's address is on {nic}: {report.get('node-ip')!r}")
            expect(f"nodeprofile-uplink:{nic}:activated" in report.get("active", ""),
                   f"{name}: nodeprofile-uplink is active on {nic}: {report.get('active')!r}")
            expect(report.get("greenboot-check", "").endswith("exit=0"),
                   f"{name}: greenboot's required check passes: {report.get('greenboot-check')!r}")
            expect(reached, f"{name}: the test host pings the node at {DEVICE} over {nic}")
