import NodeProfileManifest

/// The agent's help texts: `nodeprofile-agent --help` and `nodeprofile-agent COMMAND --help`.
enum AgentHelp {
    static let exitCodes = """
        EXIT STATUS:
          0   success, or nothing to do
          1   failure: the previous generation is left in place and result.json says the step and the reason
              (verify: a file was changed on the device; status: the root or the state cannot be read)
          64  usage error
          75  another nodeprofile-agent held the lock for longer than --lock-timeout; nothing was changed
              (apply and rollback only)

        """

    static let lockedExit = """
          75  another nodeprofile-agent held the lock for longer than --lock-timeout; nothing was changed

        """

    static let usage = """
        USAGE: nodeprofile-agent <command> [options]

        COMMANDS:
          apply      Apply every bundle under ROOT/usr/lib/nodeprofile (or --bundle DIR) transactionally.
          status     Show the applied generation, the last result, a pending journal and any drift.
          verify     Check every file the agent wrote against what it wrote; exit 1 on a change. With --health,
                     greenboot's required check: also the last result, the installed bundles and the network.
          rollback   Restore what the last apply replaced.
          --version  Print the version.

        Run `nodeprofile-agent COMMAND --help` for a command's options.

        """ + exitCodes

    static let apply = """
        USAGE: nodeprofile-agent apply [--bundle DIR]... [--root DIR] [--dry-run] [--fact NAME=VALUE]...
                                       [--facts-from-host] [--require-signature] [--remove-all] [--lock-timeout SECONDS]
                                       [--deployment ID] [--confirm-timeout SECONDS] [--identity-from FILE]

        Applies every bundle under ROOT/usr/lib/nodeprofile (or each --bundle DIR) under an exclusive lock
        (ROOT/var/lib/nodeprofile/lock). Finding no bundle is an error; --remove-all removes every file the applied
        generation wrote. Fact values are part of a generation: a changed --fact or NIC renders and applies again.
        A file someone else wrote at a path before the agent's first write there is adopted: its original is kept
        and put back when no generation writes the path any more (dry run and output say `adopt` and `put back`).
        A bundle built for another MicroShift release than the one ROOT's rpm database has installed is refused
        before anything is written (step \(AgentStep.target)); no microshift package installed is allowed.
        On the running system, a change of the uplink's connection (address, gateway, DNS, MTU, VLAN) while
        NetworkManager runs is confirmed: a NetworkManager checkpoint first, then the gateway (and each address the
        profile lists in network.gateway.confirmTargets) must answer ping within --confirm-timeout, else
        NetworkManager rolls back, the previous files return and the run fails (step confirm).

        OPTIONS:
          --bundle DIR|FILE      Apply this bundle instead of the installed ones (repeatable): a bundle directory, or
                                 the tarball `nodeprofile build` and `package` write (nodeprofile-NAME-VERSION.tar.gz);
                                 or a fleet image: its directory or the tarball `package FLEET` writes (.tar).
          --root DIR             Apply into this tree; no service is touched, and facts come only from --fact, but
                                 for a NIC's MAC and MTU and the NIC with a MAC, which DIR/sys/class/net answers
                                 when it is there (a tree laid out as the kernel's /sys).
          --fact NAME=VALUE      A device fact (repeatable), such as gateway.nic=eth0; MACs are lowercased.
          --facts-from-host      With --root: read missing facts from this machine.
          --dry-run              Say what would be written and removed, which facts could not be resolved, and
                                 which actions would run (on the running system only); change nothing.
          --require-signature    Refuse unsigned bundles (so does NODEPROFILE_REQUIRE_SIGNATURE=1). Once
                                 ROOT/etc/nodeprofile/keys.d holds a key they are refused anyway, unless
                                 ROOT/etc/nodeprofile/allow-unsigned exists.
          --remove-all           With no bundle installed: remove every file the applied generation wrote.
          --lock-timeout SECONDS How long to wait for another agent (default 90).
          --confirm-timeout SECONDS
                                 How long a live change of the uplink's connection has to reach its gateway (and
                                 network.gateway.confirmTargets) before it is rolled back (default 60; 1 to 3600).
          --deployment ID        The ostree deployment whose state to use (CHECKSUM.SERIAL, as ostree admin status
                                 lists it); on the running system the booted one is found from ostree= by default.
          --identity-from FILE   For a fleet image: the device's identity from FILE (lines mac=..., serial=...,
                                 uuid=...) instead of ROOT/sys/class/net/*/address and ROOT/sys/class/dmi/id. The node
                                 the device matches is applied; none or two is a failure at step identity.

        EXIT STATUS:
          0   applied, or nothing to do (dry run: the plan was printed)
          1   failure: the previous generation is left in place and result.json says the step and the reason
          64  usage error
        """ + lockedExit

