#!/bin/bash
# Manual gateway mode: the agent applied the manual bundle at boot; br-ex is still in OVS's database and gets its
# address by hand; the OVS init set the thread limits and found the bridge.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent-log; agent_log
section ovs-init; systemctl show -p Result nodeprofile-ovs-init.service
section other-config; ovs-vsctl get Open_vSwitch . other_config
section ports; ovs-vsctl list-ports br-ex | sort
section keyfiles; ls /etc/NetworkManager/system-connections/
ip link set eth0 up
ip link set br-ex up
ip addr replace 192.168.122.14/24 dev br-ex
wait_ack manual
section addr-later; ip -4 -o addr show dev br-ex | awk '{print $4}'
section ovs-init-again; systemctl restart nodeprofile-ovs-init.service; echo "exit=$?"
echo "== end"
