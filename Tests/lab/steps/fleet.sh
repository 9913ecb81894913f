#!/bin/bash
# A boot with the fleet image's RPM installed: which identity the guest has, which node the agent picked (or why
# none), what it applied, and greenboot's required check as greenboot runs it.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent; systemctl show -p Result nodeprofile-agent.service
section agent-log; agent_log
section identity
for nic in /sys/class/net/*; do
    [[ -e $nic/device ]] && echo "mac $(cat "$nic/address")"
done
echo "serial $(cat /sys/class/dmi/id/product_serial)"
section fleet-node; cat /var/lib/nodeprofile/fleet-node 2>/dev/null || echo none
section result; cat /var/lib/nodeprofile/result.json 2>/dev/null || echo none
section status; nodeprofile-agent status 2>&1; echo "exit=$?"
section addr; ip -4 -o addr show dev br-ex 2>/dev/null | awk '{print $4}'
section keyfiles; ls /etc/NetworkManager/system-connections/
printf 'NODEPROFILE_WAIT_TIMEOUT_SEC=60\n' > /etc/greenboot/greenboot.conf
section greenboot-check; bash /etc/greenboot/check/required.d/30_nodeprofile_network_check.sh 2>&1; echo "exit=$?"
wait_ack traffic
echo "== end"
