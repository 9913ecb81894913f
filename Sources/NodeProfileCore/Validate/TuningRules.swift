/// Rules for Open vSwitch and CRI-O tuning: CPU lists and thread counts.
enum TuningRules {
    static func ovs(_ ctx: inout ValidationContext) -> Profile.OVS {
        Profile.OVS(
            cpuAffinity: ctx.parse("ovs.cpuAffinity", CPUList.parse) ?? CPUList(ranges: [0...0]),
            memoryLock: ctx.boolean("ovs.memoryLock") ?? false,
            handlerThreads: ctx.integer("ovs.handlerThreads"),
            revalidatorThreads: ctx.integer("ovs.revalidatorThreads"))
    }

    static func crioCPUSet(_ ctx: inout ValidationContext) -> CPUList {
        ctx.parse("crio.managementCPUSet", CPUList.parse) ?? CPUList(ranges: [0...0])
    }
}
