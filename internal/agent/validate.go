package agent

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
)

// Limits of a configuration.
const (
	MaxNameLen         = 100
	MaxPersonaLen      = 2000
	MaxToneLen         = 300
	MaxInstructionsLen = 8000
	MaxFactsLen        = 8000
	MaxModelLen        = 100
	MaxGreetingLen     = 1000
	MaxMessageLen      = 1000 // the out-of-hours message
	MaxKnowledgeBases  = 20
	MaxFields          = 30
	MaxKeyLen          = 40
	MaxLabelLen        = 100
	MaxDescriptionLen  = 500
	MaxOptions         = 50
	MaxOptionLen       = 100
	MaxKeywords        = 30
	MaxKeywordLen      = 50
	MaxUnanswered      = 10
	MaxRangesPerDay    = 4
	MinReplyChars      = 100
	MaxReplyChars      = 4096 // WhatsApp's limit for a text message
	MaxTemperature     = 2
)

// Normalized returns a copy with text trimmed, enum options and keywords
// trimmed without blanks or repeats, options dropped from fields that are
// not enums, and no nil lists (they are [] in JSON). It shares nothing with
// c.
func (c Config) Normalized() Config {
	c.Name = strings.TrimSpace(c.Name)
	c.Persona = strings.TrimSpace(c.Persona)
	c.Tone = strings.TrimSpace(c.Tone)
	c.Instructions = strings.TrimSpace(c.Instructions)
	c.CompanyFacts = strings.TrimSpace(c.CompanyFacts)
	c.Provider = strings.TrimSpace(c.Provider)
	c.Model = strings.TrimSpace(c.Model)
	c.Greeting = strings.TrimSpace(c.Greeting)
	c.KnowledgeBaseIDs = cleanList(c.KnowledgeBaseIDs, false)
	fields := make([]QualificationField, len(c.QualificationFields))
	for i, f := range c.QualificationFields {
		f.Key = strings.TrimSpace(f.Key)
		f.Label = strings.TrimSpace(f.Label)
		f.Description = strings.TrimSpace(f.Description)
		f.Options = cleanList(f.Options, true)
		if f.Type != FieldEnum {
			f.Options = []string{}
		}
		fields[i] = f
	}
	c.QualificationFields = fields
	c.Handoff.Keywords = cleanList(c.Handoff.Keywords, true)
	c.BusinessHours.TimeZone = strings.TrimSpace(c.BusinessHours.TimeZone)
	c.BusinessHours.OutOfHoursMessage = strings.TrimSpace(c.BusinessHours.OutOfHoursMessage)
	for _, day := range c.BusinessHours.Week.Days() {
		ranges := make([]TimeRange, len(*day))
		for i, r := range *day {
			ranges[i] = TimeRange{Start: strings.TrimSpace(r.Start), End: strings.TrimSpace(r.End)}
		}
		*day = ranges
	}
	return c
}

