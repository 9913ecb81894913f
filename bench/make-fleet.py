#!/usr/bin/env python3
"""Writes a NodeFleet of N store gateways over blueprints/fleets/store.yaml (make bench).

Every node sets what differs between real devices: name, hostname, node IP, its static address and
gateway; every tenth node also blocks a NodePort on its guest Wi-Fi.
usage: make-fleet.py N BASE > fleet.yaml
"""
import sys

count, base = int(sys.argv[1]), sys.argv[2]
out = sys.stdout
out.write("apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata:\n  name: bench\n")
out.write(f"base: {base}\nnodes:\n")
for i in range(count):
    a, b = 100 + i // 250, 1 + i % 250
    out.write(f"  - name: store-{i:05d}\n")
    out.write(f"    node: {{hostname: store-{i:05d}-gw, nodeIP: 10.{a}.{b}.14}}\n")
    out.write("    network:\n      gateway:\n")
    out.write(f"        ipv4: {{address: 10.{a}.{b}.14/24, gateway: 10.{a}.{b}.1, dns: [10.{a}.{b}.1]}}\n")
    if i % 10 == 0:
        out.write("    firewall:\n      blockNodePorts:\n        - {port: 30700, interface: wlan0}\n")
