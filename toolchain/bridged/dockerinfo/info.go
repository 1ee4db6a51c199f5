// Package dockerinfo maps the Terraform docker provider onto the tokens and names of the
// @pulumi/docker npm SDK, as pulumi-docker's own provider does, plus the DataHub stand-in for Image.
package dockerinfo

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/terraform-providers/terraform-provider-docker/shim"
)

// Provider is the bridged provider's description; metadata is the tfgen output (nil for tfgen).
func Provider(version string, metadata []byte) tfbridge.ProviderInfo {
	prov := tfbridge.ProviderInfo{
		P:           shimv2.NewProvider(shim.NewProvider(version)),
		Name:        "docker",
		Version:     version,
		DisplayName: "Docker (DataHub toolchain: Terraform docker provider bridged, with a stand-in Image)",
		Publisher:   "DataHub",
		GitHubOrg:   "kreuzwerker",
		Resources: map[string]*tfbridge.ResourceInfo{
			// names that differ from the automatic mapping in @pulumi/docker
			"docker_image":  {Tok: "docker:index/remoteImage:RemoteImage"},
			"docker_config": {Tok: "docker:index/serviceConfig:ServiceConfig"},
			// @pulumi/docker keeps these two list names singular
			"docker_container": {Tok: "docker:index/container:Container", Fields: map[string]*tfbridge.SchemaInfo{
				"command":           {Name: "command"},
				"networks_advanced": {Name: "networksAdvanced"},
			}},
			// DataHub stand-in for the official provider's native Image resource.
			shim.StandinImageResource: {Tok: "docker:index/image:Image"},
		},
		DataSources: map[string]*tfbridge.DataSourceInfo{
			"docker_image": {Tok: "docker:index/getRemoteImage:getRemoteImage"},
		},
	}
	if metadata == nil {
		metadata = []byte("{}")
	}
	prov.MetadataInfo = tfbridge.NewProviderMetadata(metadata)
	prov.MustComputeTokens(tokens.SingleModule("docker_", "index", tokens.MakeStandard("docker")))
	prov.SetAutonaming(255, "-")
	return prov
}
