package llm_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/llm"
)

func TestShippedPrices(t *testing.T) {
	p := llm.ShippedPrices()
	if p.TakenOn == "" || !strings.Contains(p.Note, "Approximate") {
		t.Errorf("the table must say when its prices were taken and that they are approximate: %q %q", p.TakenOn, p.Note)
	}
	for _, m := range []string{"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o4-mini",
		"claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.0-flash"} {
		if _, ok := p.Lookup(m); !ok {
			t.Errorf("no price for %s", m)
		}
	}
	// Every default model has a price.
	for provider, m := range llm.DefaultModels {
		if _, ok := p.Lookup(m); !ok {
			t.Errorf("no price for %s's default model %s", provider, m)
		}
	}
}

func TestCost(t *testing.T) {
	p := llm.ShippedPrices()
	// gpt-4o-mini: $0.15 and $0.60 per million. 1000 in + 500 out =
	// $0.00015 + $0.0003 = $0.00045, × 5.40 = R$ 0.00243.
	if c, ok := p.Cost("gpt-4o-mini", llm.Usage{InputTokens: 1000, OutputTokens: 500}, 5.40); !ok || c != 2430 {
		t.Errorf("Cost = %d, %v; want 2430 µR$", c, ok)
	}
	// Large counts do not overflow: 1e9 output tokens of a $30/M model at 6.0
	// = $30,000 = R$ 180,000.
	if c, ok := p.Cost("gpt-5.5", llm.Usage{OutputTokens: 1_000_000_000}, 6.0); !ok || c != 180_000_000_000 {
		t.Errorf("Cost = %d, %v", c, ok)
	}
	if c, ok := p.Cost("no-such-model", llm.Usage{InputTokens: 1000}, 5.4); ok || c != 0 {
		t.Errorf("unknown model: %d, %v", c, ok)
	}
	if _, ok := p.Cost("gpt-4o", llm.Usage{InputTokens: 1}, 0); ok {
		t.Errorf("a zero rate is not a rate")
	}

	// One rounding per call, half up, on the exact value.
	half, err := llm.ParsePrices([]byte(`{"models":{"x":{"input":0.5,"output":0.000001}}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		u    llm.Usage
		rate float64
		want int64
	}{
		{llm.Usage{InputTokens: 1}, 1, 1},                  // 0.5 µR$ → 1
		{llm.Usage{InputTokens: 1}, 0.999999, 0},           // 0.4999995 → 0
		{llm.Usage{InputTokens: 3}, 1, 2},                  // 1.5 → 2
		{llm.Usage{OutputTokens: 1_000_000}, 1, 1},         // 1 µR$ exactly
		{llm.Usage{InputTokens: 1, OutputTokens: 1}, 1, 1}, // 0.5 + 0.000001: summed, then rounded
	} {
		if got, _ := half.Cost("x", tc.u, tc.rate); got != tc.want {
			t.Errorf("Cost(%+v, %v) = %d, want %d", tc.u, tc.rate, got, tc.want)
		}
	}
	// Integers sum without drift: a thousand calls cost a thousand times one.
	var sum int64
	one, _ := p.Cost("claude-haiku-4-5", llm.Usage{InputTokens: 1234, OutputTokens: 321}, 5.4321)
	for range 1000 {
		c, _ := p.Cost("claude-haiku-4-5", llm.Usage{InputTokens: 1234, OutputTokens: 321}, 5.4321)
		sum += c
	}
	if sum != 1000*one {
		t.Errorf("sum %d != 1000 × %d", sum, one)
	}
}

func TestLookup(t *testing.T) {
	p := llm.ShippedPrices()
	for model, want := range map[string]string{
		"gpt-4o-2024-08-06":          "gpt-4o",
		"GPT-4o-mini-2024-07-18":     "gpt-4o-mini",
		"gpt-4.1-nano-2025-04-14":    "gpt-4.1-nano",
		"claude-sonnet-4-5-20250929": "claude-sonnet-4-5",
		"claude-3-5-haiku-latest":    "claude-3-5-haiku",
		"models/gemini-2.5-flash":    "gemini-2.5-flash",
		"gemini-2.0-flash-001":       "gemini-2.0-flash",
		"openai/gpt-4.1-mini":        "gpt-4.1-mini",
	} {
		got, ok := p.Lookup(model)
		exp, _ := p.Lookup(want)
		if !ok || got != exp {
			t.Errorf("Lookup(%q) = %+v, %v; want %s's", model, got, ok, want)
		}
	}
	for _, model := range []string{"gpt-4.1-turbo", "gpt-4o-audio-preview", "gemini-2.5-flash-preview-05-20", "llama3.1:8b", ""} {
		if _, ok := p.Lookup(model); ok {
			t.Errorf("Lookup(%q) guessed a price", model)
		}
	}
}

func TestLoadPrices(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	p, err := llm.LoadPrices(write("ok.json", `{"taken_on":"2027-01-02","models":{
		"GPT-4o":{"input":1,"output":2.125},
		"llama3.1:8b":{"input":0,"output":0}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Lookup("gpt-4o"); got != (llm.Price{InputMicroUSD: 1_000_000, OutputMicroUSD: 2_125_000}) {
		t.Errorf("overridden gpt-4o = %+v", got)
	}
	if _, ok := p.Lookup("llama3.1:8b"); !ok {
		t.Errorf("added model missing")
	}
	if got, _ := p.Lookup("gpt-4o-mini"); got != (llm.Price{InputMicroUSD: 150_000, OutputMicroUSD: 600_000}) {
		t.Errorf("shipped gpt-4o-mini changed: %+v", got)
	}
	if p.TakenOn != "2027-01-02" || p.Note == "" {
		t.Errorf("TakenOn %q, Note %q", p.TakenOn, p.Note)
	}
	if p, err := llm.LoadPrices(""); err != nil || p.TakenOn != llm.ShippedPrices().TakenOn {
		t.Errorf("LoadPrices(\"\") = %v", err)
	}

	for name, body := range map[string]string{
		"missing-output.json": `{"models":{"x":{"input":1}}}`,
		"negative.json":       `{"models":{"x":{"input":-1,"output":1}}}`,
		"seven-decimals.json": `{"models":{"x":{"input":0.1234567,"output":1}}}`,
		"exponent.json":       `{"models":{"x":{"input":1e-3,"output":1}}}`,
		"unknown-field.json":  `{"models":{"x":{"input":1,"output":1,"cached":0.1}}}`,
		"not-json.json":       `input=1`,
	} {
		if _, err := llm.LoadPrices(write(name, body)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if _, err := llm.LoadPrices(filepath.Join(dir, "none.json")); err == nil {
		t.Errorf("a missing file accepted")
	}
}
