package schema

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
)

// GenerateResourceConfig joined tfprotov5.ProviderServer in terraform-plugin-go v0.31, which the
// Terraform docker provider needs; Pulumi's fork of the SDK (2025-09) predates it. The bridge
// never calls it.
func (s *GRPCProviderServer) GenerateResourceConfig(ctx context.Context, req *tfprotov5.GenerateResourceConfigRequest) (*tfprotov5.GenerateResourceConfigResponse, error) {
	return &tfprotov5.GenerateResourceConfigResponse{Diagnostics: []*tfprotov5.Diagnostic{{
		Severity: tfprotov5.DiagnosticSeverityError, Summary: "GenerateResourceConfig is not supported"}}}, nil
}
