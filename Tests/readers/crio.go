package main

import (
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
)

// The parts of CRI-O 1.26's tomlConfig (pkg/config) that MicroShift's and nodeprofile's drop-ins set, with its
// types and tags; Resources has JSON tags only in CRI-O, so BurntSushi matches its keys by name, as here.
type crioFile struct {
	Crio struct {
		Runtime struct {
			Workloads map[string]*workloadConfig `toml:"workloads"`
		} `toml:"runtime"`
		Network struct {
			CNIDefaultNetwork string `toml:"cni_default_network"`
		} `toml:"network"`
	} `toml:"crio"`
}

type workloadConfig struct {
	ActivationAnnotation string     `toml:"activation_annotation"`
	AnnotationPrefix     string     `toml:"annotation_prefix"`
	AllowedAnnotations   []string   `toml:"allowed_annotations,omitempty"`
	Resources            *resources `toml:"resources"`
}

type resources struct {
	CPUShares uint64 `json:"cpushares,omitempty"`
	CPUSet    string `json:"cpuset,omitempty"`
}

// readCRIO follows UpdateFromPath and UpdateFromDropInFile: filepath.Walk visits the files in name order, and
// each is toml.Decode'd into the configuration the earlier ones left.
func readCRIO(dir string) (interface{}, error) {
	var config crioFile
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		_, err = toml.Decode(string(data), &config)
		return err
	})
	return config.Crio, err
}
