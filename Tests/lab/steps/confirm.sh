#!/bin/bash
# Commit or revert on a device whose first boot applied generation 1 (static). Each case applies badaddr live (br-ex
# moved to 10.99.0.14 with a gateway that is not on the LAN):
#   revert: the agent rolls NetworkManager and the files back within --confirm-timeout and fails at step confirm;
#   kill:   the agent is killed in its confirm window; NetworkManager rolls back by itself, the next apply puts the
#           files back;
#   cut:    the host cuts the power in the window (mark `window`); the next boot (confirmcut.sh) shows where it landed.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
checkpoints() {
    busctl get-property org.freedesktop.NetworkManager /org/freedesktop/NetworkManager \
        org.freedesktop.NetworkManager Checkpoints
}
# wait_in_window PID: until the agent PID runs its first ping, that is, its confirm window is open.
wait_in_window() {
    local waited=0
    until pgrep -P "$1" -x ping >/dev/null; do
        sleep 0.2
        (( ++waited < 1500 )) || { echo "the agent never pinged"; return 1; }
    done
}
section fingerprint-before; fingerprint
section addr-before; ip -4 -o addr show dev br-ex | awk '{print $4}'
wait_ack ready

start=$(date +%s)
section revert; nodeprofile-agent apply --bundle "$BUNDLES/badaddr" --confirm-timeout 20 2>&1
echo "exit=$? seconds=$(( $(date +%s) - start ))"
section revert-status; nodeprofile-agent status 2>&1
section revert-result; cat /var/lib/nodeprofile/result.json
section revert-fingerprint; fingerprint
section revert-addr; ip -4 -o addr show dev br-ex | awk '{print $4}'
section revert-route; ip route show default
section revert-checkpoints; checkpoints
wait_ack reverted

section kill
nodeprofile-agent apply --bundle "$BUNDLES/badaddr" --confirm-timeout 20 > /tmp/kill.log 2>&1 &
agent=$!
wait_in_window "$agent" && kill -9 "$agent"
killed=$(date +%s)
wait "$agent"; echo "agent-exit=$?"
echo "window-addr=$(ip -4 -o addr show dev br-ex | awk '{print $4}')"
echo "window-checkpoints=$(checkpoints)"
for _ in $(seq 150); do ip -4 -o addr show dev br-ex | grep -q ' 192\.168\.122\.14/' && break; sleep 1; done
echo "back-after=$(( $(date +%s) - killed ))"
section kill-log; cat /tmp/kill.log
section kill-addr; ip -4 -o addr show dev br-ex | awk '{print $4}'
section kill-route; ip route show default
section kill-checkpoints; checkpoints
section kill-journal; [[ -e /var/lib/nodeprofile/journal.json ]] && echo pending || echo none
wait_ack nm-rolled-back
section kill-recover; nodeprofile-agent apply 2>&1; echo "exit=$?"
section kill-fingerprint; fingerprint
section kill-journal-after; [[ -e /var/lib/nodeprofile/journal.json ]] && echo pending || echo none
echo "== end"
wait_ack cut

nodeprofile-agent apply --bundle "$BUNDLES/badaddr" --confirm-timeout 60 >/dev/null 2>&1 &
wait_in_window $!
mark window
sleep infinity   # the host cuts the power
