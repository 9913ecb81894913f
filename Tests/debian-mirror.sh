#!/usr/bin/env bash
# Prints the Debian mirror apt uses for bookworm's main packages, as apt itself reads its configuration (deb822
# .sources files and the one-line sources.list alike). Fails, saying so, when apt names none: no mirror is guessed.
set -euo pipefail
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null \
    | awk '$2 == "bookworm" && $3 == "main" { print $1; exit }')
if [[ -z "$mirror" ]]; then
    echo "no Debian bookworm mirror in apt's configuration (apt-get indextargets lists none for bookworm main);" \
        "add one to /etc/apt/sources.list.d and run apt-get update" >&2
    exit 1
fi
echo "${mirror%/}"
