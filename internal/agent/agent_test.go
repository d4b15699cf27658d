package agent_test

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
)

func TestDefaultsAreValid(t *testing.T) {
	cfg := agent.Defaults("America/Sao_Paulo")
	cfg.Name = "Vendedor"
	if err := cfg.Normalized().Validate(); err != nil {
		t.Fatalf("defaults: %v %v", err, fieldsOf(err))
	}
	if cfg.Provider != "" || cfg.Model != "" || cfg.Temperature != 0.3 || !cfg.Enabled || cfg.MaxReplyChars != 600 {
		t.Fatalf("defaults: %+v", cfg)
	}
	keys := []string{}
	for _, f := range cfg.QualificationFields {
		keys = append(keys, f.Key)
	}
	if !slices.Equal(keys, []string{"nome", "cidade", "necessidade", "prazo_decisao"}) || !cfg.QualificationFields[0].Required {
		t.Fatalf("default fields: %+v", cfg.QualificationFields)
	}
	w := cfg.BusinessHours.Week
	if cfg.BusinessHours.TimeZone != "America/Sao_Paulo" || len(w.Mon) != 1 || w.Fri[0].End != "18:00" || w.Sat[0].End != "12:00" || len(w.Sun) != 0 {
		t.Fatalf("default hours: %+v", cfg.BusinessHours)
	}
	// A new organization elsewhere gets its own zone.
	if agent.Defaults("America/Manaus").BusinessHours.TimeZone != "America/Manaus" {
		t.Fatal("the time zone is not the organization's")
	}
}

