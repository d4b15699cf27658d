package inbox

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
)

// Store is what conversations need of the database. Every method takes the
// organization first (CloseQuiet, a job over every organization, aside);
// an object of another organization is ENOTFOUND.
type Store interface {
	// PlaygroundChannel returns the organization's playground channel,
	// storing ch as it the first time.
	PlaygroundChannel(ctx context.Context, orgID string, ch *Channel) (*Channel, error)
	CreateChannel(ctx context.Context, orgID string, ch *Channel) error
	Channel(ctx context.Context, orgID, id string) (*Channel, error)
	// StartConversation finds or makes, in one transaction, the contact
	// (matched on wa_id, then phone, when s.Match), its open lead and its
	// conversation on the channel that is not closed (when s.Match), and
	// returns the conversation's id.
	StartConversation(ctx context.Context, orgID string, s Start) (string, error)
	// AddMessage appends m to its conversation and moves the conversation's
	// last activity; a message whose provider id is stored already is not
	// added, and the stored one is returned.
	AddMessage(ctx context.Context, orgID string, m *Message) (*Message, error)
	SetLeadField(ctx context.Context, orgID, leadID string, f LeadField) error
	SetLeadStage(ctx context.Context, orgID, leadID string, stage Stage, now time.Time) error
	// SetConversationStatus sets the status; closed records byUserID as the
	// person who closed it, another status clears who closed it.
	SetConversationStatus(ctx context.Context, orgID, id string, status Status, byUserID string, now time.Time) error
	SetAIPaused(ctx context.Context, orgID, id string, paused bool, now time.Time) error
	SaveTrace(ctx context.Context, orgID string, t *Trace) error
	Trace(ctx context.Context, orgID, id string) (*Trace, error)
	AddFollowup(ctx context.Context, orgID string, f *Followup) error
	Followups(ctx context.Context, orgID, conversationID string) ([]Followup, error)
	// LeaseReply takes a conversation for a reply until until unless
	// another reply holds it at now, and says whether it got it; EndReply
	// gives back the lease taken until until.
	LeaseReply(ctx context.Context, orgID, id string, now, until time.Time) (bool, error)
	EndReply(ctx context.Context, orgID, id string, until time.Time) error
	// CloseQuiet closes every organization's conversations, not closed,
	// whose last activity is before before, and says how many (at most a
	// batch: call it again while it closes some).
	CloseQuiet(ctx context.Context, now, before time.Time) (int, error)
	Conversation(ctx context.Context, orgID, id string) (*Conversation, error)
	// Messages returns up to limit messages of a conversation with seq below
	// beforeSeq (0: from the newest), newest first. ENOTFOUND for another
	// organization's conversation.
	Messages(ctx context.Context, orgID, conversationID string, beforeSeq int64, limit int) ([]Message, error)
	// DeskStore is the inbox's desk: its list, read marks, takeover,
	// assignment, labels and notes.
	DeskStore
}

// Start is what StartConversation asks of the store: the ids and time of
// what it may make, and whether to look for the contact and its open
// conversation (a WhatsApp channel) or make a new contact (the
// playground).
type Start struct {
	Channel        *Channel
	Contact        Contact // its keys and name; ID is the new contact's id
	AgentID        string  // "" for none
	Match          bool
	LeadID         string // the new lead's id, when one is made
	ConversationID string // the new conversation's id, when one is made
	Now            time.Time
}

// Service runs conversations. Who may read or change them is the route's
// to check.
type Service struct {
	Store Store
	Clock piloto.Clock
}

// Message pages.
const (
	DefaultPage = 50
	MaxPage     = 200
)

var errNoContactKey = piloto.Invalid("Informe o WhatsApp ou o telefone do contato.",
	map[string]string{"contact": "informe wa_id ou phone"})

