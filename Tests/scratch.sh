#!/usr/bin/env bash
# Runs a test command with TMPDIR set to a scratch folder of its own, /tmp/np-test-XXXXXX, and removes that folder
# when the command passes: the tests make several hundred scratch folders (bundles, roots, keys, 130 MB a run of
# swift test), which are kept when a test fails so it can be looked into. The folder is world-readable and sticky
# like /tmp, since some tests have `nobody` read what they wrote.
#   scratch.sh COMMAND [ARGUMENT...]
set -uo pipefail
scratch=$(mktemp -d /tmp/np-test-XXXXXX) || exit 1
chmod 1777 "$scratch"
TMPDIR=$scratch "$@"
status=$?
# rm's --one-file-system does not stop at a bind mount of the same filesystem: with anything mounted below the
# folder (a test's mount left in this namespace), the folder is kept rather than emptied through the mount.
mounts=$(awk -v below="$scratch/" 'index($5, below) == 1 { print $5 }' /proc/self/mountinfo)
if [[ -n $mounts ]]; then
    echo "scratch.sh: $scratch is kept: something is mounted below it (${mounts//$'\n'/, })" >&2
elif [[ $status == 0 ]]; then
    rm -rf --one-file-system "$scratch" 2>/dev/null || echo "scratch.sh: could not remove all of $scratch" >&2
else
    echo "scratch.sh: the tests' scratch files are kept in $scratch" >&2
fi
exit $status
