#!/usr/bin/env python3
"""Writes a NodeFleet of N store gateways over blueprints/fleets/store.yaml (make bench).

Every node sets what differs between real devices: name, hostname, node IP, its static address and
gateway; every tenth node also blocks a NodePort on its guest Wi-Fi.
With --identity every node also names its device by a MAC and a DMI serial, for a fleet image.
usage: make-fleet.py N BASE [--identity] > fleet.yaml
"""
import sys

count, base = int(sys.argv[1]), sys.argv[2]
identity = "--identity" in sys.argv[3:]
out = sys.stdout
out.write("apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata:\n  name: bench\n")
out.write(f"base: {base}\nnodes:\n")
for i in range(count):
    a, b = 100 + i // 250, 1 + i % 250
    out.write(f"  - name: store-{i:05d}\n")
    if identity:
        out.write(f"    identity: {{macs: [\"52:54:{i >> 24 & 255:02x}:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}\"], serial: SN{i:05d}}}\n")
    out.write(f"    node: {{hostname: store-{i:05d}-gw, nodeIP: 10.{a}.{b}.14}}\n")
    out.write("    network:\n      gateway:\n")
    out.write(f"        ipv4: {{address: 10.{a}.{b}.14/24, gateway: 10.{a}.{b}.1, dns: [10.{a}.{b}.1]}}\n")
    if i % 10 == 0:
        out.write("    firewall:\n      blockNodePorts:\n        - {port: 30700, interface: wlan0}\n")