// PlaygroundChannel returns the organization's playground channel, made the
// first time it is asked for.
func (s *Service) PlaygroundChannel(ctx context.Context, orgID string) (*Channel, error) {
	return s.Store.PlaygroundChannel(ctx, orgID, &Channel{ID: piloto.NewID(), OrganizationID: orgID,
		Type: ChannelPlayground, Name: "Playground", CreatedAt: s.Clock.Now()})
}

// CreateChannel stores a WhatsApp channel named name (the WhatsApp channel
// adds its number and credentials).
func (s *Service) CreateChannel(ctx context.Context, orgID string, typ ChannelType, name string) (*Channel, error) {
	name = strings.TrimSpace(name)
	if typ != ChannelWhatsApp {
		return nil, piloto.Invalid("Tipo de canal inválido.", map[string]string{"type": "deve ser whatsapp"})
	}
	if name == "" {
		return nil, piloto.Invalid("Dê um nome ao canal.", map[string]string{"name": "obrigatório"})
	}
	ch := &Channel{ID: piloto.NewID(), OrganizationID: orgID, Type: typ, Name: name, CreatedAt: s.Clock.Now()}
	if err := s.Store.CreateChannel(ctx, orgID, ch); err != nil {
		return nil, err
	}
	return ch, nil
}

// StartConversation returns the conversation a message on channelID from
// contact goes to, with agentID answering a new one ("" for none).
//
// On WhatsApp the contact is the organization's contact with the same
// wa_id, else the same phone (missing wa_id, phone and name are filled
// in), else a new one; the conversation is the contact's on the channel
// that is not closed, else a new one. On the playground every call makes
// a new (test) contact and conversation. A new conversation works on the
// contact's open lead — a new lead (stage new) when the contact has none,
// or only won or lost ones.
//
// ENOTFOUND for a channel or agent of another organization; EINVALID for a
// WhatsApp contact without wa_id or phone.
func (s *Service) StartConversation(ctx context.Context, orgID, channelID string, contact Contact, agentID string) (*Conversation, error) {
	ch, err := s.Store.Channel(ctx, orgID, channelID)
	if err != nil {
		return nil, err
	}
	contact.WaID, contact.Phone, contact.Name = strings.TrimSpace(contact.WaID), strings.TrimSpace(contact.Phone), strings.TrimSpace(contact.Name)
	match := ch.Type != ChannelPlayground
	if match && contact.WaID == "" && contact.Phone == "" {
		return nil, errNoContactKey
	}
	now := s.Clock.Now()
	contact.ID, contact.OrganizationID, contact.Test = piloto.NewID(), orgID, !match
	contact.CreatedAt, contact.UpdatedAt = now, now
	id, err := s.Store.StartConversation(ctx, orgID, Start{Channel: ch, Contact: contact, AgentID: agentID, Match: match,
		LeadID: piloto.NewID(), ConversationID: piloto.NewID(), Now: now})
	if err != nil {
		return nil, err
	}
	return s.Store.Conversation(ctx, orgID, id)
}

// AddMessage appends msg to a conversation: its author decides its
// direction, its status is received (coming in) or pending (going out)
// unless set, its time is now. A message whose provider id the
// organization has stored already is not added again: the stored one is
// returned, without error (a redelivered webhook). ENOTFOUND; EINVALID.
func (s *Service) AddMessage(ctx context.Context, orgID, conversationID string, msg Message) (*Message, error) {
	switch msg.Author {
	case AuthorLead, AuthorAI, AuthorHuman, AuthorSystem:
	default:
		return nil, piloto.Invalid("Autor da mensagem inválido.", map[string]string{"author": "deve ser lead, ai, human ou system"})
	}
	if strings.TrimSpace(msg.Text) == "" && msg.MediaRef == "" {
		return nil, piloto.Invalid("A mensagem está vazia.", map[string]string{"text": "obrigatório sem mídia"})
	}
	msg.ID, msg.OrganizationID, msg.ConversationID = piloto.NewID(), orgID, conversationID
	msg.Direction = msg.Author.Direction()
	if msg.Status == "" {
		msg.Status = MessagePending
		if msg.Direction == DirectionIn {
			msg.Status = MessageReceived
		}
	}
	if msg.Author != AuthorHuman {
		msg.AuthorUserID = ""
	}
	msg.TraceID = nil
	msg.CreatedAt = s.Clock.Now()
	return s.Store.AddMessage(ctx, orgID, &msg)
}

