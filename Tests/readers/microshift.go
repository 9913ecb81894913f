package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/apparentlymart/go-cidr/cidr"
	"github.com/ghodss/yaml"
)

// The types of MicroShift 4.13's pkg/config (config.go) and pkg/config/ovn (ovn.go), field for field with
// the same JSON tags: these decide what a value must look like.
type config struct {
	DNS       dnsConfig `json:"dns"`
	Network   network   `json:"network"`
	Node      node      `json:"node"`
	ApiServer apiServer `json:"apiServer"`
	Debugging debugging `json:"debugging"`
	Etcd      etcd      `json:"etcd"`
}

type etcd struct {
	MemoryLimitMB uint64 `json:"memoryLimitMB"`
}

type network struct {
	ClusterNetwork       []clusterNetworkEntry `json:"clusterNetwork,omitempty"`
	ServiceNetwork       []string              `json:"serviceNetwork,omitempty"`
	ServiceNodePortRange string                `json:"serviceNodePortRange,omitempty"`
}

type clusterNetworkEntry struct {
	CIDR string `json:"cidr,omitempty"`
}

type dnsConfig struct {
	BaseDomain string `json:"baseDomain"`
}

type apiServer struct {
	SubjectAltNames  []string `json:"subjectAltNames"`
	AdvertiseAddress string   `json:"advertiseAddress,omitempty"`
}

type node struct {
	HostnameOverride string `json:"hostnameOverride"`
	NodeIP           string `json:"nodeIP"`
}

type debugging struct {
	LogLevel string `json:"logLevel"`
}

type ovnKubernetesConfig struct {
	OVSInit ovsInitConfig `json:"ovsInit,omitempty"`
	MTU     int           `json:"mtu,omitempty"`
}

type ovsInitConfig struct {
	DisableOVSInit   bool   `json:"disableOVSInit,omitempty"`
	GatewayInterface string `json:"gatewayInterface,omitempty"`
}

// What MicroShift ends up running with.
type microshiftView struct {
	ClusterCIDR          string   `json:"clusterCIDR"`
	ServiceCIDR          string   `json:"serviceCIDR"`
	ServiceNodePortRange string   `json:"serviceNodePortRange"`
	HostnameOverride     string   `json:"hostnameOverride"`
	NodeIP               string   `json:"nodeIP"`
	APIServiceAddress    string   `json:"apiServiceAddress"`
	ClusterDNS           string   `json:"clusterDNS"`
	DisableOVSInit       bool     `json:"disableOVSInit"`
	GatewayInterface     string   `json:"gatewayInterface"`
	MTU                  int      `json:"mtu"`
	BaseDomain           string   `json:"baseDomain"`
	ConfigFiles          []string `json:"configFiles"`
	UnknownKeys          []string `json:"unknownKeys"`
}

// readMicroShift follows ReadFromConfigFile and ReadAndValidate (config.go) and newOVNKubernetesConfigFromFile
// (ovn.go): yaml.Unmarshal, defaults, the first list entry, the derived API address and cluster DNS.
func readMicroShift(root string) (interface{}, error) {
	view := microshiftView{ClusterCIDR: "10.42.0.0/16", ServiceCIDR: "10.43.0.0/16", ServiceNodePortRange: "30000-32767",
		UnknownKeys: []string{}, ConfigFiles: []string{}}
	configPath := filepath.Join(root, "etc/microshift/config.yaml")
	if contents, err := os.ReadFile(configPath); err == nil {
		view.ConfigFiles = append(view.ConfigFiles, "/etc/microshift/config.yaml")
		var c config
		if err := yaml.Unmarshal(contents, &c); err != nil {
			return nil, fmt.Errorf("decoding config file %s: %v", configPath, err)
		}
		view.BaseDomain = c.DNS.BaseDomain
		if len(c.Network.ClusterNetwork) != 0 {
			view.ClusterCIDR = c.Network.ClusterNetwork[0].CIDR
		}
		if len(c.Network.ServiceNetwork) != 0 {
			view.ServiceCIDR = c.Network.ServiceNetwork[0]
		}
		if c.Network.ServiceNodePortRange != "" {
			view.ServiceNodePortRange = c.Network.ServiceNodePortRange
		}
		view.HostnameOverride, view.NodeIP = c.Node.HostnameOverride, c.Node.NodeIP
		// MicroShift ignores keys it has no field for; nodeprofile must not write any.
		if err := yaml.Unmarshal(contents, &c, yaml.DisallowUnknownFields); err != nil {
			view.UnknownKeys = append(view.UnknownKeys, "config.yaml: "+err.Error())
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	if err := deriveAddresses(&view); err != nil {
		return nil, err
	}

	ovnPath := filepath.Join(root, "etc/microshift/ovn.yaml")
	if contents, err := os.ReadFile(ovnPath); err == nil {
		o := new(ovnKubernetesConfig)
		if err := yaml.Unmarshal(contents, &o); err != nil {
			return nil, fmt.Errorf("parsing OVNKubernetes config: %v", err)
		}
		view.DisableOVSInit, view.GatewayInterface, view.MTU = o.OVSInit.DisableOVSInit, o.OVSInit.GatewayInterface, o.MTU
		if err := yaml.Unmarshal(contents, &o, yaml.DisallowUnknownFields); err != nil {
			view.UnknownKeys = append(view.UnknownKeys, "ovn.yaml: "+err.Error())
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	return view, nil
}

// deriveAddresses computes what every release derives from serviceNetwork (the same code from 4.13 to 5.0):
// cluster DNS is its 10th address, the API service address the first of the /32 after it.
func deriveAddresses(view *microshiftView) error {
	_, service, err := net.ParseCIDR(view.ServiceCIDR)
	if err != nil {
		return fmt.Errorf("invalid service cidr %v: %v", view.ServiceCIDR, err)
	}
	dns, err := cidr.Host(service, 10)
	if err != nil {
		return fmt.Errorf("service cidr must have at least 10 distinct host addresses %v: %v", view.ServiceCIDR, err)
	}
	view.ClusterDNS = dns.String()
	next, exceed := cidr.NextSubnet(service, 32)
	if exceed {
		return fmt.Errorf("unable to compute next subnet from service CIDR")
	}
	first, _ := cidr.AddressRange(next)
	view.APIServiceAddress = first.String()
	if _, _, err := net.ParseCIDR(view.ClusterCIDR); err != nil {
		return fmt.Errorf("invalid cluster cidr %v: %v", view.ClusterCIDR, err)
	}
	return nil
}
