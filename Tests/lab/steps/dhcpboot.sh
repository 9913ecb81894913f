#!/bin/bash
# First boot with a declarative DHCP bundle installed by rpm: br-ex gets its lease through eth0 at boot.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent; systemctl show -p Result nodeprofile-agent.service
section ovs-init; systemctl show -p Result nodeprofile-ovs-init.service
section addr; ip -4 -o addr show dev br-ex | awk '{print $4}'
section active; nmcli -t -f NAME,STATE connection show --active | sort
section ports; ovs-vsctl list-ports br-ex | sort
section macs; echo "$(cat /sys/class/net/br-ex/address) $(cat /sys/class/net/eth0/address)"
wait_ack dhcp
echo "== end"
