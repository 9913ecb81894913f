package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/ghodss/yaml"
)

// The fields of core/v1 Namespace and Service, and of a Kustomization, that nodeprofile writes, with the API's
// types: a wrong type here is a manifest the API server (or kustomize, reading it first) refuses.
type object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string            `json:"name"`
		Namespace string            `json:"namespace,omitempty"`
		Labels    map[string]string `json:"labels,omitempty"`
	} `json:"metadata"`
	Spec *struct {
		Type     string            `json:"type"`
		Selector map[string]string `json:"selector"`
		Ports    []struct {
			Name       string      `json:"name"`
			Protocol   string      `json:"protocol"`
			Port       int32       `json:"port"`
			TargetPort intOrString `json:"targetPort"`
		} `json:"ports"`
	} `json:"spec,omitempty"`
	Resources []string `json:"resources,omitempty"`
}

// intOrString is apimachinery's IntOrString: a JSON number is a port number, a string a port name.
type intOrString struct {
	Int    *int32  `json:"int,omitempty"`
	String *string `json:"string,omitempty"`
}

func (v *intOrString) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '"' {
		return json.Unmarshal(data, &v.String)
	}
	return json.Unmarshal(data, &v.Int)
}

// readManifests decodes every YAML document of each file (split on "---" lines, as kustomize's reader does) the
// way Kubernetes clients do: sigs.k8s.io/yaml into the API types.
func readManifests(paths []string) (interface{}, error) {
	var objects []object
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		for _, document := range strings.Split("\n"+string(data), "\n---\n") {
			var probe map[string]interface{}
			if err := yaml.Unmarshal([]byte(document), &probe); err != nil {
				return nil, fmt.Errorf("%s: %v", path, err)
			}
			if len(probe) == 0 {
				continue
			}
			var o object
			if err := yaml.Unmarshal([]byte(document), &o, yaml.DisallowUnknownFields); err != nil {
				return nil, fmt.Errorf("%s: %v", path, err)
			}
			objects = append(objects, o)
		}
	}
	return objects, nil
}
