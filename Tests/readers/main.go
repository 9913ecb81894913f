// Command readers reads nodeprofile's generated files the way their consumers on a MicroShift 4.13 device do,
// with the same Go libraries at the same versions (Debian's golang-github-ghodss-yaml-dev, which
// sigs.k8s.io/yaml v1.3.0 forked with the same YAML-to-JSON conversion; gopkg.in/yaml.v2 2.4.0;
// apparentlymart/go-cidr 1.1.0; BurntSushi/toml 1.2), and prints what they end up with as JSON.
//
//	readers microshift ROOT   config.yaml and ovn.yaml under ROOT/etc/microshift, as MicroShift 4.13 reads them
//	readers microshift-release VERSION ROOT
//	                          the same files (and config.d from 4.18) as MicroShift VERSION reads them (releases.go;
//	                          4.14 on also with Debian's golang-github-evanphx-json-patch-dev, the merge patch 4.18 uses)
//	readers crio DIR          every file of a crio.conf.d directory, decoded in name order as CRI-O 1.26 does
//	readers manifests FILE... Kubernetes manifests decoded into the API's types (Namespace, Service, Kustomization)
//
// Exit status 1 with the reader's own error on stderr when the consumer would refuse the file.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: readers microshift ROOT | readers crio DIR | readers manifests FILE...")
		os.Exit(64)
	}
	var out interface{}
	var err error
	switch os.Args[1] {
	case "microshift":
		out, err = readMicroShift(os.Args[2])
	case "microshift-release":
		if len(os.Args) != 4 {
			err = fmt.Errorf("usage: readers microshift-release VERSION ROOT")
		} else if os.Args[2] == "4.13" {
			out, err = readMicroShift(os.Args[3])
		} else {
			out, err = readLaterMicroShift(os.Args[2], os.Args[3])
		}
	case "crio":
		out, err = readCRIO(os.Args[2])
	case "manifests":
		out, err = readManifests(os.Args[2:])
	default:
		err = fmt.Errorf("unknown reader %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
