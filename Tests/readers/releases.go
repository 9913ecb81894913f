package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	jsonpatch "github.com/evanphx/json-patch"
	"github.com/ghodss/yaml"
)

// Our statement of how MicroShift 4.14 to 5.0 read config.yaml, config.d and ovn.yaml, written from reading each
// release branch's pkg/config (config.go, files.go, network.go, node.go) and pkg/config/ovn/ovn.go:
//   - 4.14-4.17 decode config.yaml alone with sigs.k8s.io/yaml (YAML to JSON, then encoding/json), not strictly;
//   - from 4.18 config.yaml and then every `*.yaml` under config.d (filepath.WalkDir: lexical, subfolders
//     included, `.yml` not), blank files skipped, each converted to JSON and merged over the previous result as
//     an RFC 7386 merge patch, and the result decoded with encoding/json;
//   - the decoded values replace the defaults field by field when set (a list when not empty);
//   - clusterNetwork is a list of strings (a mapping is a decode error that stops MicroShift);
//   - ovn.yaml is read for `mtu` alone.
// release-5.0 is release-4.23: its minor number here is 23.

// laterNetwork and laterNode are the network and node sections as these releases type the keys we write.
type laterNetwork struct {
	ClusterNetwork       []string `json:"clusterNetwork"`
	ServiceNetwork       []string `json:"serviceNetwork"`
	ServiceNodePortRange string   `json:"serviceNodePortRange"`
}

type laterNode struct {
	HostnameOverride string `json:"hostnameOverride"`
	NodeIP           string `json:"nodeIP"`
}

type laterConfig struct {
	DNS       dnsConfig    `json:"dns"`
	Network   laterNetwork `json:"network"`
	Node      laterNode    `json:"node"`
	ApiServer apiServer    `json:"apiServer"`
}

// userConfigs returns config.yaml and, from 4.18, the config.d drop-ins, in the order the release merges them.
func userConfigs(root string, m int) ([]string, error) {
	var paths []string
	main := filepath.Join(root, "etc/microshift/config.yaml")
	if _, err := os.Stat(main); err == nil {
		paths = append(paths, main)
	}
	dropIns := filepath.Join(root, "etc/microshift/config.d")
	if _, err := os.Stat(dropIns); m < 18 || err != nil {
		return paths, nil
	}
	err := filepath.WalkDir(dropIns, func(path string, entry fs.DirEntry, err error) error {
		if err == nil && !entry.IsDir() && filepath.Ext(entry.Name()) == ".yaml" {
			paths = append(paths, path)
		}
		return err
	})
	return paths, err
}

// readLaterMicroShift reads ROOT's files as MicroShift VERSION (4.14 or later) does.
func readLaterMicroShift(version, root string) (interface{}, error) {
	m, err := minor(version)
	if err != nil || m < 14 || m > 23 {
		return nil, fmt.Errorf("no reader for MicroShift %s", version)
	}
	paths, err := userConfigs(root, m)
	if err != nil {
		return nil, err
	}
	var merged []byte
	for _, path := range paths {
		contents, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if m >= 18 && strings.TrimSpace(string(contents)) == "" {
			continue
		}
		document, err := yaml.YAMLToJSON(contents)
		if err != nil {
			return nil, fmt.Errorf("failed to convert config yaml %s to json: %v", path, err)
		}
		if merged == nil {
			merged = document
		} else if merged, err = jsonpatch.MergePatch(merged, document); err != nil {
			return nil, fmt.Errorf("failed to merge drop-in %s: %v", path, err)
		}
	}
	view := microshiftView{ClusterCIDR: "10.42.0.0/16", ServiceCIDR: "10.43.0.0/16", ServiceNodePortRange: "30000-32767",
		UnknownKeys: []string{}, ConfigFiles: []string{}}
	for _, path := range paths {
		relative, _ := filepath.Rel(root, path)
		view.ConfigFiles = append(view.ConfigFiles, "/"+relative)
	}
	if len(merged) != 0 {
		var c laterConfig
		if err := json.Unmarshal(merged, &c); err != nil {
			return nil, fmt.Errorf("failed to unmarshal user cfg json to config: %v", err)
		}
		if len(c.Network.ClusterNetwork) != 0 {
			view.ClusterCIDR = c.Network.ClusterNetwork[0]
		}
		if len(c.Network.ServiceNetwork) != 0 {
			view.ServiceCIDR = c.Network.ServiceNetwork[0]
		}
		if c.Network.ServiceNodePortRange != "" {
			view.ServiceNodePortRange = c.Network.ServiceNodePortRange
		}
		view.HostnameOverride, view.NodeIP, view.BaseDomain = c.Node.HostnameOverride, c.Node.NodeIP, c.DNS.BaseDomain
		view.UnknownKeys = append(view.UnknownKeys, unknownKeys(merged, m)...)
	}
	if err := deriveAddresses(&view); err != nil {
		return nil, err
	}
	ovnPath := filepath.Join(root, "etc/microshift/ovn.yaml")
	if contents, err := os.ReadFile(ovnPath); err == nil {
		var o struct {
			MTU int `json:"mtu,omitempty"`
		}
		if err := yaml.Unmarshal(contents, &o); err != nil {
			return nil, fmt.Errorf("parsing OVNKubernetes config: %v", err)
		}
		view.MTU = o.MTU
		if err := yaml.Unmarshal(contents, &o, yaml.DisallowUnknownFields); err != nil {
			view.UnknownKeys = append(view.UnknownKeys, "ovn.yaml: "+err.Error())
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	return view, nil
}
