#!/bin/bash
# First boot of a bundle whose gateway NIC is named by MAC, on a 4.14+ device (the stand-in configure-ovs has run):
# what the NIC is called here, which NIC the agent resolved, and whether our keyfile brought the address up on it.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent; systemctl show -p Result nodeprofile-agent.service
section nics
for nic in /sys/class/net/*; do
    [[ -e $nic/device ]] && echo "$(basename "$nic") $(cat "$nic/address")"
done
section fact; nodeprofile-agent status | grep 'fact: gateway.nic' || true
section keyfiles; ls /etc/NetworkManager/system-connections/
section keyfile; grep -E '^(interface-name|mac-address)=' /etc/NetworkManager/system-connections/nodeprofile-uplink.nmconnection || true
section node-ip; ip -4 -o addr show | awk '$4 == "192.168.122.14/24" {print $2}'
section active; nmcli -t -f NAME,DEVICE,STATE connection show --active | sort
printf 'NODEPROFILE_WAIT_TIMEOUT_SEC=10\n' > /etc/greenboot/greenboot.conf
section greenboot-check; bash /etc/greenboot/check/required.d/30_nodeprofile_network_check.sh 2>&1; echo "exit=$?"
wait_ack traffic
echo "== end"