// SetLeadField records (or replaces) a lead's qualification value for key,
// with the lead's words that support it and a confidence from 0 to 1.
// ENOTFOUND; EINVALID.
func (s *Service) SetLeadField(ctx context.Context, orgID, leadID, key, value, evidence string, confidence float64) error {
	key = strings.TrimSpace(key)
	fields := map[string]string{}
	if key == "" {
		fields["key"] = "obrigatório"
	}
	if !(confidence >= 0 && confidence <= 1) {
		fields["confidence"] = "deve estar entre 0 e 1"
	}
	if len(fields) > 0 {
		return piloto.Invalid("Valor de qualificação inválido.", fields)
	}
	return s.Store.SetLeadField(ctx, orgID, leadID, LeadField{Key: key, Value: strings.TrimSpace(value),
		Evidence: strings.TrimSpace(evidence), Confidence: confidence, UpdatedAt: s.Clock.Now()})
}

// SetLeadStage moves a lead to stage; won or lost closes it (the contact's
// next conversation makes a new lead). A closed lead cannot be reopened
// while its contact has another open lead (ECONFLICT). ENOTFOUND;
// EINVALID.
func (s *Service) SetLeadStage(ctx context.Context, orgID, leadID string, stage Stage) error {
	if !stage.Valid() {
		return piloto.Invalid("Etapa inválida.", map[string]string{"stage": "etapa desconhecida"})
	}
	return s.Store.SetLeadStage(ctx, orgID, leadID, stage, s.Clock.Now())
}

// SetConversationStatus sets a conversation's status; closing it records
// that a person closed it, byUserID (the member; "" when not known).
// Reopening it while its contact has another conversation on the channel
// that is not closed is ECONFLICT. ENOTFOUND; EINVALID.
func (s *Service) SetConversationStatus(ctx context.Context, orgID, id string, status Status, byUserID string) error {
	if !status.Valid() {
		return piloto.Invalid("Situação inválida.", map[string]string{"status": "deve ser open, waiting_human ou closed"})
	}
	return s.Store.SetConversationStatus(ctx, orgID, id, status, byUserID, s.Clock.Now())
}

// SetAIPaused pauses the agent in a conversation (a person took over) or
// hands it back. ENOTFOUND.
func (s *Service) SetAIPaused(ctx context.Context, orgID, id string, paused bool) error {
	return s.Store.SetAIPaused(ctx, orgID, id, paused, s.Clock.Now())
}

// SaveTrace stores the trace of one AI reply, linked to its message when
// t.MessageID names one of the conversation's. ENOTFOUND.
func (s *Service) SaveTrace(ctx context.Context, orgID string, t *Trace) error {
	t.ID, t.OrganizationID = piloto.NewID(), orgID
	if t.CreatedAt.IsZero() {
		t.CreatedAt = s.Clock.Now()
	}
	if t.Detail.ToolCalls == nil {
		t.Detail.ToolCalls = []ToolCall{}
	}
	if t.Detail.Passages == nil {
		t.Detail.Passages = []Passage{}
	}
	return s.Store.SaveTrace(ctx, orgID, t)
}

// Trace returns one trace. ENOTFOUND.
func (s *Service) Trace(ctx context.Context, orgID, id string) (*Trace, error) {
	return s.Store.Trace(ctx, orgID, id)
}

