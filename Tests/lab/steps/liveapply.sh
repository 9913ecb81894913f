#!/bin/bash
# A running device with no bundle (eth0 on NetworkManager's automatic DHCP profile) gets one applied live:
# br-ex must take eth0 as its uplink and get the DHCP lease through it.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section before; nmcli -t -f NAME,DEVICE connection show --active | sort
install_bundle dhcp
section apply; nodeprofile-agent apply 2>&1; echo "exit=$?"
for _ in $(seq 30); do ip -4 -o addr show dev br-ex 2>/dev/null | grep -q inet && break; sleep 1; done
section addr; ip -4 -o addr show dev br-ex | awk '{print $4}'
section eth0-addr; ip -4 -o addr show dev eth0 | awk '{print $4}'
section active; nmcli -t -f NAME,STATE connection show --active | sort
section ports; ovs-vsctl list-ports br-ex | sort
section ping-via-br-ex; ping -c 3 -W 2 -I br-ex 192.168.122.1 >/dev/null && echo ok || echo failed
wait_ack live
echo "== end"
