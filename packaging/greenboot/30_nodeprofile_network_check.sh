#!/bin/bash
# greenboot required health check, installed by the nodeprofile-agent RPM in /etc/greenboot/check/required.d/, where it
# runs before MicroShift's 40_microshift_running_check.sh. It fails the boot, with one short reason per problem on
# standard error, when the generation nodeprofile-agent applied is not healthy: br-ex missing or down, a node address
# absent, a NodePort block not loaded, files changed on the device, the last apply failed or a bundle left unapplied.
# greenboot runs it with bash under systemd-cat: its output reaches the journal under this file's name.
set -euo pipefail

# How long to wait for br-ex, the node's addresses and the NodePort rules to come up; set it in greenboot.conf.
# Problems that waiting cannot heal (a failed apply, changed files) fail at once.
NODEPROFILE_WAIT_TIMEOUT_SEC=300
if [ -f /etc/greenboot/greenboot.conf ]; then
    # shellcheck source=/dev/null
    source /etc/greenboot/greenboot.conf
fi
exec /usr/bin/nodeprofile-agent verify --health --wait "${NODEPROFILE_WAIT_TIMEOUT_SEC}"