    static let status = """
        USAGE: nodeprofile-agent status [--root DIR] [--json] [--deployment ID]

        Shows the applied generation and its bundles and facts, the fleet image's node this device was picked as
        and by which identity, the last result (with the failed step and reason),
        whether an interrupted run left a journal to finish, files changed on the device, the ostree deployment, and
        every red boot greenboot's red.d hook recorded (on this deployment or another). Never prints contents.

        OPTIONS:
          --root DIR         The tree to inspect (default /).
          --json             One JSON object: generation, bundles, facts, lastResult, journalPending, drift,
                             deployment, redBoots, and fleetNode (fleet, node, matched) when a fleet image picked
                             this device's node.
          --deployment ID    The ostree deployment whose state to show (default: the booted one).

        EXIT STATUS:
          0   the status was shown (a failed last result included: it is shown, not returned)
          1   the root does not exist or the agent's state cannot be read
          64  usage error

        """

    static let verify = """
        USAGE: nodeprofile-agent verify [--root DIR] [--deployment ID] [--bundle DIR|FILE]... [--identity-from FILE]
                                        [--health [--wait SECONDS] [--red-boot]]

        Checks the bytes and mode of every file the applied generation wrote, prints each file it checked and
        each that changed, and exits 1 when one changed.

        With --health (greenboot's required check, 30_nodeprofile_network_check.sh): exits 1, with one short reason per
        problem on standard error, when the last apply failed or left a journal, an installed bundle is not the one
        applied, a file changed, or (on the running system) br-ex is missing or down, a node address is absent or a
        NodePort block's rule is not loaded.

        OPTIONS:
          --root DIR         The tree to check (default /); with another root the network is not checked.
          --deployment ID    The ostree deployment whose state to check (default: the booted one).
          --bundle DIR|FILE  Also check that this bundle (a directory, or the tarball build and package write) is the
                             applied one (repeatable); exit 1 when it is not. Given a fleet image (its directory or
                             its .tar), the node this device matches is the one checked.
          --identity-from FILE
                             With --bundle and a fleet image: the device's identity from FILE (lines mac=...,
                             serial=..., uuid=...) instead of ROOT/sys/class/net/*/address and ROOT/sys/class/dmi/id.
          --health           Check the health of the applied generation, not only its files.
          --wait SECONDS     With --health: wait up to this long for the network to come up (the other problems fail
                             at once).
          --red-boot         With --health: greenboot's red.d hook. Record the result for this deployment under
                             /var/lib/nodeprofile, where `status` shows it after the rollback.

        EXIT STATUS:
          0   every file matches (with --health: and the generation is healthy)
          1   a file changed on the device, or the root or state cannot be read (with --health: any problem above)
          64  usage error

        """

    static let rollback = """
        USAGE: nodeprofile-agent rollback [--root DIR] [--lock-timeout SECONDS] [--deployment ID]

        Restores the files the last apply replaced exactly as that apply found them (kept under
        ROOT/var/lib/nodeprofile/previous, so it works across reboots) and returns to the previous generation. A file
        that was edited on the device before that apply repaired it comes back with the edit (the output lists it as
        `hand edit back`, and `status` shows it as drift). Once only: a second rollback has no previous generation.
        The next boot's apply installs the bundles again unless they are removed.

        EXIT STATUS:
          0   rolled back
          1   failure (no previous generation, or a restore failed); result.json says the step and the reason
          64  usage error
        """ + lockedExit

    static func text(for command: String) -> String {
        ["apply": apply, "status": status, "verify": verify, "rollback": rollback][command] ?? usage
    }
}
