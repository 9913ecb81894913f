#!/bin/bash
# MicroShift gateway mode at first boot: the stand-in microshift-ovs-init.service built br-ex; then the manual
# bundle is installed for the next boot, with the stand-in disabled (in manual mode br-ex is made by hand).
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent; systemctl show -p Result nodeprofile-agent.service
section ovs-init; systemctl show -p Result nodeprofile-ovs-init.service
section stand-in; systemctl show -p Result microshift-ovs-init.service
section microshift-saw; cat /run/microshift-saw
section order
for unit in microshift-ovs-init nodeprofile-ovs-init; do
    echo "$unit $(systemctl show -P InactiveExitTimestampMonotonic $unit.service) $(systemctl show -P ActiveEnterTimestampMonotonic $unit.service)"
done
section keyfiles; ls /etc/NetworkManager/system-connections/
section ports; ovs-vsctl list-ports br-ex | sort
section addr; ip -4 -o addr show dev br-ex | awk '{print $4}'
wait_ack microshift
section addr-later; ip -4 -o addr show dev br-ex | awk '{print $4}'
systemctl disable microshift-ovs-init.service 2>/dev/null
install_bundle manual
echo "== end"
