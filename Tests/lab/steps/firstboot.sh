#!/bin/bash
# First boot with the agent and a bundle installed by rpm: what the agent, NetworkManager and OVS made of it.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent; systemctl show -p Result -p ExecMainStatus nodeprofile-agent.service
section agent-log; agent_log
section ovs-init; systemctl show -p Result -p ActiveState nodeprofile-ovs-init.service
section microshift-saw; cat /run/microshift-saw
section order
for unit in nodeprofile-agent ovsdb-server ovs-vswitchd NetworkManager; do
    echo "$unit $(systemctl show -P InactiveExitTimestampMonotonic $unit.service) $(systemctl show -P ActiveEnterTimestampMonotonic $unit.service)"
done
section ovs-starts; journalctl -b -u ovs-vswitchd.service -o cat --no-pager | grep -c '^Starting ovs-vswitchd.service' || true
section nm-plugin; journalctl -b -u NetworkManager.service -o cat --no-pager | grep -c 'Loaded device plugin: NMOvsFactory' || true
section nm-errors; journalctl -b -u NetworkManager.service -o cat --no-pager | grep -iE 'broken pipe|short write' || true
section environment   # what each service really runs with (its EnvironmentFile= is 0600, so not in systemctl show)
for s in crio rpm-ostreed; do tr '\0' '\n' < "/proc/$(systemctl show -P MainPID "$s.service")/environ" | grep -i '_proxy=' | sort; done
section ip-forward; cat /proc/sys/net/ipv4/ip_forward
section addr; ip -4 -o addr show dev br-ex | awk '{print $4}'
section route; ip route show default
section dns; grep '^nameserver' /etc/resolv.conf
section mtu; echo "$(cat /sys/class/net/br-ex/mtu) $(cat /sys/class/net/eth0/mtu)"
section macs; echo "$(cat /sys/class/net/br-ex/address) $(cat /sys/class/net/eth0/address)"
section active; nmcli -t -f NAME,STATE connection show --active | sort
section ports; ovs-vsctl list-ports br-ex | sort
section other-config; ovs-vsctl get Open_vSwitch . other_config
section affinity; for d in ovs-vswitchd ovsdb-server; do taskset -p "$(pidof $d)" | sed "s/.*: /$d /"; done
section ping-gateway; ping -c 2 -W 2 192.168.122.1 >/dev/null && echo ok || echo failed
# greenboot's required check from the agent RPM, run as greenboot runs it (bash SCRIPT), on the healthy device.
printf 'NODEPROFILE_WAIT_TIMEOUT_SEC=60\n' > /etc/greenboot/greenboot.conf
section greenboot-check; bash /etc/greenboot/check/required.d/30_nodeprofile_network_check.sh 2>&1; echo "exit=$?"
section fingerprint; fingerprint
ip addr add 192.168.122.15/24 dev br-ex   # an address the NodePort block does not name
listen 30700 8080
wait_ack traffic
section nft; nft list table inet nodeprofile
echo "== end"
