#!/bin/bash
# greenboot red.d hook, installed by the nodeprofile-agent RPM in /etc/greenboot/red.d/ (greenboot 0.15.4 and earlier run
# red scripts from there only). The boot is red: a required check failed. This records the agent's state and health on
# the booted deployment under /var/lib/nodeprofile, which every deployment shares, so that once greenboot has rolled
# back, `nodeprofile-agent status` on the older deployment says what went wrong on this one.
set -euo pipefail
exec /usr/bin/nodeprofile-agent verify --health --red-boot
