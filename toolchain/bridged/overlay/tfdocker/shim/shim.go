// Package shim is copied into the Terraform docker provider module, so it may reach its
// internal/provider package, as pulumi-docker's own upstream shim does.
package shim

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

// StandinImageResource is the Terraform type of the DataHub stand-in for docker:index/image:Image.
const StandinImageResource = "docker_datahub_standin_image"

// NewProvider returns the SDKv2 half of the (muxed) Terraform docker provider, plus the stand-in
// for the official provider's native Image resource.
func NewProvider(version string) *schema.Provider {
	p := provider.New(version)()
	p.ResourcesMap[StandinImageResource] = provider.DatahubStandinImage()
	return p
}
