// Package randomstandin is the DATAHUB STAND-IN for @pulumi/random's RandomPassword
// (random:index/randomPassword:RandomPassword): pulumi-random's provider module is not served where
// this toolchain is built, so this Terraform-SDK provider, bridged like the real one, implements the
// schema and semantics DataHub relies on: length and the character-class options with their
// minimums, keepers forcing a replacement, and result (and bcryptHash) as secrets.
package randomstandin

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math/big"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/validation"
	"golang.org/x/crypto/bcrypt"
)

// Provider is the stand-in's Terraform provider: one resource, random_password.
func Provider() *schema.Provider {
	return &schema.Provider{ResourcesMap: map[string]*schema.Resource{"random_password": passwordResource()}}
}

const defaultSpecial = "!@#$%&*()-_=+[]{}<>:?"

// Spec is what a password is generated from.
type Spec struct {
	Length                                     int
	Upper, Lower, Numeric, Special             bool
	MinUpper, MinLower, MinNumeric, MinSpecial int
	OverrideSpecial                            string
}

// Generate draws a password from crypto-quality randomness: the minimum of each enabled class
// first, the rest from every enabled class, then a shuffle.
func Generate(spec Spec, r io.Reader) (string, error) {
	special := defaultSpecial
	if spec.OverrideSpecial != "" {
		special = spec.OverrideSpecial
	}
	type class struct {
		on    bool
		min   int
		chars string
		name  string
	}
	classes := []class{
		{spec.Upper, spec.MinUpper, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "upper"},
		{spec.Lower, spec.MinLower, "abcdefghijklmnopqrstuvwxyz", "lower"},
		{spec.Numeric, spec.MinNumeric, "0123456789", "numeric"},
		{spec.Special, spec.MinSpecial, special, "special"},
	}
	if spec.Length < 1 {
		return "", fmt.Errorf("length must be at least 1, got %d", spec.Length)
	}
	all, mins := "", 0
	for _, c := range classes {
		if c.min < 0 {
			return "", fmt.Errorf("min%s must not be negative", c.name)
		}
		if c.on {
			all += c.chars
			mins += c.min
		} else if c.min > 0 {
			return "", fmt.Errorf("min%s is %d but %s is false", c.name, c.min, c.name)
		}
	}
	if all == "" {
		return "", fmt.Errorf("every character class is turned off: enable at least one of upper, lower, numeric, special")
	}
	if mins > spec.Length {
		return "", fmt.Errorf("the minimums add up to %d, more than length %d", mins, spec.Length)
	}
	pick := func(chars string) (byte, error) {
		n, err := rand.Int(r, big.NewInt(int64(len(chars))))
		if err != nil {
			return 0, err
		}
		return chars[n.Int64()], nil
	}
	out := make([]byte, 0, spec.Length)
	for _, c := range classes {
		for i := 0; c.on && i < c.min; i++ {
			b, err := pick(c.chars)
			if err != nil {
				return "", err
			}
			out = append(out, b)
		}
	}
	for len(out) < spec.Length {
		b, err := pick(all)
		if err != nil {
			return "", err
		}
		out = append(out, b)
	}
	for i := len(out) - 1; i > 0; i-- {
		j, err := rand.Int(r, big.NewInt(int64(i+1)))
		if err != nil {
			return "", err
		}
		out[i], out[j.Int64()] = out[j.Int64()], out[i]
	}
	return string(out), nil
}

func passwordResource() *schema.Resource {
	flag := func(desc string) *schema.Schema {
		return &schema.Schema{Type: schema.TypeBool, Optional: true, Default: true, ForceNew: true, Description: desc}
	}
	minimum := func(desc string) *schema.Schema {
		return &schema.Schema{Type: schema.TypeInt, Optional: true, Default: 0, ForceNew: true,
			ValidateFunc: validation.IntAtLeast(0), Description: desc}
	}
	return &schema.Resource{
		Description:   "DataHub stand-in for @pulumi/random's RandomPassword: a generated password kept as a secret.",
		CreateContext: createPassword,
		ReadContext:   func(context.Context, *schema.ResourceData, interface{}) diag.Diagnostics { return nil },
		DeleteContext: func(_ context.Context, d *schema.ResourceData, _ interface{}) diag.Diagnostics {
			d.SetId("")
			return nil
		},
		Schema: map[string]*schema.Schema{
			"keepers": {Type: schema.TypeMap, Optional: true, ForceNew: true, Elem: &schema.Schema{Type: schema.TypeString},
				Description: "Arbitrary values that, when changed, force a new password."},
			"length": {Type: schema.TypeInt, Required: true, ForceNew: true, ValidateFunc: validation.IntAtLeast(1),
				Description: "The length of the password."},
			"upper":            flag("Include upper-case letters."),
			"lower":            flag("Include lower-case letters."),
			"numeric":          flag("Include digits."),
			"number":           flag("Include digits (deprecated: use numeric)."),
			"special":          flag("Include special characters."),
			"min_upper":        minimum("Minimum number of upper-case letters."),
			"min_lower":        minimum("Minimum number of lower-case letters."),
			"min_numeric":      minimum("Minimum number of digits."),
			"min_special":      minimum("Minimum number of special characters."),
			"override_special": {Type: schema.TypeString, Optional: true, ForceNew: true, Description: "The special characters to use."},
			"result":           {Type: schema.TypeString, Computed: true, Sensitive: true, Description: "The generated password."},
			"bcrypt_hash":      {Type: schema.TypeString, Computed: true, Sensitive: true, Description: "A bcrypt hash of result."},
		},
	}
}

func createPassword(_ context.Context, d *schema.ResourceData, _ interface{}) diag.Diagnostics {
	spec := Spec{
		Length:          d.Get("length").(int),
		Upper:           d.Get("upper").(bool),
		Lower:           d.Get("lower").(bool),
		Numeric:         d.Get("numeric").(bool) && d.Get("number").(bool),
		Special:         d.Get("special").(bool),
		MinUpper:        d.Get("min_upper").(int),
		MinLower:        d.Get("min_lower").(int),
		MinNumeric:      d.Get("min_numeric").(int),
		MinSpecial:      d.Get("min_special").(int),
		OverrideSpecial: d.Get("override_special").(string),
	}
	result, err := Generate(spec, rand.Reader)
	if err != nil {
		return diag.Errorf("RandomPassword: %s", err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(result), bcrypt.DefaultCost)
	if err != nil && len(result) <= 72 {
		return diag.Errorf("RandomPassword: bcrypt: %s", err)
	}
	d.SetId("none")
	if err := d.Set("result", result); err != nil {
		return diag.FromErr(err)
	}
	if err := d.Set("bcrypt_hash", string(hash)); err != nil {
		return diag.FromErr(err)
	}
	return nil
}
