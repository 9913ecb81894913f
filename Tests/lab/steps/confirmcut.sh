#!/bin/bash
# The boot after a power cut in the agent's confirm window: its unit found the journal, put generation 1's files
# back and applied the installed bundle (generation 1) before NetworkManager started.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent-log; agent_log
section status; nodeprofile-agent status 2>&1
section fingerprint; fingerprint
section journal; [[ -e /var/lib/nodeprofile/journal.json ]] && echo pending || echo none
section addr; ip -4 -o addr show dev br-ex | awk '{print $4}'
section route; ip route show default
section ping-gateway; ping -c 3 -W 2 192.168.122.1 >/dev/null && echo ok || echo failed
wait_ack checked
echo "== end"
