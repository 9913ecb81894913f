#!/bin/bash
# Shared by the guest's step scripts (sourced). A step's output goes to /lab/out/STEP.txt as sections
# ("== name" then lines); marks go to the serial console, where the host follows them.
# shellcheck disable=SC2034
BUNDLES=/lab/bundles
INSTALLED=/usr/lib/nodeprofile/lab

section() { echo "== $1"; }
mark() { echo "NP-MARK $1" > /dev/ttyS0; }

# wait_ack NAME: print the mark NAME and wait until the host has done its part (it creates /lab/out/ack-NAME).
wait_ack() {
    sync
    mark "$1"
    local waited=0
    until [[ -e /lab/out/ack-$1 ]]; do
        sleep 0.5
        (( ++waited < 1200 )) || { echo "no ack for $1 from the host"; return 1; }
    done
}

# Startup finished: every unit of the boot transaction, nodeprofile-ovs-init included, is done.
settle() {
    section system
    systemctl is-system-running --wait
}

# The files every lab bundle may own, from their manifests, each with its sha256 or "absent".
fingerprint() {
    local path
    grep -ho '"path" : "/etc/[^"]*"' "$BUNDLES"/*/manifest.json | cut -d'"' -f4 | sort -u | while read -r path; do
        if [[ -e $path ]]; then sha256sum "$path"; else echo "absent $path"; fi
    done
}

# install_bundle NAME: replace the installed bundle with /lab/bundles/NAME, as an image update would.
install_bundle() {
    rm -rf /usr/lib/nodeprofile/.new /usr/lib/nodeprofile/.old
    mkdir -p /usr/lib/nodeprofile/.new
    cp -a "$BUNDLES/$1/manifest.json" "$BUNDLES/$1/root" /usr/lib/nodeprofile/.new/
    sync
    [[ -e $INSTALLED ]] && mv "$INSTALLED" /usr/lib/nodeprofile/.old
    mv /usr/lib/nodeprofile/.new "$INSTALLED"
    rm -rf /usr/lib/nodeprofile/.old
    sync
}

agent_log() { journalctl -b -u nodeprofile-agent.service -o cat --no-pager ; }

# Listeners for the host's connections: a NodePort and a LoadBalancer-style port, on every address.
listen() {
    local port
    for port in "$@"; do
        setsid nc -lk "$port" </dev/null >/dev/null 2>&1 &
    done
}
