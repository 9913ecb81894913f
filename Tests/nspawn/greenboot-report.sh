#!/bin/bash
# Runs inside the booted test container for the greenboot boots: waits for startup and for greenboot (and, on a red
# boot, its red.d scripts), records what the tests check, with np.cases on the command line breaks the healthy network
# in each way the check must catch, running greenboot's check each time, then powers off.
report=/var/lib/np-test/report.txt
mkdir -p /var/lib/np-test
check_name=30_nodeprofile_network_check.sh

# Waits until a unit is neither starting nor about to: its job done.
settle() {
    for _ in $(seq 1 120); do
        [ -z "$(systemctl list-jobs --no-legend "$1" 2>/dev/null)" ] && [ "$(systemctl is-active "$1")" != activating ] && return 0
        sleep 0.5
    done
}

# One case: break the network (or the agent's state) with BREAK, run greenboot's check as greenboot-healthcheck runs
# it, print its exit status and what the check logged, then put things back with RESTORE.
run_case() {
    local name=$1 break=$2 restore=$3 before status
    echo "== case $name"
    bash -c "$break" >/dev/null 2>&1
    # Lines the check logged before this case (journalctl --after-cursor skips the first entry of a new stream here).
    before=$(journalctl -b -t "$check_name" -o cat --no-pager | wc -l)
    /usr/libexec/greenboot/greenboot check >/dev/null 2>&1
    status=$?
    journalctl --sync
    echo "exit $status"
    journalctl -b -t "$check_name" -o cat --no-pager | tail -n +$((before + 1))
    bash -c "$restore" >/dev/null 2>&1
}

{
    echo "== system"; systemctl is-system-running --wait
    settle greenboot-healthcheck.service
    settle redboot-task-runner.service
    echo "== agent"; systemctl show -p Result nodeprofile-agent.service
    echo "== agent-log"; journalctl -b -u nodeprofile-agent.service -o cat --no-pager 
    echo "== healthcheck"; systemctl show -p ActiveState -p Result greenboot-healthcheck.service
    echo "== check-log"; journalctl -b -t "$check_name" -o cat --no-pager
    echo "== greenboot-log"; journalctl -b -u greenboot-healthcheck.service -o cat --no-pager | grep 'greenboot stand-in'
    echo "== redboot"; systemctl show -p ActiveState -p Result redboot-task-runner.service
    echo "== red-log"; journalctl -b -t 30_nodeprofile_red_boot.sh -o cat --no-pager
    echo "== status"; nodeprofile-agent status
    if grep -q 'np.cases' /proc/1/cmdline; then
        run_case healthy true true
        run_case bridge-down "ip link set br-ex down" "ip link set br-ex up"
        run_case bridge-missing "ovs-vsctl del-br br-ex" "systemctl restart np-test-br-ex.service"
        run_case node-ip "ip addr del 192.168.50.10/24 dev br-ex" "ip addr add 192.168.50.10/24 dev br-ex"
        run_case nodeport-table "nft delete table inet nodeprofile" "systemctl restart nodeprofile-nftables.service"
        run_case drift "cp -p /etc/microshift/ovn.yaml /run/ovn.yaml && echo '# edited' >> /etc/microshift/ovn.yaml" \
            "cp -p /run/ovn.yaml /etc/microshift/ovn.yaml"
        run_case apply-failed "nodeprofile-agent apply --bundle /nonexistent" "nodeprofile-agent apply"
        run_case not-applied "mv /usr/lib/nodeprofile/edge /run/edge && cp -a /var/lib/np-test/bundle-b /usr/lib/nodeprofile/edge" \
            "rm -rf /usr/lib/nodeprofile/edge && mv /run/edge /usr/lib/nodeprofile/edge"
        run_case healthy-again true true
    fi
    echo "== end"
} > "$report" 2>&1
systemctl poweroff
