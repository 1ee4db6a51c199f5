//go:build tools

// Package tools pins the Node.js language host this wrapper module builds: the newest one served
// as a package of sdk/v3 (v3.68.0; later ones live in a module the proxy does not serve).
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
