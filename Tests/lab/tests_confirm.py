"""Commit or revert (the agent's confirm window) on a device whose first boot applied generation 1 (static.yaml,
192.168.122.14 via 192.168.122.1). badaddr.yaml moves br-ex to 10.99.0.14 behind a gateway that is not on the LAN;
applied live, the device must come back on its old address each time:
- revert: the agent finds the gateway unreachable within --confirm-timeout, rolls NetworkManager's checkpoint back,
  puts generation 1's files back and fails at step confirm;
- kill: the agent is SIGKILLed in its window; NetworkManager's own rollback timeout brings the old address back,
  and the next apply puts the files back from the journal;
- cut: the power is cut in the window; the next boot's agent puts generation 1's files back before NetworkManager
  starts."""
import re

DEVICE = "192.168.122.14"
FAR = "10.99.0.14"


def confirm_window(lab):
    with lab.device("confirm", [lab.agent_rpm, lab.bundle_rpm("static")]) as device:
        expect, machine, net = device.checks.expect, device.machine, device.network
        device.start("confirm")
        machine.wait_mark("ready", timeout=500)
        expect(net.ping(DEVICE), f"the test host pings the device at {DEVICE} on generation 1")
        machine.ack("ready")

        machine.wait_mark("reverted", timeout=300)
        report = device.report("confirm")
        before = report.get("fingerprint-before")
        revert = report.get("revert", "")
        seconds = re.search(r"exit=(\d+) seconds=(\d+)", revert)
        expect(seconds and seconds.group(1) == "1", f"the apply failed: {revert}")
        expect(seconds and int(seconds.group(2)) < 20 + 90, f"and returned within the window and its activation: {revert}")
        expect("took NetworkManager checkpoint" in revert and "NetworkManager rolled back to checkpoint" in revert,
               f"the agent took a checkpoint and rolled it back: {revert}")
        result = report.get("revert-result", "")
        expect(re.search(r'"step"\s*:\s*"confirm"', result) and "did not reach its gateway 10.99.0.1" in result,
               f"result.json: step confirm and the gateway it could not reach: {result}")
        expect(report.get("revert-fingerprint") == before, "generation 1's files are back byte for byte")
        expect(report.get("revert-addr") == f"{DEVICE}/24", f"br-ex holds its old address: {report.get('revert-addr')}")
        expect("default via 192.168.122.1 dev br-ex" in report.get("revert-route", ""),
               f"the old default route: {report.get('revert-route')}")
        expect(report.get("revert-checkpoints", "").startswith("ao 0"), f"no checkpoint left: {report.get('revert-checkpoints')}")
        expect(net.ping(DEVICE), f"the test host pings the device at {DEVICE} after the revert")
        machine.ack("reverted")

        machine.wait_mark("nm-rolled-back", timeout=400)
        report = device.report("confirm")
        kill = report.get("kill", "")
        expect("agent-exit=137" in kill, f"the agent was killed in its window: {kill}")
        expect(f"window-addr={FAR}/24" in kill, f"in the window br-ex held the new address: {kill}")
        back = re.search(r"back-after=(\d+)", kill)
        expect(back and int(back.group(1)) <= 20 + 30 + 30, f"NetworkManager rolled back by itself within its timeout: {kill}")
        expect(report.get("kill-addr") == f"{DEVICE}/24", f"br-ex holds its old address again: {report.get('kill-addr')}")
        expect(report.get("kill-checkpoints", "").startswith("ao 0"), f"the checkpoint is gone: {report.get('kill-checkpoints')}")
        expect(report.get("kill-journal") == "pending", "the killed run left its journal")
        expect(net.ping(DEVICE), f"the test host pings the device at {DEVICE} after NetworkManager's own rollback")
        machine.ack("nm-rolled-back")

        machine.wait_mark("cut", timeout=300)
        report = device.report("confirm")
        recover = report.get("kill-recover", "")
        expect("exit=0" in recover and "restoring the files it touched" in recover,
               f"the next apply undid the killed run from its journal: {recover}")
        expect(report.get("kill-fingerprint") == before, "generation 1's files are back byte for byte")
        expect(report.get("kill-journal-after") == "none", "no journal is left")
        machine.ack("cut")

        machine.wait_mark("window", timeout=300)
        machine.kill()
        device.start("confirmcut")
        machine.wait_mark("checked", timeout=500)
        expect(net.ping(DEVICE), f"after the power cut in the window, the device answers at {DEVICE}")
        machine.ack("checked")
        report = device.finish("confirmcut")
        log = report.get("agent-log", "")
        expect("restoring the files it touched" in log, f"the boot's agent undid the cut run from its journal: {log}")
        expect(report.get("fingerprint") == before, "generation 1's files, byte for byte")
        expect(report.get("journal") == "none", "no journal is left")
        expect(report.get("addr") == f"{DEVICE}/24", f"br-ex holds generation 1's address: {report.get('addr')}")
        expect(report.get("ping-gateway") == "ok", "the device pings its gateway")
