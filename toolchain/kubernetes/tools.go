//go:build tools

// Package tools pins pulumi-resource-kubernetes, built from a copy of its module (see build script).
package tools

import _ "github.com/pulumi/pulumi-kubernetes/provider/v4/cmd/pulumi-resource-kubernetes"
