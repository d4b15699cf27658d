package llm

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

//go:embed prices.json
var shippedPrices []byte

// Price is what a model costs, in micro-dollars (1e-6 USD) per million
// tokens: an exact integer for any price written with up to six decimals.
type Price struct {
	InputMicroUSD  int64
	OutputMicroUSD int64
}

// Prices is a price table: USD per million input and output tokens, by model.
//
// The file format (prices.json, shipped in the binary, and PILOTO_PRICES_FILE):
//
//	{
//	  "taken_on": "2026-11-25",
//	  "note": "…",
//	  "models": {
//	    "gpt-4.1-mini": {"input": 0.40, "output": 1.60},
//	    …
//	  }
//	}
//
// Prices are decimal numbers with at most six decimals, read exactly (never
// through a float). Model names are matched without regard to case.
type Prices struct {
	TakenOn string
	Note    string
	models  map[string]Price
}

// ShippedPrices returns the table built into the binary.
func ShippedPrices() *Prices {
	p, err := ParsePrices(shippedPrices)
	if err != nil {
		panic("llm: the shipped prices.json is broken: " + err.Error())
	}
	return p
}

// LoadPrices returns the shipped table with the operator's file (if path is
// not empty) merged over it: a model in the file replaces the shipped entry
// of that model whole, models only in the file are added, every other shipped
// entry stays. The file's taken_on and note, when present, replace the
// shipped ones.
func LoadPrices(path string) (*Prices, error) {
	p := ShippedPrices()
	if path == "" {
		return p, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	over, err := ParsePrices(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for m, price := range over.models {
		p.models[m] = price
	}
	if over.TakenOn != "" {
		p.TakenOn = over.TakenOn
	}
	if over.Note != "" {
		p.Note = over.Note
	}
	return p, nil
}

// ParsePrices reads a price table.
func ParsePrices(data []byte) (*Prices, error) {
	var f struct {
		TakenOn string `json:"taken_on"`
		Note    string `json:"note"`
		Models  map[string]struct {
			Input  *json.Number `json:"input"`
			Output *json.Number `json:"output"`
		} `json:"models"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a price table: %v", err)
	}
	p := &Prices{TakenOn: f.TakenOn, Note: f.Note, models: map[string]Price{}}
	for name, m := range f.Models {
		key := strings.ToLower(strings.TrimSpace(name))
		if key == "" {
			return nil, fmt.Errorf("a model has no name")
		}
		if m.Input == nil || m.Output == nil {
			return nil, fmt.Errorf("model %q: both input and output prices are required", name)
		}
		in, err := microUSD(m.Input.String())
		if err != nil {
			return nil, fmt.Errorf("model %q: input: %v", name, err)
		}
		out, err := microUSD(m.Output.String())
		if err != nil {
			return nil, fmt.Errorf("model %q: output: %v", name, err)
		}
		p.models[key] = Price{InputMicroUSD: in, OutputMicroUSD: out}
	}
	return p, nil
}

var decimal = regexp.MustCompile(`^([0-9]{1,7})(?:\.([0-9]{1,6}))?$`)

// microUSD reads "2.5" as 2_500_000.
func microUSD(s string) (int64, error) {
	m := decimal.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q must be a non-negative number of dollars with at most six decimals", s)
	}
	whole, _ := strconv.ParseInt(m[1], 10, 64)
	frac, _ := strconv.ParseInt((m[2] + "000000")[:6], 10, 64)
	return whole*1_000_000 + frac, nil
}

// Models lists the models of the table.
func (p *Prices) Models() []string {
	var names []string
	for m := range p.models {
		names = append(names, m)
	}
	slices.Sort(names)
	return names
}

// version is a dated or numbered snapshot suffix: gpt-4o-2024-08-06,
// claude-sonnet-4-5-20250929, gemini-2.0-flash-001, claude-3-5-haiku-latest.
var version = regexp.MustCompile(`-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest)$`)

// Lookup finds a model's price: by its name; else without "models/" or a
// "vendor/" prefix (OpenRouter); else without a snapshot suffix. A name the
// table does not know is not guessed at (gpt-4.1-nano is not gpt-4.1).
func (p *Prices) Lookup(model string) (Price, bool) {
	name := strings.ToLower(strings.TrimSpace(model))
	name = strings.TrimPrefix(name, "models/")
	candidates := []string{name}
	if i := strings.LastIndex(name, "/"); i >= 0 {
		candidates = append(candidates, name[i+1:])
	}
	for _, c := range candidates {
		if price, ok := p.models[c]; ok {
			return price, true
		}
		if base := version.ReplaceAllString(c, ""); base != c {
			if price, ok := p.models[base]; ok {
				return price, true
			}
		}
	}
	return Price{}, false
}

// Cost is what a call cost in micro-reais (1e-6 BRL), at usdBRL reais per
// dollar. The rate is taken to six decimals; the call's exact cost — input
// and output together, in integer arithmetic — is rounded once, half up, to
// the micro-real. Sums of these integers do not drift. An unknown model (or a
// rate that is not a positive number) costs 0 with known false.
func (p *Prices) Cost(model string, u Usage, usdBRL float64) (microReais int64, known bool) {
	price, ok := p.Lookup(model)
	if !ok || math.IsNaN(usdBRL) || math.IsInf(usdBRL, 0) || usdBRL <= 0 || usdBRL > 1e6 {
		return 0, false
	}
	rate := big.NewInt(int64(math.Round(usdBRL * 1e6))) // micro-reais per dollar
	in := big.NewInt(int64(max(u.InputTokens, 0)))
	out := big.NewInt(int64(max(u.OutputTokens, 0)))
	// tokens × µUSD/Mtok = 1e-6 µUSD; × µBRL/USD = 1e-6 µBRL·1e-6: divide by 1e12.
	n := new(big.Int).Mul(in, big.NewInt(price.InputMicroUSD))
	n.Add(n, new(big.Int).Mul(out, big.NewInt(price.OutputMicroUSD)))
	n.Mul(n, rate)
	q, r := new(big.Int).QuoRem(n, big.NewInt(1_000_000_000_000), new(big.Int))
	if r.Lsh(r, 1).Cmp(big.NewInt(1_000_000_000_000)) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return math.MaxInt64, true
	}
	return q.Int64(), true
}
