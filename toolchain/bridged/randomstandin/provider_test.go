package randomstandin

import (
	"crypto/rand"
	"strings"
	"testing"
)

func count(s, chars string) int {
	n := 0
	for _, c := range s {
		if strings.ContainsRune(chars, c) {
			n++
		}
	}
	return n
}

func TestLengthAndClasses(t *testing.T) {
	for i := 0; i < 200; i++ {
		p, err := Generate(Spec{Length: 20, Lower: true, Numeric: true}, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != 20 {
			t.Fatalf("length %d, want 20", len(p))
		}
		if count(p, "abcdefghijklmnopqrstuvwxyz0123456789") != 20 {
			t.Fatalf("%q has characters outside lower+numeric", p)
		}
	}
}

func TestMinimumsAreMet(t *testing.T) {
	spec := Spec{Length: 8, Upper: true, Lower: true, Numeric: true, Special: true, MinUpper: 2, MinNumeric: 3, MinSpecial: 1, OverrideSpecial: "#"}
	for i := 0; i < 200; i++ {
		p, err := Generate(spec, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if count(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") < 2 || count(p, "0123456789") < 3 || count(p, "#") < 1 {
			t.Fatalf("%q misses a minimum", p)
		}
		if count(p, "!@$%&*") != 0 {
			t.Fatalf("%q uses a special character outside overrideSpecial", p)
		}
	}
}

func TestDrawsDiffer(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		p, _ := Generate(Spec{Length: 40, Upper: true, Lower: true, Numeric: true}, rand.Reader)
		if seen[p] {
			t.Fatalf("the same 40-character password twice: %q", p)
		}
		seen[p] = true
	}
}

func TestBadSpecsAreRefused(t *testing.T) {
	for name, spec := range map[string]Spec{
		"zero length":        {Length: 0, Lower: true},
		"no class":           {Length: 10},
		"minimums too large": {Length: 3, Upper: true, Lower: true, MinUpper: 2, MinLower: 2},
		"min of a class off": {Length: 10, Lower: true, MinUpper: 1},
	} {
		if _, err := Generate(spec, rand.Reader); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSchemaMarksSecretsAndReplacements(t *testing.T) {
	s := passwordResource().Schema
	if !s["result"].Sensitive || !s["bcrypt_hash"].Sensitive {
		t.Error("result and bcrypt_hash must be sensitive (Pulumi secrets)")
	}
	for name, field := range s {
		if !field.Computed && !field.ForceNew {
			t.Errorf("%s: every input must force a new password", name)
		}
	}
	if err := Provider().InternalValidate(); err != nil {
		t.Fatal(err)
	}
}
