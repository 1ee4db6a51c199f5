// Command pulumi-resource-random is the bridged provider plugin (DataHub toolchain).
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	"datahub.local/pulumi-bridged/randominfo"
)

var version = "0.0.0" // set with -ldflags -X main.version=

// Both files are written by pulumi-tfgen-random at build time (scripts/toolchain/build-bridged.sh).
//
//go:embed schema.json
var schema []byte

//go:embed bridge-metadata.json
var metadata []byte

func main() { tfbridge.Main("random", version, randominfo.Provider(version, metadata), schema) }
