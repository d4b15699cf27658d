// Package agent holds the AI sales agents' configuration: who the agent is
// and how it speaks, what it knows, which model answers, what it asks the
// lead (qualification fields), when it hands the conversation to a person,
// and when it is open. Every save is a version — who, when, what changed —
// and any version can be restored as a new one. The providers and the
// runtime that make an agent talk read this configuration.
package agent

import (
	"time"
)

// Agent is an organization's AI sales agent at its current version.
type Agent struct {
	ID             string `json:"id"`
	OrganizationID string `json:"-"`
	// Version is the number of the last save; creation is version 1.
	Version int `json:"version"`
	Config
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Config is everything an admin sets on an agent; each version holds one.
type Config struct {
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"` // off: the agent answers no one
	// Persona is who the agent is and how it presents itself; Tone how it
	// writes.
	Persona string `json:"persona"`
	Tone    string `json:"tone"`
	// Instructions are the rules of the conversation; CompanyFacts what the
	// agent always knows (address, opening hours, payment terms…).
	Instructions     string   `json:"instructions"`
	CompanyFacts     string   `json:"company_facts"`
	KnowledgeBaseIDs []string `json:"knowledge_base_ids"` // the bases it may search
	// Provider is "" for the platform's default, or one of Providers; Model
	// "" for the provider's default.
	Provider    string  `json:"provider"`
	Model       string  `json:"model"`
	Temperature float64 `json:"temperature"`
	// QualificationFields are what the agent finds out about a lead, in
	// the order it asks.
	QualificationFields []QualificationField `json:"qualification_fields"`
	Handoff             HandoffRules         `json:"handoff"`
	BusinessHours       BusinessHours        `json:"business_hours"`
	Greeting            string               `json:"greeting"` // the first message to a new lead ("" for none)
	MaxReplyChars       int                  `json:"max_reply_chars"`
}

// Providers are the LLM providers an agent may name ("" is the platform's
// default).
var Providers = []string{"openai", "anthropic", "gemini"}

// FieldType is the kind of value a qualification field holds.
type FieldType string

// Field types (UI: texto, número, lista de opções, e-mail, telefone, data).
const (
	FieldText   FieldType = "text"
	FieldNumber FieldType = "number"
	FieldEnum   FieldType = "enum"
	FieldEmail  FieldType = "email"
	FieldPhone  FieldType = "phone"
	FieldDate   FieldType = "date"
)

// FieldTypes lists the field types.
var FieldTypes = []FieldType{FieldText, FieldNumber, FieldEnum, FieldEmail, FieldPhone, FieldDate}

// QualificationField is one thing the agent finds out about a lead (UI:
// Campo de qualificação).
type QualificationField struct {
	Key         string    `json:"key"` // snake_case, unique in the agent: the lead's field
	Label       string    `json:"label"`
	Type        FieldType `json:"type"`
	Required    bool      `json:"required"`
	Description string    `json:"description"` // what the agent should understand by it
	Options     []string  `json:"options"`     // the choices of an enum; empty for other types
}

// HandoffRules say when the agent hands the conversation to a person (UI:
// Transferência para humano). Any rule that holds hands it over.
type HandoffRules struct {
	OnRequest       bool     `json:"on_request"`       // the lead asks for a person
	AfterUnanswered int      `json:"after_unanswered"` // questions it could not answer (0: off)
	Keywords        []string `json:"keywords"`         // the lead writes one of these
	WhenQualified   bool     `json:"when_qualified"`   // every required field is known
}

// BusinessHours are when the agent answers; outside them it sends
// OutOfHoursMessage. Disabled, it answers at any time.
type BusinessHours struct {
	Enabled           bool   `json:"enabled"`
	TimeZone          string `json:"time_zone"` // IANA, e.g. America/Sao_Paulo
	Week              Week   `json:"week"`
	OutOfHoursMessage string `json:"out_of_hours_message"`
}

// Week holds each weekday's opening windows; a day without any is closed.
type Week struct {
	Mon []TimeRange `json:"mon"`
	Tue []TimeRange `json:"tue"`
	Wed []TimeRange `json:"wed"`
	Thu []TimeRange `json:"thu"`
	Fri []TimeRange `json:"fri"`
	Sat []TimeRange `json:"sat"`
	Sun []TimeRange `json:"sun"`
}

// Weekdays are the keys of Week, Monday first.
var Weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// Days returns pointers to the week's days in the order of Weekdays.
func (w *Week) Days() []*[]TimeRange {
	return []*[]TimeRange{&w.Mon, &w.Tue, &w.Wed, &w.Thu, &w.Fri, &w.Sat, &w.Sun}
}

// TimeRange is an opening window, "HH:MM" to "HH:MM" ("24:00" ends at
// midnight), in the business hours' time zone.
type TimeRange struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Version is one save of an agent. A list shows Changed; one version
// read alone also has its Config and Changes.
type Version struct {
	AgentID    string    `json:"-"`
	Version    int       `json:"version"`
	AuthorID   string    `json:"author_id"`   // "" once the person's account is gone
	AuthorName string    `json:"author_name"` // as it was at the save
	RollbackOf *int      `json:"rollback_of"` // the version this one restored
	CreatedAt  time.Time `json:"created_at"`
	// Changed lists the paths of Changes (none for the first version).
	Changed []string `json:"changed"`
	Changes []Change `json:"changes,omitempty"`
	Config  *Config  `json:"config,omitempty"`
}

// Defaults is the configuration of a new agent: a cordial sales assistant
// in pt-BR, open in business hours in the organization's time zone.
func Defaults(timeZone string) Config {
	window := func(start, end string) []TimeRange { return []TimeRange{{Start: start, End: end}} }
	weekday := window("08:00", "18:00")
	return Config{
		Enabled: true,
		Persona: "Você é o assistente virtual de vendas da empresa no WhatsApp. É cordial, prestativo e objetivo: " +
			"entende o que o cliente procura, tira as dúvidas com base no que a empresa informou e conduz a conversa " +
			"até o próximo passo da venda.",
		Tone: "Cordial e profissional, em português do Brasil, tratando o cliente por \"você\". Frases curtas, sem gírias.",
		Instructions: "- Responda só com base nos fatos da empresa e nas bases de conhecimento; se não souber, diga que vai confirmar com a equipe.\n" +
			"- Nunca invente preços, prazos ou condições.\n" +
			"- Faça uma pergunta de cada vez para conhecer o cliente.\n" +
			"- Se o cliente pedir para falar com uma pessoa, transfira a conversa.",
		KnowledgeBaseIDs: []string{},
		Temperature:      0.3,
		QualificationFields: []QualificationField{
			{Key: "nome", Label: "Nome", Type: FieldText, Required: true, Description: "Como o cliente se chama.", Options: []string{}},
			{Key: "cidade", Label: "Cidade", Type: FieldText, Description: "Onde o cliente está.", Options: []string{}},
			{Key: "necessidade", Label: "Necessidade", Type: FieldText, Required: true, Description: "O que o cliente procura resolver.", Options: []string{}},
			{Key: "prazo_decisao", Label: "Prazo de decisão", Type: FieldEnum, Description: "Quando o cliente pretende decidir.",
				Options: []string{"Imediato", "Até 3 meses", "Mais de 3 meses"}},
		},
		Handoff: HandoffRules{OnRequest: true, AfterUnanswered: 3, Keywords: []string{}, WhenQualified: true},
		BusinessHours: BusinessHours{
			Enabled:  true,
			TimeZone: timeZone,
			Week: Week{Mon: weekday, Tue: window("08:00", "18:00"), Wed: window("08:00", "18:00"), Thu: window("08:00", "18:00"),
				Fri: window("08:00", "18:00"), Sat: window("08:00", "12:00"), Sun: []TimeRange{}},
			OutOfHoursMessage: "Olá! Nosso horário de atendimento terminou. Deixe sua mensagem: respondemos assim que voltarmos.",
		},
		Greeting:      "Olá! Sou o assistente da empresa. Como posso ajudar?",
		MaxReplyChars: 600,
	}
}
