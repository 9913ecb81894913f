#!/bin/bash
# One boot of the power-cut series (np.cut=N). Boot 0 is an ordinary first boot: it records generation 1's files,
# then times a live apply of the other generation (marks timed-start, timed-end). Later boots start with the agent
# masked (systemd.mask=nodeprofile-agent.service), record what the cut left on disk, run the agent (it recovers
# and applies the installed bundle) and record the result. Then, if the host wants another cut (ack "more"),
# the other generation is applied live until the host cuts the power at its delay after the mark apply-start.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
n=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^np\.cut=//p')
installed() { cmp -s "$INSTALLED/manifest.json" "$BUNDLES/static/manifest.json" && echo static || echo cut; }
other() { [[ $(installed) == static ]] && echo cut || echo static; }
generation() { nodeprofile-agent status 2>&1 | sed -n 's/^generation: //p'; }
if (( n == 0 )); then
    section ref-bundle; installed
    section ref-state; generation
    section ref-fingerprint; fingerprint
    install_bundle "$(other)"
    mark timed-start
    nodeprofile-agent apply > /tmp/apply.log 2>&1
    echo "exit=$?" >> /tmp/apply.log
    mark timed-end
    section timed-apply; cat /tmp/apply.log
    section timed-bundle; installed
    section timed-state; generation
    section timed-fingerprint; fingerprint
else
    section raw-journal; [[ -e /var/lib/nodeprofile/journal.json ]] && echo yes || echo no
    section raw-state; generation
    section raw-bundle; installed
    section raw-fingerprint; fingerprint
    section agent; nodeprofile-agent apply 2>&1; echo "exit=$?"   # what its unit runs (masked for this boot)
    section bundle; installed
    section state; generation
    section fingerprint; fingerprint
fi
echo "== end"
wait_ack more
install_bundle "$(other)"
mark apply-start
nodeprofile-agent apply >/dev/null 2>&1
mark apply-end
sleep infinity   # the host cuts the power
