#!/bin/bash
# Runs inside the booted test container: waits for startup, records what the tests check, then powers off.
report=/var/lib/np-test/report.txt
mkdir -p /var/lib/np-test
{
    echo "== system"; systemctl is-system-running --wait
    echo "== agent"; systemctl show -p ActiveState -p Result -p ExecMainStatus nodeprofile-agent.service
    echo "== agent-log"; journalctl -b -u nodeprofile-agent.service -o cat --no-pager 
    echo "== cpuaffinity"; systemctl show -p CPUAffinity ovs-vswitchd.service ovsdb-server.service
    echo "== environment"
    # What each service really got from its EnvironmentFile=, with the password replaced by its sha256.
    for service in crio rpm-ostreed; do
        systemctl show -p EnvironmentFiles "$service.service"
        tr '\0' '\n' < "/proc/$(systemctl show -p MainPID --value "$service.service")/environ" | grep -i '_proxy=' | sort |
            while IFS= read -r line; do
                if [[ $line =~ ^([A-Za-z_]+)=http://edge:([^@]*)@(.*)$ ]]; then
                    echo "${BASH_REMATCH[1]}=http://edge:sha256($(printf %s "${BASH_REMATCH[2]}" | sha256sum | cut -c1-64))@${BASH_REMATCH[3]}"
                else
                    echo "$line"
                fi
            done
    done
    echo "== unprivileged"
    # Everything a local user can learn from systemd and the files: must hold no password.
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@" 2>&1; }
    as_nobody systemctl show crio.service rpm-ostreed.service nodeprofile-agent.service
    as_nobody systemctl cat crio.service rpm-ostreed.service
    as_nobody cat /etc/nodeprofile/proxy/crio.env
    as_nobody cat /usr/lib/nodeprofile/firstboot/manifest.json
    as_nobody journalctl -b --no-pager -o cat
    echo "== nft"; nft list table inet nodeprofile 2>&1
    echo "== ip_forward"; cat /proc/sys/net/ipv4/ip_forward
    echo "== ovs"; ovs-vsctl --timeout=10 get Open_vSwitch . other_config 2>&1
    echo "== networkmanager"; nmcli -t -f NAME connection show 2>&1 | sort
    echo "== end"
} > "$report" 2>&1
systemctl poweroff