func fieldsOf(err error) map[string]string {
	var e *piloto.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func TestValidateNamesEachField(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name   string
		change func(c *agent.Config)
		fields []string // exactly these fields are wrong
	}{
		{"no name", func(c *agent.Config) { c.Name = "  " }, []string{"name"}},
		{"long name", func(c *agent.Config) { c.Name = long(101) }, []string{"name"}},
		{"no persona", func(c *agent.Config) { c.Persona = "" }, []string{"persona"}},
		{"long texts", func(c *agent.Config) {
			c.Tone, c.Instructions, c.CompanyFacts, c.Greeting = long(301), long(8001), long(8001), long(1001)
		}, []string{"tone", "instructions", "company_facts", "greeting"}},
		{"unknown provider", func(c *agent.Config) { c.Provider = "watson" }, []string{"provider"}},
		{"long model", func(c *agent.Config) { c.Model = long(101) }, []string{"model"}},
		{"temperature", func(c *agent.Config) { c.Temperature = 2.5 }, []string{"temperature"}},
		{"negative temperature", func(c *agent.Config) { c.Temperature = -0.1 }, []string{"temperature"}},
		{"reply too short", func(c *agent.Config) { c.MaxReplyChars = 20 }, []string{"max_reply_chars"}},
		{"reply too long", func(c *agent.Config) { c.MaxReplyChars = 5000 }, []string{"max_reply_chars"}},
		{"too many bases", func(c *agent.Config) {
			for i := range 21 {
				c.KnowledgeBaseIDs = append(c.KnowledgeBaseIDs, "kb"+strings.Repeat("x", i))
			}
		}, []string{"knowledge_base_ids"}},
		{"bad field key", func(c *agent.Config) { c.QualificationFields[1].Key = "Cidade Natal" }, []string{"qualification_fields.1.key"}},
		{"accented key", func(c *agent.Config) { c.QualificationFields[1].Key = "região" }, []string{"qualification_fields.1.key"}},
		{"long key", func(c *agent.Config) { c.QualificationFields[1].Key = long(41) }, []string{"qualification_fields.1.key"}},
		{"repeated key", func(c *agent.Config) { c.QualificationFields[2].Key = "cidade" }, []string{"qualification_fields.2.key"}},
		{"no label, bad type", func(c *agent.Config) {
			c.QualificationFields[1].Label, c.QualificationFields[1].Type = "", "cpf"
		}, []string{"qualification_fields.1.label", "qualification_fields.1.type"}},
		{"enum without options", func(c *agent.Config) { c.QualificationFields[3].Options = []string{" ", ""} }, []string{"qualification_fields.3.options"}},
		{"too many fields", func(c *agent.Config) {
			for i := range 27 {
				c.QualificationFields = append(c.QualificationFields, agent.QualificationField{Key: "campo_" + strconv.Itoa(i), Label: "Campo", Type: agent.FieldText})
			}
		}, []string{"qualification_fields"}},
		{"unanswered", func(c *agent.Config) { c.Handoff.AfterUnanswered = 11 }, []string{"handoff.after_unanswered"}},
		{"long keyword", func(c *agent.Config) { c.Handoff.Keywords = []string{long(51)} }, []string{"handoff.keywords"}},
		{"qualified without required fields", func(c *agent.Config) {
			for i := range c.QualificationFields {
				c.QualificationFields[i].Required = false
			}
		}, []string{"handoff.when_qualified"}},
		{"time zone", func(c *agent.Config) { c.BusinessHours.TimeZone = "Brasil/Goiânia" }, []string{"business_hours.time_zone"}},
		{"no out-of-hours message", func(c *agent.Config) { c.BusinessHours.OutOfHoursMessage = "" }, []string{"business_hours.out_of_hours_message"}},
		{"bad times", func(c *agent.Config) {
			c.BusinessHours.Week.Mon = []agent.TimeRange{{Start: "8h", End: "25:00"}}
			c.BusinessHours.Week.Tue = []agent.TimeRange{{Start: "+8:00", End: "18:00"}}
		}, []string{"business_hours.week.mon.0.start", "business_hours.week.mon.0.end", "business_hours.week.tue.0.start"}},
		{"end before start", func(c *agent.Config) { c.BusinessHours.Week.Wed = []agent.TimeRange{{Start: "18:00", End: "08:00"}} }, []string{"business_hours.week.wed.0.end"}},
		{"overlap", func(c *agent.Config) {
			c.BusinessHours.Week.Thu = []agent.TimeRange{{Start: "13:00", End: "18:00"}, {Start: "08:00", End: "13:30"}}
		}, []string{"business_hours.week.thu"}},
		{"too many windows", func(c *agent.Config) {
			c.BusinessHours.Week.Fri = slices.Repeat([]agent.TimeRange{{Start: "08:00", End: "09:00"}}, 5)
		}, []string{"business_hours.week.fri"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := agent.Defaults("America/Sao_Paulo")
			cfg.Name = "Vendedor"
			tc.change(&cfg)
			err := cfg.Normalized().Validate()
			if piloto.ErrorCode(err) != piloto.EINVALID {
				t.Fatalf("error %v, want invalid", err)
			}
			got := slices.Sorted(maps.Keys(fieldsOf(err)))
			if !slices.Equal(got, slices.Sorted(slices.Values(tc.fields))) {
				t.Fatalf("fields %v, want %v (%v)", got, tc.fields, fieldsOf(err))
			}
			for k, msg := range fieldsOf(err) {
				if msg == "" || !strings.HasSuffix(msg, ".") {
					t.Errorf("%s: message %q", k, msg)
				}
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	cfg := agent.Defaults("America/Sao_Paulo")
	cfg.Name = "Vendedor"
	cfg.Provider, cfg.Model, cfg.Temperature = "anthropic", "claude-sonnet", 2
	cfg.BusinessHours.Week.Sun = []agent.TimeRange{{Start: "00:00", End: "24:00"}}
	cfg.BusinessHours.Week.Mon = []agent.TimeRange{{Start: "08:00", End: "12:00"}, {Start: "12:00", End: "18:00"}}
	cfg.BusinessHours.Enabled, cfg.BusinessHours.OutOfHoursMessage = false, "" // no message needed when always open
	cfg.Handoff.WhenQualified = false
	cfg.QualificationFields[0].Required = false
	if err := cfg.Normalized().Validate(); err != nil {
		t.Fatalf("%v %v", err, fieldsOf(err))
	}
}

func TestNormalized(t *testing.T) {
	cfg := agent.Config{
		Name:                "  Vendedor ",
		QualificationFields: []agent.QualificationField{{Key: " cidade ", Type: agent.FieldText, Options: []string{"x"}}, {Key: "plano", Type: agent.FieldEnum, Options: []string{" A ", "", "a", "B"}}},
		Handoff:             agent.HandoffRules{Keywords: []string{"Atendente", " atendente ", "", "gerente"}},
	}
	n := cfg.Normalized()
	if n.Name != "Vendedor" || n.QualificationFields[0].Key != "cidade" || len(n.QualificationFields[0].Options) != 0 {
		t.Fatalf("normalized: %+v", n)
	}
	if !slices.Equal(n.QualificationFields[1].Options, []string{"A", "B"}) || !slices.Equal(n.Handoff.Keywords, []string{"Atendente", "gerente"}) {
		t.Fatalf("lists: %+v %+v", n.QualificationFields[1].Options, n.Handoff.Keywords)
	}
	if cfg.QualificationFields[0].Key != " cidade " || cfg.Handoff.Keywords[1] != " atendente " {
		t.Fatal("Normalized changed the original")
	}
	b, _ := json.Marshal(n)
	if strings.Contains(string(b), "null") {
		t.Fatalf("a list is null: %s", b)
	}
}

func TestDiff(t *testing.T) {
	a := agent.Defaults("America/Sao_Paulo")
	a.Name = "Vendedor"
	if d := agent.Diff(a, a); len(d) != 0 {
		t.Fatalf("same config: %+v", d)
	}
	b := a.Normalized()
	b.Persona = "Outra persona"
	b.Temperature = 0.7
	b.QualificationFields = []agent.QualificationField{
		{Key: "cidade", Label: "Cidade onde mora", Type: agent.FieldText}, // changed, and now first
		a.QualificationFields[0],
		a.QualificationFields[3],
		{Key: "valor_conta", Label: "Valor da conta de luz", Type: agent.FieldNumber}, // added; necessidade removed
	}
	b.BusinessHours.Week.Sat = nil
	got := agent.Diff(a, b)
	want := []string{"persona", "temperature", "qualification_fields", "qualification_fields.cidade",
		"qualification_fields.valor_conta", "qualification_fields.necessidade", "business_hours.week.sat"}
	if !slices.Equal(agent.Paths(got), want) {
		t.Fatalf("paths %v, want %v", agent.Paths(got), want)
	}
	byPath := map[string]agent.Change{}
	for _, c := range got {
		byPath[c.Path] = c
	}
	if string(byPath["persona"].After) != `"Outra persona"` || string(byPath["temperature"].Before) != "0.3" {
		t.Fatalf("values: %+v", got)
	}
	if string(byPath["qualification_fields"].Before) != `["nome","cidade","prazo_decisao"]` ||
		string(byPath["qualification_fields"].After) != `["cidade","nome","prazo_decisao"]` {
		t.Fatalf("order: %s → %s", byPath["qualification_fields"].Before, byPath["qualification_fields"].After)
	}
	if string(byPath["qualification_fields.valor_conta"].Before) != "null" || string(byPath["qualification_fields.necessidade"].After) != "null" {
		t.Fatal("added and removed fields have null on the other side")
	}
	if string(byPath["business_hours.week.sat"].After) != "[]" {
		t.Fatalf("a closed day: %s", byPath["business_hours.week.sat"].After)
	}
}

// Every field of the configuration shows in a diff: changing all of them
// names each top-level JSON key.
func TestDiffCoversEveryField(t *testing.T) {
	a := agent.Defaults("America/Sao_Paulo")
	b := agent.Config{
		Name: "x", Enabled: false, Persona: "x", Tone: "x", Instructions: "x", CompanyFacts: "x", KnowledgeBaseIDs: []string{"kb"},
		Provider: "openai", Model: "x", Temperature: 1, QualificationFields: []agent.QualificationField{{Key: "x"}},
		Handoff:       agent.HandoffRules{AfterUnanswered: 1},
		BusinessHours: agent.BusinessHours{TimeZone: "UTC"},
		Greeting:      "x", MaxReplyChars: 1,
	}
	var keys map[string]json.RawMessage
	j, _ := json.Marshal(a)
	_ = json.Unmarshal(j, &keys)
	seen := map[string]bool{}
	for _, c := range agent.Diff(a, b) {
		seen[strings.Split(c.Path, ".")[0]] = true
	}
	for k := range keys {
		if !seen[k] {
			t.Errorf("a change of %s does not show in Diff", k)
		}
	}
}
