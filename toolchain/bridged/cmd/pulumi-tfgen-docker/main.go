// Command pulumi-tfgen-docker writes the bridged provider's schema.json and bridge-metadata.json.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"

	"datahub.local/pulumi-bridged/dockerinfo"
)

var version = "0.0.0" // set with -ldflags -X main.version=

func main() { tfgen.Main("docker", version, dockerinfo.Provider(version, nil)) }
