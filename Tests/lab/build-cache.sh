#!/usr/bin/env bash
# Builds the device lab's cached inputs under CACHE (default .build/lab), each keyed by what makes it:
#   CACHE/nm-KEY/     NetworkManager 1.42.4 from Debian's source package, meson with -Dovs=true, installed into
#                     a destdir (KEY: the function build_nm). ~2-5 min on 2 cores.
#   CACHE/root-KEY/   a Debian 12 guest root (mmdebstrap: kernel, systemd, Open vSwitch, nftables, Debian's
#                     NetworkManager overwritten by the build above) with the lab's stand-in units (KEY: the
#                     function build_root, the NetworkManager build's folder name and guest-units.sh, never the
#                     cache's own path, so each checkout computes the same key). ~3 min.
# Prints the root's path. A second run finds both and prints it at once.
#   build-cache.sh [CACHE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$(realpath -m "${1:-$here/../../.build/lab}")
mkdir -p "$cache"

log() { echo "lab cache: $*" >&2; }

build_nm() {
    [[ -f $nm/.complete ]] && return 0
    log "building NetworkManager with its OVS plugin into $nm"
    local start=$SECONDS src=$cache/nm-src
    rm -rf "$nm" "$src" && mkdir -p "$src"
    (cd "$src" && apt-get source -qq network-manager >/dev/null 2>&1) || { log "apt-get source network-manager failed: is there a deb-src entry (make deps)?"; return 1; }
    local dir
    dir=$(find "$src" -maxdepth 1 -type d -name 'network-manager-1.42.*' | head -n1)
    # Paths as Debian's package lays them out, so this build replaces its files one for one (nmcli stays Debian's).
    meson setup "$dir/build" "$dir" --prefix=/usr --sysconfdir=/etc --localstatedir=/var \
        --libdir=lib/x86_64-linux-gnu --libexecdir=lib/NetworkManager --buildtype=release \
        -Dsystemdsystemunitdir=/lib/systemd/system -Dudev_dir=/lib/udev -Ddbus_conf_dir=/usr/share/dbus-1/system.d \
        -Dovs=true -Ddocs=false -Dtests=no -Dintrospection=false -Dvapi=false -Dwifi=false -Diwd=false \
        -Dppp=false -Dmodem_manager=false -Dnmtui=false -Dnm_cloud_setup=false -Dbluez5_dun=false -Debpf=false \
        -Dqt=false -Dofono=false -Dteamdctl=false -Dselinux=false -Dlibaudit=no -Dlibpsl=false -Dconcheck=false \
        -Dcrypto=gnutls -Dsession_tracking=systemd -Dsuspend_resume=systemd -Dpolkit=false -Difupdown=false \
        -Dnft=/usr/sbin/nft -Diptables=/usr/sbin/iptables -Ddhclient=no -Ddhcpcd=no -Dconfig_dhcp_default=internal \
        -Dnmcli=false >"$src/meson.log" 2>&1 || { tail -n 30 "$src/meson.log" >&2; return 1; }
    ninja -C "$dir/build" >"$src/ninja.log" 2>&1 || { tail -n 30 "$src/ninja.log" >&2; return 1; }
    DESTDIR="$nm.partial" meson install -C "$dir/build" --no-rebuild >"$src/install.log" 2>&1 || { tail -n 30 "$src/install.log" >&2; return 1; }
    [[ -f $nm.partial/usr/lib/x86_64-linux-gnu/NetworkManager/1.42.4/libnm-device-plugin-ovs.so ]] \
        || { log "the build has no libnm-device-plugin-ovs.so"; return 1; }
    mv "$nm.partial" "$nm" && touch "$nm/.complete"
    rm -rf "$src"
    log "NetworkManager built in $((SECONDS - start)) s"
}

build_root() {
    [[ -f $root/.complete ]] && return 0
    log "building the guest root $root"
    local start=$SECONDS mirror
    rm -rf "$root" "$root.partial"
    mirror=$(bash "$here/../debian-mirror.sh")
    mmdebstrap --quiet --variant=minbase \
        --include=linux-image-amd64,initramfs-tools,systemd,systemd-sysv,udev,dbus,kmod,iproute2,iputils-ping,procps,nftables,openvswitch-switch,network-manager,libjansson4,libndp0,netcat-openbsd \
        bookworm "$root.partial" "$mirror"
    # Merged /usr: the guest's /lib is a link to usr/lib, which tar keeps (cp would refuse).
    tar -C "$nm" --exclude ./.complete -cf - . | tar -C "$root.partial" --keep-directory-symlink -xf -
    bash "$here/guest-units.sh" "$root.partial"
    mv "$root.partial" "$root" && touch "$root/.complete"
    log "guest root built in $((SECONDS - start)) s ($(du -sh "$root" | cut -f1))"
}

nm=$cache/nm-$(declare -f build_nm | sha256sum | cut -c1-12)
root=$cache/root-$( (declare -f build_root; echo "${nm##*/}"; cat "$here/guest-units.sh") | sha256sum | cut -c1-12)
build_nm
build_root
# Drop older keyed builds so the cache holds one of each (and what lab.py derives from the root, ROOT.vmlinux).
find "$cache" -maxdepth 1 \( -name 'nm-*' -o -name 'root-*' \) ! -name "${nm##*/}" ! -name "${root##*/}" \
    ! -name "${root##*/}.*" ! -name nm-src -exec rm -rf {} +
echo "$root"