// AddFollowup schedules a nudge in a conversation at when, which must be
// ahead (schedule_followup). ENOTFOUND; EINVALID.
func (s *Service) AddFollowup(ctx context.Context, orgID, conversationID string, when time.Time, note string) (*Followup, error) {
	now := s.Clock.Now()
	if !when.After(now) {
		return nil, piloto.Invalid("O follow-up precisa ser no futuro.", map[string]string{"when": "deve ser no futuro"})
	}
	f := &Followup{ID: piloto.NewID(), OrganizationID: orgID, ConversationID: conversationID, DueAt: when.UTC(),
		Note: strings.TrimSpace(note), Status: FollowupPending, CreatedAt: now}
	if err := s.Store.AddFollowup(ctx, orgID, f); err != nil {
		return nil, err
	}
	return f, nil
}

// Followups lists a conversation's follow-ups, soonest first.
func (s *Service) Followups(ctx context.Context, orgID, conversationID string) ([]Followup, error) {
	return s.Store.Followups(ctx, orgID, conversationID)
}

// CloseQuiet closes, in every organization, the conversations nobody wrote
// in for quiet (DefaultQuiet when not positive) before now, and says how
// many. A periodic job calls it (CloseQuietWorker). Each closing records a
// conversation.updated event.
func (s *Service) CloseQuiet(ctx context.Context, now time.Time, quiet time.Duration) (int, error) {
	if quiet <= 0 {
		quiet = DefaultQuiet
	}
	total := 0
	for {
		n, err := s.Store.CloseQuiet(ctx, now, now.Add(-quiet))
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// ReplyLease is how long a reply may hold its conversation (BeginReply):
// longer than any reply takes, short enough that a crashed one frees the
// conversation soon.
const ReplyLease = 5 * time.Minute

// BeginReply takes a conversation for one reply, so that no other reply
// (from another request, job or instance) answers it at the same time. ok
// is false when another reply holds it; otherwise end must be called when
// the reply is over (it gives the conversation back even when ctx was
// cancelled). A reply that crashes holds it for ReplyLease at most.
// ENOTFOUND.
func (s *Service) BeginReply(ctx context.Context, orgID, id string) (end func(), ok bool, err error) {
	now := s.Clock.Now().UTC().Truncate(time.Microsecond)
	until := now.Add(ReplyLease)
	ok, err = s.Store.LeaseReply(ctx, orgID, id, now, until)
	if err != nil || !ok {
		return func() {}, false, err
	}
	return func() {
		_ = s.Store.EndReply(context.WithoutCancel(ctx), orgID, id, until)
	}, true, nil
}

// Conversation returns a conversation with its channel, contact and lead
// (with its qualification values). ENOTFOUND.
func (s *Service) Conversation(ctx context.Context, orgID, id string) (*Conversation, error) {
	return s.Store.Conversation(ctx, orgID, id)
}

var errCursor = piloto.Invalid("Cursor inválido.", map[string]string{"before": "cursor inválido"})

// Messages returns a page of a conversation's messages, oldest to newest
// within the page, and the cursor of the page before it ("" when there is
// none). Pages go backwards: cursor "" is the newest messages; passing the
// returned cursor as the next call's gives the limit messages before those
// (limit from 1 to MaxPage; 0 for DefaultPage). The cursor is opaque.
// ENOTFOUND; EINVALID for a cursor it did not make.
func (s *Service) Messages(ctx context.Context, orgID, conversationID, cursor string, limit int) ([]Message, string, error) {
	var before int64
	if cursor != "" {
		n, err := strconv.ParseInt(cursor, 10, 64)
		if err != nil || n < 1 {
			return nil, "", errCursor
		}
		before = n
	}
	if limit <= 0 {
		limit = DefaultPage
	}
	limit = min(limit, MaxPage)
	list, err := s.Store.Messages(ctx, orgID, conversationID, before, limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		next = strconv.FormatInt(list[limit-1].Seq, 10)
	}
	// Newest first from the store; oldest first on the page.
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	return list, next, nil
}
