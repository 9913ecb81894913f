package main

// The keys each MicroShift release from 4.14 has a field for, written from each branch's pkg/config types
// (Config, Network, Node): a key outside them is one the release ignores without a word.

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// minor is the release's minor number in the 4.x line ("5.0" is 23).
func minor(version string) (int, error) {
	if version == "5.0" {
		return 23, nil
	}
	if !strings.HasPrefix(version, "4.") {
		return 0, fmt.Errorf("unknown release %q", version)
	}
	return strconv.Atoi(strings.TrimPrefix(version, "4."))
}

// knownKeys are the keys each release has a field for, by section ("" is the top level).
func knownKeys(m int) map[string][]string {
	top := []string{"dns", "network", "node", "apiServer", "etcd", "debugging", "manifests"}
	network := []string{"clusterNetwork", "serviceNetwork", "serviceNodePortRange"}
	node := []string{"hostnameOverride", "nodeIP"}
	if m >= 16 {
		top = append(top, "ingress")
	}
	if m >= 17 {
		top = append(top, "storage", "kubelet")
		node = append(node, "nodeIPv6")
	}
	if m >= 18 {
		network = append(network, "cniPlugin")
	}
	if m >= 19 {
		top = append(top, "telemetry")
		network = append(network, "multus")
	}
	if m >= 20 {
		top = append(top, "genericDevicePlugin")
	}
	if m >= 22 {
		top = append(top, "clusterToCluster")
	}
	return map[string][]string{"": top, "network": network, "node": node}
}

// unknownKeys lists the keys of the merged JSON the release has no field for (it ignores them silently).
func unknownKeys(merged []byte, m int) []string {
	var doc map[string]json.RawMessage
	if json.Unmarshal(merged, &doc) != nil {
		return nil
	}
	known := knownKeys(m)
	var unknown []string
	check := func(section string, keys map[string]json.RawMessage) {
		for key := range keys {
			found := false
			for _, k := range known[section] {
				found = found || k == key
			}
			if !found {
				unknown = append(unknown, strings.TrimPrefix(section+"."+key, "."))
			}
		}
	}
	check("", doc)
	for _, section := range []string{"network", "node"} {
		var keys map[string]json.RawMessage
		if raw, ok := doc[section]; ok && json.Unmarshal(raw, &keys) == nil {
			check(section, keys)
		}
	}
	sort.Strings(unknown)
	return unknown
}
