#!/usr/bin/env bash
# Boots a minimal Debian root under systemd-nspawn (systemd as PID 1) to test nodeprofile-agent at first boot.
#   harness.sh base CACHE                      build or reuse CACHE/root (mmdebstrap, ~25 s, ~340 MB)
#   harness.sh up WORK CACHE AGENT UNIT        overlay WORK/merged on the base; install the agent and stand-ins
#   harness.sh bundle WORK BUNDLE_DIR NAME     make BUNDLE_DIR the only bundle under /usr/lib/nodeprofile
#   harness.sh greenboot WORK ID...            add greenboot (our stand-in runner and its units), the agent RPM's check
#                                              and red.d hook, and an ostree layout whose boot.1/.../N links to ID N
#   harness.sh boot WORK [KERNEL_ARGS...]      boot once; print the harness report
#   harness.sh down WORK                       unmount and remove WORK
set -euo pipefail

base() {
    local cache=$1
    [[ -f "$cache/root/.nodeprofile-complete" ]] && return 0
    # Two boot suites run at once and both ask for the root: one builds it, the other waits for it (on a fresh clone
    # they both ran mmdebstrap into the same folder and each removed what the other was extracting).
    mkdir -p "$cache"
    exec {lock}>"$cache/.lock"
    flock "$lock"
    if [[ -f "$cache/root/.nodeprofile-complete" ]]; then flock -u "$lock"; return 0; fi
    rm -rf "$cache/root"
    local mirror
    mirror=$(bash "$(dirname "${BASH_SOURCE[0]}")/../debian-mirror.sh")
    mmdebstrap --quiet --variant=minbase \
        --include=systemd,systemd-sysv,dbus,iproute2,nftables,openvswitch-switch,network-manager,procps \
        bookworm "$cache/root" "$mirror"
    touch "$cache/root/.nodeprofile-complete"
    flock -u "$lock"
}

unit() {  # unit PATH CONTENT: write a unit file into the guest
    mkdir -p "$(dirname "$1")"
    printf '%s\n' "$2" > "$1"
}

up() {
    local work=$1 cache=$2 agent=$3 agent_unit=$4 m
    mkdir -p "$work"/{upper,work,merged}
    mount -t overlay overlay -o "lowerdir=$cache/root,upperdir=$work/upper,workdir=$work/work" "$work/merged"
    m=$work/merged
    echo nodeprofile-test > "$m/etc/hostname"
    install -D -m 0755 "$agent" "$m/usr/bin/nodeprofile-agent"
    install -D -m 0644 "$agent_unit" "$m/usr/lib/systemd/system/nodeprofile-agent.service"
    mkdir -p "$m/etc/systemd/system/multi-user.target.wants"
    # The container has no network to wait for: NetworkManager-wait-online would hold every boot for its 60 s timeout.
    ln -sf /dev/null "$m/etc/systemd/system/NetworkManager-wait-online.service"
    # Debian's NetworkManager has no OVS plugin, so ovs-if-br-ex never activates here and a declarative profile's
    # nodeprofile-ovs-init would wait its whole 60 s for it, holding the boot. The boot checks nothing that comes after
    # that wait (the script sets OVS's thread limits first): stop it after 10 s. The device lab runs the real wait.
    unit "$m/etc/systemd/system/nodeprofile-ovs-init.service.d/np-harness-no-ovs-plugin.conf" "[Service]
TimeoutStartSec=10s"
    ln -sf /usr/lib/systemd/system/nodeprofile-agent.service "$m/etc/systemd/system/multi-user.target.wants/"
    # MicroShift's networking RPM ships these drop-ins (CPUAffinity=0); the stand-ins name CPU 1 so that a union
    # with the profile's list would show: systemd must run OVS on the profile's CPUs alone.
    for service in ovs-vswitchd ovsdb-server; do
        unit "$m/etc/systemd/system/$service.service.d/microshift-cpuaffinity.conf" "[Service]
CPUAffinity=1"
    done
    # Stand-ins for what Debian lacks: CRI-O, rpm-ostree, MicroShift, and RHEL's openvswitch.service umbrella.
    for service in crio rpm-ostreed; do
        unit "$m/etc/systemd/system/$service.service" "[Unit]
Description=stand-in for $service
[Service]
ExecStart=/bin/sleep infinity
[Install]
WantedBy=multi-user.target"
        ln -sf "/etc/systemd/system/$service.service" "$m/etc/systemd/system/multi-user.target.wants/"
    done
    unit "$m/etc/systemd/system/microshift.service" "[Unit]
Description=stand-in for MicroShift
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
[Install]
WantedBy=multi-user.target"
    ln -sf /etc/systemd/system/microshift.service "$m/etc/systemd/system/multi-user.target.wants/"
    unit "$m/etc/systemd/system/openvswitch.service" "[Unit]
Description=stand-in for RHEL's openvswitch.service
Requires=openvswitch-switch.service
After=openvswitch-switch.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true"
    install -D -m 0755 "$(dirname "$0")/guest-report.sh" "$m/usr/local/sbin/np-harness"
    unit "$m/etc/systemd/system/np-harness.service" "[Unit]
Description=nodeprofile test harness
ConditionKernelCommandLine=np.harness
After=multi-user.target
[Service]
Type=exec
ExecStart=/usr/local/sbin/np-harness
[Install]
WantedBy=multi-user.target"
    ln -sf /etc/systemd/system/np-harness.service "$m/etc/systemd/system/multi-user.target.wants/"
}

