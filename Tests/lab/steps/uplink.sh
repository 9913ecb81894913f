#!/bin/bash
# First boot of a 4.14+ device: the stand-in microshift-ovs-init.service (configure-ovs's keyfile deletion and
# br-ex with no uplink) has run after the agent and NetworkManager. What is left of our bundle's network.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent; systemctl show -p Result nodeprofile-agent.service
section stand-in; systemctl show -p Result microshift-ovs-init.service
section stand-in-log; journalctl -b -u microshift-ovs-init.service -o cat --no-pager | grep -v '^+' || true
section ovs-init; systemctl show -p Result nodeprofile-ovs-init.service
section order
for unit in microshift-ovs-init nodeprofile-ovs-init; do
    echo "$unit $(systemctl show -P InactiveExitTimestampMonotonic $unit.service) $(systemctl show -P ActiveEnterTimestampMonotonic $unit.service)"
done
section keyfiles; ls /etc/NetworkManager/system-connections/
section br-ex; ovs-vsctl br-exists br-ex && echo "exists, ports: $(ovs-vsctl list-ports br-ex | tr '\n' ' ')"
section node-ip; ip -4 -o addr show | awk '$4 == "192.168.122.14/24" {print $2}'
section route; ip route show default
section mtu; cat /sys/class/net/eth0/mtu
section active; nmcli -t -f NAME,DEVICE,STATE connection show --active | sort
section other-config; ovs-vsctl get Open_vSwitch . other_config
printf 'NODEPROFILE_WAIT_TIMEOUT_SEC=10\n' > /etc/greenboot/greenboot.conf
section greenboot-check; bash /etc/greenboot/check/required.d/30_nodeprofile_network_check.sh 2>&1; echo "exit=$?"
ip addr add 192.168.122.15/24 dev eth0   # an address the NodePort block does not name
listen 30700 8080
wait_ack traffic
section nft; nft list table inet nodeprofile
echo "== end"
