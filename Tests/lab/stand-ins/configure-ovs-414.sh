#!/bin/bash
# The lab's stand-in for what MicroShift 4.14 and later run at every boot (microshift-ovs-init.service), written
# by us from reading the release branches' packaging/systemd/configure-ovs.sh and configure-ovs-microshift.sh:
#   - the keyfiles named br-ex, ovs-if-br-ex, ovs-port-br-ex, ovs-if-phys0, ovs-port-phys0 (with or without
#     .nmconnection) and *-slave-ovs-clone are deleted from /etc/NetworkManager/system-connections; when any was
#     there, NetworkManager reloads its connections, br-ex is deleted from Open vSwitch and NetworkManager is
#     given 10 s to bring the old devices down;
#   - br-ex is built again with ovs-vsctl, with no uplink port, and NetworkManager is told to leave it alone;
#   - both ovs-vswitchd thread limits are set to 1.
# Not modelled: after a deletion the real script also asks NetworkManager to reconnect the old uplink, which then
# gets an automatic (DHCP) profile, never the static address the deleted keyfiles held.
set -eux
dir=/etc/NetworkManager/system-connections
deleted=no
for name in br-ex ovs-if-br-ex ovs-port-br-ex ovs-if-phys0 ovs-port-phys0; do
    for file in "$dir/$name" "$dir/$name.nmconnection"; do
        if [[ -f $file ]]; then rm -f "$file"; echo "removed $file"; deleted=yes; fi
    done
done
for file in "$dir"/*-slave-ovs-clone "$dir"/*-slave-ovs-clone.nmconnection; do
    if [[ -f $file ]]; then rm -f "$file"; echo "removed $file"; deleted=yes; fi
done
# NetworkManager answers on D-Bus a moment before its settings object exists (a slow boot meets that window).
reload() {
    local try
    for try in 1 2 3 4 5 6 7 8 9 10; do
        nmcli connection reload && return 0
        echo "nmcli connection reload failed (try $try); once more in 2 s"
        sleep 2
    done
    return 1
}
if [[ $deleted == yes ]]; then
    reload
    ovs-vsctl --timeout=30 --if-exists del-br br-ex
    # As configure-ovs does: reload once more and give NetworkManager 10 s to bring the old devices down, or it
    # deletes the new br-ex while it tears down the old one.
    reload
    sleep 10
fi
ovs-vsctl --timeout=15 --may-exist add-br br-ex -- br-set-external-id br-ex bridge-id br-ex \
    -- set bridge br-ex fail-mode=standalone other_config:hwaddr=0a:59:00:00:00:01
nmcli device set br-ex managed no
ovs-vsctl set Open_vSwitch . other_config:n-handler-threads=1 other_config:n-revalidator-threads=1
