#!/usr/bin/env bash
# Adds the lab's pieces to a guest root (run once by build-cache.sh; part of the root's cache key):
# stand-ins for what Debian lacks (CRI-O, rpm-ostree, MicroShift, RHEL's openvswitch.service umbrella) and
# np-lab.service, which mounts the host's 9p share and runs the test step the kernel command line names.
#   guest-units.sh ROOT
set -euo pipefail
r=$1
unit() {  # unit NAME CONTENT [enable]: a unit in /etc/systemd/system, enabled for multi-user.target when asked
    printf '%s\n' "$2" > "$r/etc/systemd/system/$1"
    if [[ ${3:-} == enable ]]; then
        mkdir -p "$r/etc/systemd/system/multi-user.target.wants"
        ln -sf "/etc/systemd/system/$1" "$r/etc/systemd/system/multi-user.target.wants/$1"
    fi
}
# A small initramfs: before the root is mounted the guest needs only its virtio disk and ext4. Debian's default
# (MODULES=most) is a 36 MB initrd whose unpacking and udev work took 7-14 s of every boot under TCG; this one is 6 MB.
echo MODULES=list > "$r/etc/initramfs-tools/conf.d/np-lab"
printf 'virtio_pci\nvirtio_blk\next4\n' >> "$r/etc/initramfs-tools/modules"
chroot "$r" update-initramfs -u -k all >/dev/null 2>&1
# What a lab boot has no use for, each a few seconds of TCG per boot: timers that never fire in a two-minute boot,
# a getty on a console nobody logs in to, and modules udev would load for the emulated CPU and PC speaker.
for unit in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service \
    fstrim.timer getty@tty1.service serial-getty@ttyS0.service; do
    ln -sf /dev/null "$r/etc/systemd/system/$unit"
done
printf 'blacklist %s\n' kvm kvm_amd kvm_intel pcspkr powernow_k8 > "$r/etc/modprobe.d/np-lab.conf"
echo device > "$r/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 device\n' > "$r/etc/hosts"
printf 'auto lo\niface lo inet loopback\n' > "$r/etc/network/interfaces"
: > "$r/etc/machine-id"
for service in crio rpm-ostreed; do
    unit "$service.service" "[Unit]
Description=stand-in for $service
[Service]
ExecStart=/bin/sleep infinity
[Install]
WantedBy=multi-user.target" enable
done
# MicroShift's stand-in records whether nodeprofile's OVS init had finished when it started.
unit microshift.service "[Unit]
Description=stand-in for MicroShift
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'systemctl show -p ActiveState -p Result nodeprofile-ovs-init.service > /run/microshift-saw'
[Install]
WantedBy=multi-user.target" enable
unit openvswitch.service "[Unit]
Description=stand-in for RHEL's openvswitch.service
Requires=openvswitch-switch.service
After=openvswitch-switch.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true"
unit np-lab.service "[Unit]
Description=nodeprofile device lab step
ConditionKernelCommandLine=np.lab
After=multi-user.target
[Service]
Type=exec
ExecStart=/usr/local/sbin/np-lab
StandardOutput=journal+console
StandardError=journal+console
[Install]
WantedBy=multi-user.target" enable
cat > "$r/usr/local/sbin/np-lab" <<'SCRIPT'
#!/bin/bash
# Mounts the host's share and runs its step script (np.lab=STEP), whose output lands in /lab/out/STEP.txt.
step=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^np\.lab=//p')
mkdir -p /lab && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 share /lab
echo "np-lab: step $step starts"
bash "/lab/steps/$step.sh" > "/lab/out/$step.txt" 2>&1
echo "np-lab: step $step exited $?"
sync
grep -qw np.hold /proc/cmdline || systemctl poweroff
SCRIPT
chmod 0755 "$r/usr/local/sbin/np-lab"
