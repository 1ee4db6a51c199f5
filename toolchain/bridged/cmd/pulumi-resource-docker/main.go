// Command pulumi-resource-docker is the bridged provider plugin (DataHub toolchain).
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	"datahub.local/pulumi-bridged/dockerinfo"
)

var version = "0.0.0" // set with -ldflags -X main.version=

// Both files are written by pulumi-tfgen-docker at build time (scripts/toolchain/build-bridged.sh).
//
//go:embed schema.json
var schema []byte

//go:embed bridge-metadata.json
var metadata []byte

func main() { tfbridge.Main("docker", version, dockerinfo.Provider(version, metadata), schema) }
