package agent

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Change is one field that differs between two configurations: its JSON
// path and its values before and after, as JSON (null where it was absent:
// a qualification field added or removed).
//
// Paths are the configuration's JSON keys ("persona", "handoff.keywords",
// "business_hours.week.mon"); a qualification field is named by its key
// ("qualification_fields.cidade"), and "qualification_fields" alone is a
// new order of the fields (before and after are lists of keys).
type Change struct {
	Path   string          `json:"path"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// Diff returns what changes from a to b, in the order of the
// configuration's fields; empty when they are the same.
func Diff(a, b Config) []Change {
	a, b = a.Normalized(), b.Normalized()
	d := differ{out: []Change{}}
	d.add("name", a.Name, b.Name)
	d.add("enabled", a.Enabled, b.Enabled)
	d.add("persona", a.Persona, b.Persona)
	d.add("tone", a.Tone, b.Tone)
	d.add("instructions", a.Instructions, b.Instructions)
	d.add("company_facts", a.CompanyFacts, b.CompanyFacts)
	d.add("knowledge_base_ids", a.KnowledgeBaseIDs, b.KnowledgeBaseIDs)
	d.add("provider", a.Provider, b.Provider)
	d.add("model", a.Model, b.Model)
	d.add("temperature", a.Temperature, b.Temperature)
	d.fields(a.QualificationFields, b.QualificationFields)
	d.add("handoff.on_request", a.Handoff.OnRequest, b.Handoff.OnRequest)
	d.add("handoff.after_unanswered", a.Handoff.AfterUnanswered, b.Handoff.AfterUnanswered)
	d.add("handoff.keywords", a.Handoff.Keywords, b.Handoff.Keywords)
	d.add("handoff.when_qualified", a.Handoff.WhenQualified, b.Handoff.WhenQualified)
	d.add("business_hours.enabled", a.BusinessHours.Enabled, b.BusinessHours.Enabled)
	d.add("business_hours.time_zone", a.BusinessHours.TimeZone, b.BusinessHours.TimeZone)
	aDays, bDays := a.BusinessHours.Week.Days(), b.BusinessHours.Week.Days()
	for i, day := range Weekdays {
		d.add("business_hours.week."+day, *aDays[i], *bDays[i])
	}
	d.add("business_hours.out_of_hours_message", a.BusinessHours.OutOfHoursMessage, b.BusinessHours.OutOfHoursMessage)
	d.add("greeting", a.Greeting, b.Greeting)
	d.add("max_reply_chars", a.MaxReplyChars, b.MaxReplyChars)
	return d.out
}

// Paths lists the paths of changes.
func Paths(changes []Change) []string {
	out := make([]string, len(changes))
	for i, c := range changes {
		out[i] = c.Path
	}
	return out
}

type differ struct{ out []Change }

var null = json.RawMessage("null")

func toJSON(v any) json.RawMessage {
	if v == nil {
		return null
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the configuration's types always marshal
	}
	return b
}

func (d *differ) add(path string, before, after any) {
	b, a := toJSON(before), toJSON(after)
	if !bytes.Equal(b, a) {
		d.out = append(d.out, Change{Path: path, Before: b, After: a})
	}
}

// fields compares qualification fields by key: a new order of the fields
// kept, then each field changed or added (in b's order), then each removed.
func (d *differ) fields(a, b []QualificationField) {
	inA, inB := map[string]QualificationField{}, map[string]QualificationField{}
	for _, f := range a {
		inA[f.Key] = f
	}
	for _, f := range b {
		inB[f.Key] = f
	}
	var orderA, orderB []string
	for _, f := range a {
		if _, ok := inB[f.Key]; ok {
			orderA = append(orderA, f.Key)
		}
	}
	for _, f := range b {
		if _, ok := inA[f.Key]; ok {
			orderB = append(orderB, f.Key)
		}
	}
	if !slices.Equal(orderA, orderB) {
		d.out = append(d.out, Change{Path: "qualification_fields", Before: toJSON(orderA), After: toJSON(orderB)})
	}
	for _, f := range b {
		if old, ok := inA[f.Key]; ok {
			d.add("qualification_fields."+f.Key, old, f)
		} else {
			d.out = append(d.out, Change{Path: "qualification_fields." + f.Key, Before: null, After: toJSON(f)})
		}
	}
	for _, f := range a {
		if _, ok := inB[f.Key]; !ok {
			d.out = append(d.out, Change{Path: "qualification_fields." + f.Key, Before: toJSON(f), After: null})
		}
	}
}
