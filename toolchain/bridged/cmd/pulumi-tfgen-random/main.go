// Command pulumi-tfgen-random writes the bridged provider's schema.json and bridge-metadata.json.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"

	"datahub.local/pulumi-bridged/randominfo"
)

var version = "0.0.0" // set with -ldflags -X main.version=

func main() { tfgen.Main("random", version, randominfo.Provider(version, nil)) }
