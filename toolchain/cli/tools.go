//go:build tools

// Package tools pins the Pulumi CLI (pkg/v3/cmd/pulumi) this wrapper module builds.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
