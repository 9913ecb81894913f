#!/bin/bash
# Second boot (a no-op for the agent), then generation 2 applied live, then the OVS init's retry of an
# activation that is not in progress, then a generation whose br-ex cannot come up, applied live.
# shellcheck source=lib.sh
. /lab/steps/lib.sh
settle
section agent-log; agent_log
section nft-before; nft list table inet nodeprofile 2>&1 | grep -c 'dport 30700'
section fingerprint-before; fingerprint
listen 30700 8080
ip addr add 192.168.122.15/24 dev br-ex
wait_ack boot2
install_bundle static2
section apply2; nodeprofile-agent apply 2>&1; echo "exit=$?"
section nft-after; nft list table inet nodeprofile 2>&1
section fingerprint-after; fingerprint
wait_ack gen2
section retry
nmcli connection down ovs-if-br-ex >/dev/null
start=$(date +%s)
systemctl restart nodeprofile-ovs-init.service; echo "exit=$? seconds=$(( $(date +%s) - start ))"
journalctl -u nodeprofile-ovs-init.service -o cat --no-pager | grep 'nodeprofile-ovs-init:' | tail -n 4
echo "state=$(nmcli -g GENERAL.STATE connection show ovs-if-br-ex)"
wait_ack retry
before=$(fingerprint)
install_bundle badnic
section apply3; nodeprofile-agent apply 2>&1; echo "exit=$?"
section unchanged
if [[ "$before" == "$(fingerprint)" ]]; then echo yes; else echo no; diff <(echo "$before") <(fingerprint); fi
section status; nodeprofile-agent status 2>&1
section addr; ip -4 -o addr show dev br-ex | awk '{print $4}'
wait_ack failed
echo "== end"
