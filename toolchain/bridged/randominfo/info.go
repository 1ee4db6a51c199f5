// Package randominfo bridges the DataHub stand-in random provider under @pulumi/random's tokens.
package randominfo

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"

	"datahub.local/pulumi-bridged/randomstandin"
)

// Provider is the bridged stand-in's description; metadata is the tfgen output (nil for tfgen).
func Provider(version string, metadata []byte) tfbridge.ProviderInfo {
	prov := tfbridge.ProviderInfo{
		P:           shimv2.NewProvider(randomstandin.Provider()),
		Name:        "random",
		Version:     version,
		DisplayName: "random (DataHub stand-in: RandomPassword only)",
		Publisher:   "DataHub",
		GitHubOrg:   "hashicorp",
		Resources: map[string]*tfbridge.ResourceInfo{
			"random_password": {Tok: "random:index/randomPassword:RandomPassword"},
		},
	}
	if metadata == nil {
		metadata = []byte("{}")
	}
	prov.MetadataInfo = tfbridge.NewProviderMetadata(metadata)
	return prov
}
