// Package inbox holds conversations and who is in them: channels (where
// conversations happen), contacts (the people who write in), leads (the
// sales opportunity a contact is, with its stage and qualification
// values), conversations, their messages, the trace of every AI reply and
// the follow-ups the agent schedules. The agent runtime, the WhatsApp
// channel and the inbox (UI: Conversas) work on it.
package inbox

import (
	"encoding/json"
	"time"
)

// ChannelType is the kind of channel (UI: Canal).
type ChannelType string

// Channel types. Playground conversations are tests: they are left out of
// dashboards and CRM sync unless sent there on purpose.
const (
	ChannelPlayground ChannelType = "playground"
	ChannelWhatsApp   ChannelType = "whatsapp"
)

// ChannelTypes lists the channel types.
var ChannelTypes = []ChannelType{ChannelPlayground, ChannelWhatsApp}

// Channel is where conversations happen: the organization's playground
// (one per organization) or a WhatsApp number.
type Channel struct {
	ID             string      `json:"id"`
	OrganizationID string      `json:"-"`
	Type           ChannelType `json:"type"`
	Name           string      `json:"name"`
	CreatedAt      time.Time   `json:"created_at"`
}

// Contact is a person who writes in (UI: Contato).
type Contact struct {
	ID             string `json:"id"`
	OrganizationID string `json:"-"`
	WaID           string `json:"wa_id"` // WhatsApp id, "" when unknown
	Phone          string `json:"phone"` // E.164, "" when unknown
	Name           string `json:"name"`
	// Test marks a playground contact (one per test conversation).
	Test      bool      `json:"test"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Stage is where a lead stands.
type Stage string

// Lead stages, in order; won and lost close the lead.
const (
	StageNew        Stage = "new"
	StageQualifying Stage = "qualifying"
	StageQualified  Stage = "qualified"
	StageWithSeller Stage = "with_seller"
	StageWon        Stage = "won"
	StageLost       Stage = "lost"
)

// Stages lists the stages in order.
var Stages = []Stage{StageNew, StageQualifying, StageQualified, StageWithSeller, StageWon, StageLost}

var stageLabels = map[Stage]string{
	StageNew: "Novo", StageQualifying: "Em qualificação", StageQualified: "Qualificado",
	StageWithSeller: "Com vendedor", StageWon: "Ganho", StageLost: "Perdido",
}

// Label is the stage's name in the UI.
func (s Stage) Label() string { return stageLabels[s] }

// Valid reports whether s is a stage.
func (s Stage) Valid() bool { return stageLabels[s] != "" }

// Closed reports whether a lead at s is over (won or lost): the contact's
// next conversation makes a new lead.
func (s Stage) Closed() bool { return s == StageWon || s == StageLost }

// Lead is a sales opportunity (UI: Lead): a contact with a stage and the
// qualification values the agent found. A contact has at most one open
// lead.
type Lead struct {
	ID             string `json:"id"`
	OrganizationID string `json:"-"`
	ContactID      string `json:"contact_id"`
	Stage          Stage  `json:"stage"`
	// Origin is where the lead came from: the channel type of its first
	// conversation (later an ad or a campaign).
	Origin     string      `json:"origin"`
	AssigneeID string      `json:"assignee_id"` // the member working it, "" for none
	Test       bool        `json:"test"`        // a playground lead
	Fields     []LeadField `json:"fields"`      // by key
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
	ClosedAt   *time.Time  `json:"closed_at"` // when it was won or lost
}

// LeadField is one qualification value of a lead: the value of the agent's
// qualification field Key, the lead's own words that support it, and how
// sure the agent is (0 to 1).
type LeadField struct {
	Key        string    `json:"key"`
	Value      string    `json:"value"`
	Evidence   string    `json:"evidence"`
	Confidence float64   `json:"confidence"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Status is where a conversation stands.
type Status string

// Conversation statuses.
const (
	StatusOpen         Status = "open"
	StatusWaitingHuman Status = "waiting_human" // handed off: a person should answer
	StatusClosed       Status = "closed"
)

// Statuses lists the conversation statuses.
var Statuses = []Status{StatusOpen, StatusWaitingHuman, StatusClosed}

var statusLabels = map[Status]string{StatusOpen: "Aberta", StatusWaitingHuman: "Aguardando humano", StatusClosed: "Encerrada"}

// Label is the status's name in the UI.
func (s Status) Label() string { return statusLabels[s] }

// Valid reports whether s is a status.
func (s Status) Valid() bool { return statusLabels[s] != "" }

// Who closed a conversation.
const (
	ClosedByPerson = "person" // a member (ClosedByUserID)
	ClosedByQuiet  = "quiet"  // nobody wrote for the quiet period
)

// DefaultQuiet is how long a conversation stays open without messages
// before it closes by itself.
const DefaultQuiet = 24 * time.Hour

// Conversation is a thread between a contact and the organization on a
// channel (UI: Conversa), answered by its agent unless AIPaused (a person
// took over).
type Conversation struct {
	ID             string  `json:"id"`
	OrganizationID string  `json:"-"`
	Channel        Channel `json:"channel"`
	Contact        Contact `json:"contact"`
	// Lead is the contact's lead the conversation works on (nil when it
	// was removed).
	Lead           *Lead      `json:"lead"`
	AgentID        string     `json:"agent_id"` // "" when none (deleted)
	Status         Status     `json:"status"`
	AIPaused       bool       `json:"ai_paused"`
	ClosedBy       string     `json:"closed_by"`         // "", ClosedByPerson or ClosedByQuiet
	ClosedByUserID string     `json:"closed_by_user_id"` // the person, "" otherwise
	ClosedAt       *time.Time `json:"closed_at"`
	LastMessageAt  time.Time  `json:"last_message_at"` // its creation until the first message
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	// Labels are the team's labels, sorted.
	Labels []string `json:"labels"`
	// WindowExpiresAt is when WhatsApp's 24-hour window after the lead's
	// last message closes (nil on the playground or before the lead wrote).
	WindowExpiresAt *time.Time `json:"window_expires_at"`
	// Unread counts the lead's messages after the reading member's read
	// mark (ConversationFor; 0 otherwise).
	Unread int `json:"unread"`
	// Assignee is the lead's assignee ("" for none, or without a lead).
	Assignee string `json:"assignee"`
}

// Direction says whether a message came in from the contact or went out.
type Direction string

// Directions.
const (
	DirectionIn  Direction = "in"
	DirectionOut Direction = "out"
)

// Author is who wrote a message.
type Author string

// Authors. The lead's messages come in; the others go out (a system note,
// such as "conversa assumida", is out but never sent).
const (
	AuthorLead   Author = "lead"
	AuthorAI     Author = "ai"
	AuthorHuman  Author = "human"
	AuthorSystem Author = "system"
)

// Authors lists the authors.
var Authors = []Author{AuthorLead, AuthorAI, AuthorHuman, AuthorSystem}

// Direction is the direction of the author's messages.
func (a Author) Direction() Direction {
	if a == AuthorLead {
		return DirectionIn
	}
	return DirectionOut
}

// MessageStatus is where a message's delivery stands.
type MessageStatus string

// Message statuses: received for what came in; pending → sent → delivered
// → read, or failed, for what goes out.
const (
	MessageReceived  MessageStatus = "received"
	MessagePending   MessageStatus = "pending"
	MessageSent      MessageStatus = "sent"
	MessageDelivered MessageStatus = "delivered"
	MessageRead      MessageStatus = "read"
	MessageFailed    MessageStatus = "failed"
)

// Message is one message of a conversation (UI: Mensagem).
type Message struct {
	ID             string    `json:"id"`
	Seq            int64     `json:"-"` // its place in the conversation, from 1
	OrganizationID string    `json:"-"`
	ConversationID string    `json:"conversation_id"`
	Direction      Direction `json:"direction"`
	Author         Author    `json:"author"`
	AuthorUserID   string    `json:"author_user_id"` // the member, for AuthorHuman
	Text           string    `json:"text"`
	// MediaRef names an attachment (a blob key or the provider's media
	// id), MediaType its MIME type; both "" without one.
	MediaRef  string `json:"media_ref"`
	MediaType string `json:"media_type"`
	// Unsupported marks a message of a kind the agent cannot read yet (an
	// image, audio, sticker…): the reply says so politely.
	Unsupported bool `json:"unsupported"`
	// ProviderMessageID is the provider's id (WhatsApp's wamid), "" for
	// none; unique in the organization.
	ProviderMessageID string        `json:"provider_message_id"`
	Status            MessageStatus `json:"status"`
	Error             string        `json:"error"` // why it failed
	// TraceID is the trace of the AI reply this message is (nil for
	// others).
	TraceID     *string    `json:"trace_id"`
	CreatedAt   time.Time  `json:"created_at"`
	SentAt      *time.Time `json:"sent_at"`
	DeliveredAt *time.Time `json:"delivered_at"`
	ReadAt      *time.Time `json:"read_at"`
}

// Trace is what the agent did for one reply (UI: "Por que a IA respondeu
// isso?").
type Trace struct {
	ID             string `json:"id"`
	OrganizationID string `json:"-"`
	ConversationID string `json:"conversation_id"`
	// MessageID is the reply it produced, "" when it failed before one.
	MessageID    string      `json:"message_id"`
	AgentID      string      `json:"agent_id"`
	AgentVersion int         `json:"agent_version"`
	InputTokens  int64       `json:"input_tokens"`
	OutputTokens int64       `json:"output_tokens"`
	CostMicroBRL int64       `json:"cost_micro_brl"`
	LatencyMS    int64       `json:"latency_ms"`
	Error        string      `json:"error"` // "" when it worked
	Detail       TraceDetail `json:"detail"`
	CreatedAt    time.Time   `json:"created_at"`
}

// TraceDetail is the rest of a trace, stored as JSON.
type TraceDetail struct {
	Provider    string `json:"provider"`
	Model       string `json:"model"`
	PromptChars int    `json:"prompt_chars"` // the size of the prompt sent
	// PromptTokens is the runtime's estimate of the first request's
	// tokens (system prompt and history), before the provider counts them.
	PromptTokens int `json:"prompt_tokens,omitempty"`
	// ModelMS is the time spent in the model's calls (the rest of
	// LatencyMS is the runtime's: loading, searching, storing).
	ModelMS int64 `json:"model_ms,omitempty"`
	// Unanswered is how many questions of the lead the agent could not
	// answer in the conversation up to this reply (its searches all came
	// back empty or unsure), counted since the last handoff.
	Unanswered int `json:"unanswered,omitempty"`
	// Outcome says what the runtime did: "reply", "out_of_hours",
	// "handoff" (empty in older traces).
	Outcome   string     `json:"outcome,omitempty"`
	ToolCalls []ToolCall `json:"tool_calls"`
	Passages  []Passage  `json:"passages"`
}

// ToolCall is one tool the agent called, with its arguments and result as
// JSON.
type ToolCall struct {
	Name   string          `json:"name"`
	Args   json.RawMessage `json:"args"`
	Result json.RawMessage `json:"result"`
	Error  string          `json:"error"`
}

// Passage is a knowledge chunk the reply was grounded on.
type Passage struct {
	ChunkID  string  `json:"chunk_id"`
	SourceID string  `json:"source_id"`
	Score    float64 `json:"score"`
}

// FollowupStatus is where a follow-up stands.
type FollowupStatus string

// Follow-up statuses.
const (
	FollowupPending   FollowupStatus = "pending"
	FollowupSent      FollowupStatus = "sent"
	FollowupCancelled FollowupStatus = "cancelled"
)

// Followup is a nudge the agent scheduled (UI: Follow-up).
type Followup struct {
	ID             string         `json:"id"`
	OrganizationID string         `json:"-"`
	ConversationID string         `json:"conversation_id"`
	DueAt          time.Time      `json:"due_at"`
	Note           string         `json:"note"`
	Status         FollowupStatus `json:"status"`
	CreatedAt      time.Time      `json:"created_at"`
}