// cleanList trims the items and drops blanks and repeats (ignoring case
// when fold is true), keeping the first of each.
func cleanList(items []string, fold bool) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range items {
		s = strings.TrimSpace(s)
		k := s
		if fold {
			k = strings.ToLower(s)
		}
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Validate checks a normalized configuration: nil, or an EINVALID error
// whose Fields name each wrong field by its JSON path
// ("qualification_fields.2.key", "business_hours.week.mon.0.end").
// Whether the knowledge bases exist is the Service's to check.
func (c Config) Validate() error {
	if fields := c.FieldErrors(); len(fields) > 0 {
		return invalid(fields)
	}
	return nil
}

func invalid(fields map[string]string) error {
	return piloto.Invalid("Confira os campos destacados.", fields)
}

// FieldErrors returns what is wrong with each field of a normalized
// configuration, by JSON path; empty when nothing is.
func (c Config) FieldErrors() map[string]string {
	fields := map[string]string{}
	text := func(key, value string, max int, empty string) {
		n := utf8.RuneCountInString(value)
		switch {
		case n == 0 && empty != "":
			fields[key] = empty
		case n > max:
			fields[key] = fmt.Sprintf("Use no máximo %s caracteres.", thousands(max))
		}
	}
	text("name", c.Name, MaxNameLen, "Dê um nome ao agente.")
	text("persona", c.Persona, MaxPersonaLen, "Descreva quem é o agente e como ele se apresenta.")
	text("tone", c.Tone, MaxToneLen, "")
	text("instructions", c.Instructions, MaxInstructionsLen, "")
	text("company_facts", c.CompanyFacts, MaxFactsLen, "")
	text("greeting", c.Greeting, MaxGreetingLen, "")
	text("model", c.Model, MaxModelLen, "")

	if len(c.KnowledgeBaseIDs) > MaxKnowledgeBases {
		fields["knowledge_base_ids"] = fmt.Sprintf("Escolha no máximo %d bases.", MaxKnowledgeBases)
	}
	if c.Provider != "" && !slices.Contains(Providers, c.Provider) {
		fields["provider"] = "Escolha um provedor da lista."
	}
	if c.Temperature < 0 || c.Temperature > MaxTemperature {
		fields["temperature"] = "Use um valor entre 0 e 2."
	}
	if c.MaxReplyChars < MinReplyChars || c.MaxReplyChars > MaxReplyChars {
		fields["max_reply_chars"] = fmt.Sprintf("Use um número entre %d e %s.", MinReplyChars, thousands(MaxReplyChars))
	}

	c.checkFields(fields)

	h := c.Handoff
	if h.AfterUnanswered < 0 || h.AfterUnanswered > MaxUnanswered {
		fields["handoff.after_unanswered"] = fmt.Sprintf("Use um número entre 0 (desligado) e %d.", MaxUnanswered)
	}
	if len(h.Keywords) > MaxKeywords {
		fields["handoff.keywords"] = fmt.Sprintf("Use no máximo %d palavras-chave.", MaxKeywords)
	}
	for _, k := range h.Keywords {
		if utf8.RuneCountInString(k) > MaxKeywordLen {
			fields["handoff.keywords"] = fmt.Sprintf("Cada palavra-chave pode ter no máximo %d caracteres.", MaxKeywordLen)
		}
	}
	if h.WhenQualified && !slices.ContainsFunc(c.QualificationFields, func(f QualificationField) bool { return f.Required }) {
		fields["handoff.when_qualified"] = "Marque pelo menos um campo de qualificação como obrigatório para usar esta regra."
	}

	c.BusinessHours.check(fields)
	return fields
}

func (c Config) checkFields(fields map[string]string) {
	if len(c.QualificationFields) > MaxFields {
		fields["qualification_fields"] = fmt.Sprintf("Use no máximo %d campos.", MaxFields)
	}
	seen := map[string]bool{}
	for i, f := range c.QualificationFields {
		at := func(name string) string { return "qualification_fields." + strconv.Itoa(i) + "." + name }
		switch {
		case f.Key == "":
			fields[at("key")] = "Informe a chave do campo."
		case utf8.RuneCountInString(f.Key) > MaxKeyLen:
			fields[at("key")] = fmt.Sprintf("Use no máximo %d caracteres.", MaxKeyLen)
		case !keyPattern.MatchString(f.Key):
			fields[at("key")] = "Use letras minúsculas sem acento, números e _, começando por uma letra (como prazo_decisao)."
		case seen[f.Key]:
			fields[at("key")] = "Já existe um campo com esta chave."
		}
		seen[f.Key] = true
		switch n := utf8.RuneCountInString(f.Label); {
		case n == 0:
			fields[at("label")] = "Informe o nome do campo."
		case n > MaxLabelLen:
			fields[at("label")] = fmt.Sprintf("Use no máximo %d caracteres.", MaxLabelLen)
		}
		if !slices.Contains(FieldTypes, f.Type) {
			fields[at("type")] = "Escolha um tipo da lista."
		}
		if utf8.RuneCountInString(f.Description) > MaxDescriptionLen {
			fields[at("description")] = fmt.Sprintf("Use no máximo %d caracteres.", MaxDescriptionLen)
		}
		if f.Type == FieldEnum {
			switch {
			case len(f.Options) == 0:
				fields[at("options")] = "Informe pelo menos uma opção."
			case len(f.Options) > MaxOptions:
				fields[at("options")] = fmt.Sprintf("Use no máximo %d opções.", MaxOptions)
			case slices.ContainsFunc(f.Options, func(o string) bool { return utf8.RuneCountInString(o) > MaxOptionLen }):
				fields[at("options")] = fmt.Sprintf("Cada opção pode ter no máximo %d caracteres.", MaxOptionLen)
			}
		}
	}
}

func (b BusinessHours) check(fields map[string]string) {
	if b.TimeZone == "" || b.TimeZone == "Local" {
		fields["business_hours.time_zone"] = "Fuso horário desconhecido."
	} else if _, err := time.LoadLocation(b.TimeZone); err != nil {
		fields["business_hours.time_zone"] = "Fuso horário desconhecido."
	}
	switch n := utf8.RuneCountInString(b.OutOfHoursMessage); {
	case n == 0 && b.Enabled:
		fields["business_hours.out_of_hours_message"] = "Escreva o que o agente responde fora do horário."
	case n > MaxMessageLen:
		fields["business_hours.out_of_hours_message"] = fmt.Sprintf("Use no máximo %s caracteres.", thousands(MaxMessageLen))
	}
	for d, day := range b.Week.Days() {
		path := "business_hours.week." + Weekdays[d]
		if len(*day) > MaxRangesPerDay {
			fields[path] = fmt.Sprintf("Use no máximo %d intervalos por dia.", MaxRangesPerDay)
			continue
		}
		type span struct{ start, end int }
		var spans []span
		for i, r := range *day {
			at := path + "." + strconv.Itoa(i) + "."
			start, okStart := minutes(r.Start, false)
			end, okEnd := minutes(r.End, true)
			if !okStart {
				fields[at+"start"] = "Use o formato 09:00."
			}
			if !okEnd {
				fields[at+"end"] = "Use o formato 18:00."
			}
			if okStart && okEnd {
				if end <= start {
					fields[at+"end"] = "O fim deve ser depois do início."
					continue
				}
				spans = append(spans, span{start, end})
			}
		}
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		for i := 1; i < len(spans); i++ {
			if spans[i].start < spans[i-1].end {
				fields[path] = "Os intervalos deste dia se sobrepõem."
				break
			}
		}
	}
}

var clockPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// minutes reads "HH:MM" as minutes after midnight; "24:00" only as an end.
func minutes(s string, end bool) (int, bool) {
	if end && s == "24:00" {
		return 24 * 60, true
	}
	if !clockPattern.MatchString(s) {
		return 0, false
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:])
	return h*60 + m, true
}

// thousands writes n with a dot between thousands, as pt-BR does.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	return s[:len(s)-3] + "." + s[len(s)-3:]
}
