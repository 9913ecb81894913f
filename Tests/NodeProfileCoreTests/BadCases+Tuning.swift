extension BadCases {
    static let tuning: [BadProfile] = [
        BadProfile(
            name: "CPU list descending", yaml: "ovs:\n  cpuAffinity: ⟪\"3,1\"⟫\n",
            message: "CPU list must be ascending: 1 comes after 3", path: "ovs.cpuAffinity"),
        BadProfile(
            name: "CPU listed twice", yaml: "ovs:\n  cpuAffinity: ⟪\"0,0-2\"⟫\n",
            message: "CPU 0 is listed twice", path: "ovs.cpuAffinity"),
        BadProfile(
            name: "CPU list garbage", yaml: "ovs:\n  cpuAffinity: ⟪all⟫\n",
            message: "'all' is not a CPU number or range; use kernel cpulist syntax", path: "ovs.cpuAffinity"),
        BadProfile(
            name: "CPU range backwards", yaml: "crio:\n  managementCPUSet: ⟪3-1⟫\n",
            message: "range 3-1 runs backwards; write 1-3", path: "crio.managementCPUSet"),
        BadProfile(
            name: "empty CPU set", yaml: "crio:\n  managementCPUSet: ⟪\"\"⟫\n",
            message: "a CPU list must not be empty", path: "crio.managementCPUSet"),
        BadProfile(
            name: "zero handler threads", yaml: "ovs:\n  handlerThreads: ⟪0⟫\n",
            message: "0 is out of range; allowed: 1 to 1024", path: "ovs.handlerThreads"),
        BadProfile(
            name: "quoted boolean", yaml: "ovs:\n  memoryLock: ⟪\"false\"⟫\n",
            message: "expected true or false, found the quoted string \"false\"", path: "ovs.memoryLock"),
    ]
}
