"""The lab's device: a fresh ext4 disk made from the cached guest root, a network namespace holding the tap the
guest's NIC is joined to (the test host, 192.168.122.1), and QEMU booting the guest with one step script."""
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time

MAC = "52:54:00:12:34:56"
HOST_ADDRESS = "192.168.122.1"
HERE = os.path.dirname(os.path.abspath(__file__))


def run(command, check=True, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result.returncode}: {result.stderr.strip()}")
    return result


def make_disk(root, path, rpms, files=None, size="3G"):
    """A fresh disk: the cached root under an overlay, the RPMs installed with `rpm --root` (their scriptlets
    run inside it, so the agent's %post enables its unit by preset), `files` added ({path: (mode, text)}, or
    (None, target) for a symbolic link),
    then `mkfs.ext4 -d`."""
    work = tempfile.mkdtemp(prefix="np-lab-disk-")
    merged = os.path.join(work, "merged")
    for name in ("upper", "work", "merged"):
        os.mkdir(os.path.join(work, name))
    run(["mount", "-t", "overlay", "overlay", "-o",
         f"lowerdir={root},upperdir={work}/upper,workdir={work}/work", merged])
    try:
        if rpms:
            run(["rpm", "--root", merged, "--initdb"])
            installed = run(["rpm", "--root", merged, "-ivh", "--nodeps"] + rpms)
            if "scriptlet failed" in installed.stdout + installed.stderr or "warning" in installed.stderr:
                raise RuntimeError(f"rpm -ivh: {installed.stdout}{installed.stderr}")
        for name, (mode, text) in (files or {}).items():
            target = merged + name
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if mode is None:
                os.symlink(text, target)
                continue
            with open(target, "w") as file:
                file.write(text)
            os.chmod(target, mode)
        if os.path.exists(path):
            os.remove(path)
        run(["truncate", "-s", size, path])
        run(["mkfs.ext4", "-q", "-F", "-d", merged, path])
    finally:
        run(["umount", merged], check=False)
        shutil.rmtree(work, ignore_errors=True)


class Network:
    """A namespace of our own holding tap0 (192.168.122.1/24): the test host the device talks to."""

    def __init__(self, name, dhcp=None):
        self.name = name
        run(["ip", "netns", "add", name])
        self.exec(["ip", "link", "set", "lo", "up"])
        self.exec(["ip", "tuntap", "add", "dev", "tap0", "mode", "tap"])
        self.exec(["ip", "addr", "add", f"{HOST_ADDRESS}/24", "dev", "tap0"])
        self.exec(["ip", "link", "set", "tap0", "up"])
        self.dnsmasq = None
        if dhcp:  # lease `dhcp` to the guest's MAC; no DNS (port 0)
            self.dnsmasq = subprocess.Popen(["ip", "netns", "exec", name, "dnsmasq", "--no-daemon", "--port=0",
                                             "--interface=tap0", "--bind-dynamic", "--dhcp-range=192.168.122.100,192.168.122.150,1h",
                                             f"--dhcp-host={MAC},{dhcp}", "--dhcp-leasefile=/dev/null", "--conf-file=/dev/null"],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def exec(self, command, check=True, timeout=30):
        return run(["ip", "netns", "exec", self.name] + command, check=check, timeout=timeout)

    def ping(self, address, count=3):
        return self.exec(["ping", "-c", str(count), "-W", "2", "-i", "0.5", address], check=False).returncode == 0

    def connect(self, address, port, seconds=3):
        """'answered', 'refused' or 'timeout' for a TCP connection from the test host."""
        result = self.exec(["timeout", str(seconds), "bash", "-c", f"exec 3<>/dev/tcp/{address}/{port}"], check=False,
                           timeout=seconds + 5)
        return {0: "answered", 124: "timeout"}.get(result.returncode, "refused")

    def close(self):
        if self.dnsmasq:
            self.dnsmasq.kill()
            self.dnsmasq.wait()
        run(["ip", "netns", "del", self.name], check=False)
