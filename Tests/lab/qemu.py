"""QEMU for the lab: boots the guest kernel from the cached root with a disk, a tap NIC in the test's namespace
and a 9p share, and follows its serial console, where step scripts print `NP-MARK name` lines. The serial log gives
each line the seconds since QEMU started."""
import glob
import lzma
import os
import struct
import subprocess
import threading
import time

from guest import MAC


def kernel_files(root):
    """The guest's kernel and initrd. The kernel is the uncompressed ELF inside Debian's vmlinuz, booted through its
    PVH entry: under TCG the xz decompressor in the bzImage took 4-12 s of every boot (about 1 s this way). It is
    extracted once, beside the root (`ROOT.vmlinux`); a kernel without a PVH entry is booted as it is."""
    kernel = sorted(glob.glob(f"{root}/boot/vmlinuz-*"))[-1]
    initrd = kernel.replace("vmlinuz-", "initrd.img-")
    elf = f"{root}.vmlinux"
    if not os.path.exists(elf):
        extracted = pvh_elf(open(kernel, "rb").read())
        if extracted is None:
            return kernel, initrd
        with open(elf + ".partial", "wb") as file:
            file.write(extracted)
        os.replace(elf + ".partial", elf)
    return elf, initrd


def pvh_elf(bzimage):
    """The xz-compressed ELF a bzImage carries, when it has Xen's PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY, 18)."""
    start = bzimage.find(b"\xfd7zXZ\x00")
    if start < 0:
        return None
    try:
        elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(bzimage[start:])
    except lzma.LZMAError:
        return None
    if elf[:5] != b"\x7fELF\x02":
        return None
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    for index in range(phnum):
        kind, _, offset, _, _, size = struct.unpack_from("<IIQQQQ", elf, phoff + index * phentsize)
        position = offset
        while kind == 4 and position + 12 <= offset + size:  # PT_NOTE: namesz, descsz, type, name, desc
            namesz, descsz, note = struct.unpack_from("<III", elf, position)
            if elf[position + 12:position + 15] == b"Xen" and note == 18:
                return elf
            position += 12 + (namesz + 3 & ~3) + (descsz + 3 & ~3)
    return None


def accelerator(root, cache):
    """'kvm' when a probe boot under KVM reaches the kernel's panic for want of a root within 30 s, else 'tcg'
    (nested KVM does not start on the lab machines). The answer is cached beside the root."""
    answer = os.path.join(cache, "accel")
    if os.path.exists(answer):
        return open(answer).read().strip()
    kernel, initrd = kernel_files(root)
    chosen = "tcg"
    if os.path.exists("/dev/kvm"):
        try:
            probe = subprocess.run(["qemu-system-x86_64", "-accel", "kvm", "-cpu", "host", "-m", "512", "-kernel", kernel,
                                    "-append", "console=ttyS0 panic=-1 root=/dev/nothing", "-serial", "stdio",
                                    "-display", "none", "-no-reboot", "-nodefaults"],
                                   capture_output=True, text=True, timeout=30)
            chosen = "kvm" if "Kernel panic" in probe.stdout else "tcg"
        except subprocess.TimeoutExpired:
            chosen = "tcg"
    with open(answer, "w") as file:
        file.write(chosen + "\n")
    return chosen


class Machine:
    """One guest. `mac` (the NIC's) and `serial` (SMBIOS type 1, /sys/class/dmi/id/product_serial; None: QEMU's
    default) are read at each boot, so a test may boot the same disk as another device."""

    def __init__(self, root, disk, network, share, accel, log_path, mac=MAC, serial=None):
        self.root, self.disk, self.network, self.share, self.accel = root, disk, network, share, accel
        self.log_path, self.mac, self.serial = log_path, mac, serial
        self.lines = []  # (seconds since start, text)
        self.process = None
        self.changed = threading.Condition()

    def boot(self, step, *arguments):
        kernel, initrd = kernel_files(self.root)
        cpu = ["-accel", "kvm", "-cpu", "host"] if self.accel == "kvm" else ["-accel", "tcg,thread=multi", "-cpu", "max"]
        cmdline = f"root=/dev/vda rw console=ttyS0 net.ifnames=0 panic=-1 np.lab={step} " + " ".join(arguments)
        command = ["ip", "netns", "exec", self.network.name, "qemu-system-x86_64", *cpu, "-m", "1024", "-smp", "2",
                   "-kernel", kernel, "-initrd", initrd, "-append", cmdline.strip(),
                   "-drive", f"file={self.disk},format=raw,if=virtio,cache=writeback",
                   "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                   "-device", f"virtio-net-pci,netdev=n0,mac={self.mac}",
                   "-virtfs", f"local,path={self.share},mount_tag=share,security_model=none",
                   "-serial", "stdio", "-display", "none", "-no-reboot", "-nodefaults"]
        if self.serial is not None:
            command += ["-smbios", f"type=1,serial={self.serial}"]
        self.log = open(self.log_path, "a")
        self.log.write(f"==== boot: {step} {' '.join(arguments)} (mac {self.mac}, serial {self.serial})\n")
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        with self.changed:
            self.process, self.lines, self.started, self.ended = process, [], time.monotonic(), False
        threading.Thread(target=self._follow, args=(process,), daemon=True).start()

    def _follow(self, process):
        """Follows one boot's console; a killed boot's reader that ends late must not touch the next boot's state."""
        for raw in process.stdout:
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            with self.changed:
                if process is not self.process:
                    return
                self.lines.append((time.monotonic() - self.started, text))
                self.log.write(f"{time.monotonic() - self.started:7.2f} {text}\n")
                self.log.flush()
                self.changed.notify_all()
        with self.changed:
            if process is self.process:
                self.ended = True
            self.changed.notify_all()

    def wait_mark(self, name, timeout=300):
        """Seconds since boot at which the guest printed `NP-MARK name`; raises on timeout or power-off."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for at, text in self.lines:
                    if f"NP-MARK {name}" in text:
                        return at
                if self.ended:
                    raise RuntimeError(f"the guest stopped before NP-MARK {name}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"no NP-MARK {name} within {timeout} s")
                self.changed.wait(min(left, 1))

    def ack(self, name):
        """Lets a step waiting in `wait_ack NAME` go on."""
        open(os.path.join(self.share, "out", f"ack-{name}"), "w").close()

    def wait_poweroff(self, timeout=400):
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError(f"the guest did not power off within {timeout} s")
        finally:
            self.log.flush()
        return time.monotonic() - self.started

    def kill(self):
        """A power cut: SIGKILL QEMU (what the guest flushed to its disk survives)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