greenboot() {
    local work=$1 m=$1/merged here index=0 id
    shift
    here=$(cd "$(dirname "$0")" && pwd)
    install -D -m 0755 "$here/../greenboot/greenboot" "$m/usr/libexec/greenboot/greenboot"
    install -D -m 0755 "$here/../../packaging/greenboot/30_nodeprofile_network_check.sh" "$m/etc/greenboot/check/required.d/30_nodeprofile_network_check.sh"
    install -D -m 0755 "$here/../../packaging/greenboot/30_nodeprofile_red_boot.sh" "$m/etc/greenboot/red.d/30_nodeprofile_red_boot.sh"
    mkdir -p "$m/etc/greenboot/check/wanted.d" "$m/usr/lib/greenboot/check/required.d"
    # The check waits this long for the network; the cases below break it on purpose, so keep it short.
    printf 'NODEPROFILE_WAIT_TIMEOUT_SEC=3\n' > "$m/etc/greenboot/greenboot.conf"
    # greenboot's units, as greenboot 0.15 ships them (Type=oneshot, OnFailure=redboot.target), written for the test.
    unit "$m/etc/systemd/system/greenboot-healthcheck.service" "[Unit]
Description=greenboot health checks (test stand-in)
Before=boot-complete.target
After=network-online.target
Wants=network-online.target
OnFailure=redboot.target
OnFailureJobMode=fail
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/libexec/greenboot/greenboot check
[Install]
RequiredBy=boot-complete.target
WantedBy=multi-user.target"
    unit "$m/etc/systemd/system/redboot.target" "[Unit]
Description=red boot (test stand-in)
Conflicts=boot-complete.target"
    unit "$m/etc/systemd/system/redboot-task-runner.service" "[Unit]
Description=greenboot red scripts (test stand-in)
Before=redboot.target
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/libexec/greenboot/greenboot red
[Install]
RequiredBy=redboot.target"
    mkdir -p "$m/etc/systemd/system/redboot.target.requires" "$m/etc/systemd/system/boot-complete.target.requires"
    ln -sf /etc/systemd/system/redboot-task-runner.service "$m/etc/systemd/system/redboot.target.requires/"
    ln -sf /etc/systemd/system/greenboot-healthcheck.service "$m/etc/systemd/system/boot-complete.target.requires/"
    ln -sf /etc/systemd/system/greenboot-healthcheck.service "$m/etc/systemd/system/multi-user.target.wants/"
    # br-ex built by hand (the profiles use manual gateway mode): an Open vSwitch bridge on the userspace datapath.
    unit "$m/etc/systemd/system/np-test-br-ex.service" "[Unit]
Description=br-ex by hand (test)
After=ovs-vswitchd.service nodeprofile-nftables.service
Requires=ovs-vswitchd.service
Before=network-online.target
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/bin/ovs-vsctl --may-exist add-br br-ex -- set bridge br-ex datapath_type=netdev
ExecStart=/usr/sbin/ip link set br-ex up
ExecStart=/usr/sbin/ip addr replace 192.168.50.10/24 dev br-ex
[Install]
WantedBy=network-online.target"
    mkdir -p "$m/etc/systemd/system/network-online.target.wants"
    ln -sf /etc/systemd/system/np-test-br-ex.service "$m/etc/systemd/system/network-online.target.wants/"
    # An ostree-booted system: the flag ostree-prepare-root writes, and boot links /ostree/boot.1/edge/BOOTCSUM/N to
    # each deployment; the test boots one with ostree=... on the kernel command line (PID 1's, in a container).
    printf 'f /run/ostree-booted 0644 root root -\n' > "$m/etc/tmpfiles.d/np-ostree-booted.conf"
    for id in "$@"; do
        mkdir -p "$m/sysroot/ostree/deploy/edge/deploy/$id" "$m/sysroot/ostree/boot.1/edge/$(printf '%064d' 0)"
        ln -sfn "../../../deploy/edge/deploy/$id" "$m/sysroot/ostree/boot.1/edge/$(printf '%064d' 0)/$index"
        index=$((index + 1))
    done
    install -D -m 0755 "$here/greenboot-report.sh" "$m/usr/local/sbin/np-harness"
}

bundle() {
    local m=$1/merged
    rm -rf "$m/usr/lib/nodeprofile"
    mkdir -p "$m/usr/lib/nodeprofile/$3"
    cp -a "$2/manifest.json" "$2/root" "$m/usr/lib/nodeprofile/$3/"
}

boot() {
    local work=$1 m=$1/merged
    shift
    rm -f "$m/var/lib/np-test/report.txt"
    timeout 300 systemd-nspawn -b -D "$m" --network-veth --console=read-only --register=no --keep-unit \
        --machine="np$(printf %s "$work" | sha256sum | cut -c1-10)" np.harness "$@" > "$work/console.log" 2>&1 || true
    cat "$m/var/lib/np-test/report.txt" 2>/dev/null || { echo "no report; console:"; tail -n 30 "$work/console.log"; }
}

down() {
    umount "$1/merged" 2>/dev/null || true
    rm -rf "$1"
}

command=$1
shift
"$command" "$@"
