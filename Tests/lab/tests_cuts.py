"""Power cuts: generation 1 applied at first boot; then, again and again, the other generation
applied live and QEMU SIGKILLed at a delay spread over the whole apply (derived from a timed run). After each cut
the next boot shows where it landed (from the state left on disk), starts the agent, and the root must be one
generation byte for byte with the agent reporting that one."""
import os
import time

from cases import say

MASK = "systemd.mask=nodeprofile-agent.service"


def landed(raw, refs, states, before):
    """Where a cut landed, from what it left on disk (the journal, the committed state, the files), given the
    generation committed before it."""
    journal, state, files = raw.get("raw-journal") == "yes", raw.get("raw-state"), raw.get("raw-fingerprint")
    after = "cut" if before == "static" else "static"
    if not journal:
        if state == states[before] and files == refs[before]:
            return "before any write"
        if state == states[after] and files == refs[after]:
            return "after the commit"
        return "inconsistent without a journal"
    if state == states[after]:
        return "committed, not yet cleaned up"
    if files == refs[before]:
        return "after the journal, before any file was replaced"
    if files == refs[after]:
        return "after the writes, before the commit"
    return "while files were being replaced"


def power_cuts(lab):
    with lab.device("cuts", [lab.agent_rpm, lab.bundle_rpm("static")]) as device:
        expect, machine = device.checks.expect, device.machine
        out = os.path.join(device.share, "out")
        device.start("cut", "np.cut=0")
        started = machine.wait_mark("timed-start", timeout=500)
        duration = machine.wait_mark("timed-end", timeout=300) - started
        machine.wait_mark("more", timeout=120)
        report = device.report("cut")
        refs = {report.get("ref-bundle"): report.get("ref-fingerprint"), report.get("timed-bundle"): report.get("timed-fingerprint")}
        states = {report.get("ref-bundle"): report.get("ref-state"), report.get("timed-bundle"): report.get("timed-state")}
        expect("exit=0" in report.get("timed-apply", "") and len(refs) == 2 and len(set(states.values())) == 2,
               f"the timed apply switched generations: {report.get('timed-apply')} {states}")
        # Delays from before the apply starts to past its end, evenly spread over the timed run (plus 30 %).
        delays = [duration * 1.3 * (i + 0.5) / lab.cuts for i in range(lab.cuts)]
        say(f"timed apply {duration:.1f} s; cuts at {', '.join(f'{d:.1f}' for d in delays)} s")
        places, current = {}, report.get("timed-bundle")
        for index, delay in enumerate(delays, start=1):
            os.replace(os.path.join(out, "cut.txt"), os.path.join(out, f"cut-{index - 1}.txt"))
            machine.ack("more")
            at = machine.wait_mark("apply-start", timeout=120)
            time.sleep(max(0.0, machine.started + at + delay - time.monotonic()))
            machine.kill()
            device.start("cut", f"np.cut={index}", MASK)
            machine.wait_mark("more", timeout=500)
            raw = device.report("cut")
            place = landed(raw, refs, states, current)
            places[place] = places.get(place, 0) + 1
            bundle, fingerprint = raw.get("bundle"), raw.get("fingerprint")
            say(f"cut {index} at {delay:.1f} s: {place}; the agent then reports {bundle}")
            expect("exit=0" in raw.get("agent", ""), f"cut {index}: the agent succeeded after the cut: {raw.get('agent')}")
            expect(fingerprint == refs.get(bundle), f"cut {index}: the root is generation '{bundle}' byte for byte")
            expect(raw.get("state") == states.get(bundle), f"cut {index}: the agent reports generation '{bundle}'")
            expect(not place.startswith("inconsistent"), f"cut {index}: {place}")
            current = bundle
        machine.kill()
        say("where the cuts landed: " + "; ".join(f"{place}: {count}" for place, count in sorted(places.items())))
