package inbox

import (
	"context"
	"encoding/base64"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
)

// View is one of the inbox's lists of conversations (UI: the tabs of
// Conversas).
type View string

// Views. Every view but closed leaves closed conversations out.
const (
	ViewAll        View = "all"        // every conversation not closed
	ViewMine       View = "mine"       // not closed, the lead assigned to me
	ViewUnassigned View = "unassigned" // not closed, the lead assigned to nobody
	ViewWaiting    View = "waiting"    // handed off: waiting_human
	ViewAIActive   View = "ai_active"  // open and the AI not paused
	ViewClosed     View = "closed"     // closed
)

// Views lists the views.
var Views = []View{ViewAll, ViewMine, ViewUnassigned, ViewWaiting, ViewAIActive, ViewClosed}

// Valid reports whether v is a view.
func (v View) Valid() bool {
	for _, x := range Views {
		if v == x {
			return true
		}
	}
	return false
}

// Filter picks the conversations of a list. Zero values do not filter; a
// zero View is ViewAll.
type Filter struct {
	View      View
	AgentID   string
	ChannelID string // the playground's id lists test conversations
	Label     string
	// Query searches contact names and phones and message text (see
	// Service.List).
	Query string
	// IncludeTests adds playground conversations to a list that names no
	// channel.
	IncludeTests bool
	Cursor       string // the next_cursor of the page before, "" for the first
	Limit        int    // 1 to MaxList; 0 for DefaultList
}

// Conversation list pages.
const (
	DefaultList = 50
	MaxList     = 100
)

// ListQuery is a Filter as the store runs it: the cursor decoded, the
// search split into what each part matches.
type ListQuery struct {
	View         View
	AgentID      string
	ChannelID    string
	Label        string
	IncludeTests bool
	// NameLike is the search folded (Fold), for a substring of the contact's
	// folded name; "" for no search.
	NameLike string
	// PhoneDigits are the search's digits when it has at least 3, for a
	// substring of the contact's phone.
	PhoneDigits string
	// Words are the search's folded words (letters and digits): a
	// conversation matches when its messages have a word starting with
	// each.
	Words []string
	// After is the keyset: conversations before (AfterTime, AfterID) in the
	// order of the list; AfterID "" for the first page.
	AfterTime time.Time
	AfterID   string
	Limit     int
}

// Summary is a conversation as the inbox lists it, for the member reading
// the list.
type Summary struct {
	ID            string         `json:"id"`
	Channel       SummaryChannel `json:"channel"`
	Contact       SummaryContact `json:"contact"`
	Lead          *SummaryLead   `json:"lead"` // nil when the lead was removed
	AgentID       string         `json:"agent_id"`
	Status        Status         `json:"status"`
	AIPaused      bool           `json:"ai_paused"`
	Labels        []string       `json:"labels"`
	LastMessageAt time.Time      `json:"last_message_at"`
	// LastMessage is the newest message of any author (system notes too),
	// nil before the first.
	LastMessage *LastMessage `json:"last_message"`
	// Unread counts the lead's messages after the member's read mark.
	Unread int `json:"unread"`
	// WindowExpiresAt is when WhatsApp's 24-hour window after the lead's
	// last message closes (nil on the playground or before the lead wrote).
	WindowExpiresAt *time.Time `json:"window_expires_at"`
}

// SummaryChannel is a conversation's channel in a Summary.
type SummaryChannel struct {
	ID   string      `json:"id"`
	Type ChannelType `json:"type"`
	Name string      `json:"name"`
}

// SummaryContact is a conversation's contact in a Summary.
type SummaryContact struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
	WaID  string `json:"wa_id"`
}

// SummaryLead is a conversation's lead in a Summary.
type SummaryLead struct {
	ID         string `json:"id"`
	Stage      Stage  `json:"stage"`
	AssigneeID string `json:"assignee_id"` // "" for none
}

// LastMessage is a conversation's newest message in a Summary.
type LastMessage struct {
	ID        string        `json:"id"`
	Author    Author        `json:"author"`
	Direction Direction     `json:"direction"`
	Text      string        `json:"text"`
	Status    MessageStatus `json:"status"`
	CreatedAt time.Time     `json:"created_at"`
}

// WhatsAppWindow is how long after the lead's last message a business may
// write freely on WhatsApp.
const WhatsAppWindow = 24 * time.Hour

// Note is an internal note on a conversation: for the team, never sent.
type Note struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"-"`
	ConversationID string    `json:"-"`
	UserID         string    `json:"user_id"`   // "" once the account is gone
	UserName       string    `json:"user_name"` // the author's name when read
	Text           string    `json:"text"`
	CreatedAt      time.Time `json:"created_at"`
}

// Note and label limits.
const (
	MaxNote       = 2000 // characters
	MaxLabel      = 32   // characters
	MaxLabels     = 10
	MaxReply      = 4096 // characters: WhatsApp's limit for a text message
	MaxNotesShown = 500
)

// Person is the member acting, named in the system messages of what they do.
type Person struct {
	UserID string
	Name   string
}

// Change is what one store transaction changes in a conversation; nil
// fields stay as they are. Messages (system notes) are appended in the same
// transaction, with the conversation.message events, and the change records
// conversation.updated (and lead.updated when the lead's assignee changes).
type Change struct {
	Status   *Status
	ByUserID string // who closes it, with Status closed
	AIPaused *bool
	Labels   *[]string // replaces them all
	// AssigneeID sets the lead's assignee ("" for none); AssignIfNone sets
	// it only when the lead has none. Either is ignored without a lead.
	AssigneeID   *string
	AssignIfNone string
	Messages     []Message // system messages; IDs, times and authors set
	Now          time.Time
}

// LeadChange is what one store transaction changes in a lead; nil fields
// stay. Messages are added to each of the lead's conversations that are
// not closed (ConversationID is filled per conversation), and the change
// records lead.updated and conversation.updated for them.
type LeadChange struct {
	Stage      *Stage
	AssigneeID *string
	Messages   []Message
	Now        time.Time
}

// DeskStore is what the inbox's desk (the list, takeover, assignment,
// labels, notes, read marks) needs of the database, beside Store.
type DeskStore interface {
	// Conversations lists the organization's conversations matching q for
	// userID (whose read marks count unread), newest activity first, up to
	// q.Limit.
	Conversations(ctx context.Context, orgID, userID string, q ListQuery) ([]Summary, error)
	// Unread counts the lead's messages of a conversation after userID's
	// read mark. ENOTFOUND.
	Unread(ctx context.Context, orgID, userID, conversationID string) (int, error)
	// MarkRead moves userID's read mark of a conversation up to seq (0 or
	// past the end: its latest message); it never moves back. ENOTFOUND.
	MarkRead(ctx context.Context, orgID, userID, conversationID string, seq int64, now time.Time) error
	// ChangeConversation applies ch in one transaction. ENOTFOUND;
	// ECONFLICT when reopening it would make a second conversation of its
	// contact on the channel that is not closed.
	ChangeConversation(ctx context.Context, orgID, id string, ch Change) error
	// ChangeLead applies ch to a lead in one transaction. ENOTFOUND;
	// ECONFLICT when reopening it would make a second open lead.
	ChangeLead(ctx context.Context, orgID, leadID string, ch LeadChange) error
	Lead(ctx context.Context, orgID, id string) (*Lead, error)
	// Member returns a member's name and availability; ENOTFOUND for one
	// who is not a member of the organization.
	Member(ctx context.Context, orgID, userID string) (name string, available bool, err error)
	SetAvailable(ctx context.Context, orgID, userID string, available bool, now time.Time) error
	AddNote(ctx context.Context, orgID string, n *Note) error
	// Notes lists a conversation's notes, oldest first, up to limit.
	// ENOTFOUND.
	Notes(ctx context.Context, orgID, conversationID string, limit int) ([]Note, error)
}

// Fold lowers s and removes the accents of Latin letters ("Conceição" →
// "conceicao"): how the inbox's search compares names and words.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if f, ok := folds[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

var folds = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i',
	'ó': 'o', 'ò': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u',
	'ç': 'c', 'ñ': 'n',
}

// FoldFrom and FoldTo are Fold's letters as PostgreSQL's translate takes
// them (after lower), rune for rune.
const (
	FoldFrom = "áàâãäéèêëíìîïóòôõöúùûüçñ"
	FoldTo   = "aaaaaeeeeiiiiooooouuuucn"
)

var (
	errListCursor = piloto.Invalid("Cursor inválido.", map[string]string{"cursor": "cursor inválido"})
)

// List returns a page of the organization's conversations for userID,
// newest activity first, and the cursor of the next page ("" at the end).
//
// The view picks the conversations (see View; "" is all). Playground
// conversations are left out unless ChannelID names the playground or
// IncludeTests is set. The search (Query) matches, ignoring case and
// Portuguese accents on both databases: a substring of the contact's name;
// with 3 digits or more, a substring of the phone; or conversations whose
// messages have, for each word of the query, a word starting with it
// ("instala solar" finds "Instalação … painéis solares", in one message or
// several). Message search is by word prefix, not substring, so that an
// index serves it (one search document per conversation: PostgreSQL's GIN
// over folded words, SQLite's FTS5).
//
// EINVALID for an unknown view, a limit out of 1 to MaxList or a cursor it
// did not make.
func (s *Service) List(ctx context.Context, orgID, userID string, f Filter) ([]Summary, string, error) {
	d := s.Store
	if f.View == "" {
		f.View = ViewAll
	}
	fields := map[string]string{}
	if !f.View.Valid() {
		fields["view"] = "deve ser all, mine, unassigned, waiting, ai_active ou closed"
	}
	if f.Limit == 0 {
		f.Limit = DefaultList
	}
	if f.Limit < 1 || f.Limit > MaxList {
		fields["limit"] = "deve ser de 1 a 100"
	}
	if len(fields) > 0 {
		return nil, "", piloto.Invalid("Filtro inválido.", fields)
	}
	q := ListQuery{View: f.View, AgentID: f.AgentID, ChannelID: f.ChannelID, Label: strings.TrimSpace(f.Label),
		IncludeTests: f.IncludeTests, Limit: f.Limit + 1}
	if f.Cursor != "" {
		var err error
		if q.AfterTime, q.AfterID, err = decodeListCursor(f.Cursor); err != nil {
			return nil, "", err
		}
	}
	if query := strings.TrimSpace(f.Query); query != "" {
		q.NameLike = Fold(query)
		var digits strings.Builder
		for _, r := range query {
			if r >= '0' && r <= '9' {
				digits.WriteRune(r)
			}
		}
		if digits.Len() >= 3 {
			q.PhoneDigits = digits.String()
		}
		q.Words = searchWords(query)
	}
	list, err := d.Conversations(ctx, orgID, userID, q)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > f.Limit {
		list = list[:f.Limit]
		last := list[len(list)-1]
		next = encodeListCursor(last.LastMessageAt, last.ID)
	}
	return list, next, nil
}

// searchWords splits a search into its folded words (runs of letters or
// digits), at most 8.
func searchWords(q string) []string {
	words := strings.FieldsFunc(Fold(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := make([]string, 0, len(words))
	for _, w := range words {
		// Only ASCII letters and digits reach the index's query syntax.
		ok := true
		for _, r := range w {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
				ok = false
			}
		}
		if ok && len(out) < 8 {
			out = append(out, w)
		}
	}
	return out
}

func encodeListCursor(t time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(t.UTC().Format(time.RFC3339Nano) + "|" + id))
}

func decodeListCursor(c string) (time.Time, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, "", errListCursor
	}
	ts, id, ok := strings.Cut(string(b), "|")
	t, err := time.Parse(time.RFC3339Nano, ts)
	if !ok || err != nil || id == "" {
		return time.Time{}, "", errListCursor
	}
	return t.UTC(), id, nil
}

// ConversationFor is Conversation with the unread count of userID.
// ENOTFOUND.
func (s *Service) ConversationFor(ctx context.Context, orgID, userID, id string) (*Conversation, error) {
	d := s.Store
	c, err := s.Store.Conversation(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if c.Unread, err = d.Unread(ctx, orgID, userID, id); err != nil {
		return nil, err
	}
	return c, nil
}

// MarkRead marks a conversation read by userID up to seq (0: up to its
// latest message). Read marks are per member and record no event.
// ENOTFOUND.
func (s *Service) MarkRead(ctx context.Context, orgID, userID, id string, seq int64) error {
	d := s.Store
	if seq < 0 {
		return piloto.Invalid("Posição inválida.", map[string]string{"seq": "deve ser positivo"})
	}
	return d.MarkRead(ctx, orgID, userID, id, seq, s.Clock.Now())
}

var errClosed = piloto.Errorf(piloto.ECONFLICT, "Esta conversa está encerrada. Reabra-a primeiro.")

// system is a system message of the conversation id saying text.
func (s *Service) system(id, text string) Message {
	return Message{ID: piloto.NewID(), ConversationID: id, Author: AuthorSystem, Direction: DirectionOut,
		Text: text, Status: MessageSent, CreatedAt: s.Clock.Now()}
}

// TakeOver has by take a conversation from the AI: the AI is paused (the
// runtime skips it with "ai_paused"), the lead is assigned to by when it
// has no assignee, and the system message "<Nome> assumiu a conversa" is
// added. Taking over a conversation already taken over changes nothing and
// adds no message. A closed conversation cannot be taken over (ECONFLICT:
// reopen it first). ENOTFOUND.
func (s *Service) TakeOver(ctx context.Context, orgID string, by Person, id string) (*Conversation, error) {
	d := s.Store
	c, err := s.Store.Conversation(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if c.Status == StatusClosed {
		return nil, errClosed
	}
	if !c.AIPaused {
		paused := true
		if err := d.ChangeConversation(ctx, orgID, id, Change{AIPaused: &paused, AssignIfNone: by.UserID,
			Messages: []Message{s.system(id, by.Name+" assumiu a conversa")}, Now: s.Clock.Now()}); err != nil {
			return nil, err
		}
	}
	return s.ConversationFor(ctx, orgID, by.UserID, id)
}

// HandBack gives a conversation back to the AI: the AI is no longer paused,
// a conversation waiting for a person is open again (the AI answers the
// lead's next message), and the system message "<Nome> devolveu a conversa
// para a IA" is added. The lead keeps its assignee. Handing back a
// conversation the AI has (open, not paused) changes nothing. ECONFLICT for
// a closed conversation; ENOTFOUND.
func (s *Service) HandBack(ctx context.Context, orgID string, by Person, id string) (*Conversation, error) {
	d := s.Store
	c, err := s.Store.Conversation(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if c.Status == StatusClosed {
		return nil, errClosed
	}
	if c.AIPaused || c.Status == StatusWaitingHuman {
		paused, open := false, StatusOpen
		ch := Change{AIPaused: &paused, Messages: []Message{s.system(id, by.Name+" devolveu a conversa para a IA")},
			Now: s.Clock.Now()}
		if c.Status == StatusWaitingHuman {
			ch.Status = &open
		}
		if err := d.ChangeConversation(ctx, orgID, id, ch); err != nil {
			return nil, err
		}
	}
	return s.ConversationFor(ctx, orgID, by.UserID, id)
}

// Reply stores a person's message in a conversation (author human, by
// them), 1 to MaxReply characters, with status pending: the outbound path
// sends WhatsApp ones. Replying does not pause the AI by itself: the inbox
// takes the conversation over first, so that the AI does not answer the
// lead's next message too. ECONFLICT for a closed conversation; ENOTFOUND;
// EINVALID.
func (s *Service) Reply(ctx context.Context, orgID string, by Person, id, text string) (*Message, error) {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > MaxReply {
		return nil, piloto.Invalid("Confira a mensagem.", map[string]string{"text": "deve ter de 1 a 4096 caracteres"})
	}
	c, err := s.Store.Conversation(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if c.Status == StatusClosed {
		return nil, errClosed
	}
	return s.AddMessage(ctx, orgID, id, Message{Author: AuthorHuman, AuthorUserID: by.UserID, Text: text})
}

// ConversationUpdate is what a person changes in a conversation (PATCH);
// nil fields stay.
type ConversationUpdate struct {
	Status     *Status   `json:"status"`      // open or closed
	Labels     *[]string `json:"labels"`      // replaces them
	AssigneeID *string   `json:"assignee_id"` // a member's id, "" for none
}

// Update changes a conversation's status, labels and lead's assignee in one
// transaction, with a system message for each change people should see:
// "Encerrada por <Nome>", "Reaberta por <Nome>", "Atribuída a <Nome>" or
// "Atribuição removida por <Nome>" (labels add none). Status is open
// (reopen) or closed; waiting_human is the runtime's, and open leaves a
// waiting conversation waiting (HandBack gives it to the AI; a person
// answers it as it is). Labels are trimmed,
// 1 to MaxLabel characters, at most MaxLabels, duplicates dropped.
// EINVALID (the assignee must be a member of the organization); ECONFLICT
// when reopening it would make a second open conversation of the contact on
// the channel, or when assigning a conversation without a lead; ENOTFOUND.
func (s *Service) Update(ctx context.Context, orgID string, by Person, id string, u ConversationUpdate) (*Conversation, error) {
	d := s.Store
	fields := map[string]string{}
	if u.Status != nil && *u.Status != StatusOpen && *u.Status != StatusClosed {
		fields["status"] = "deve ser open ou closed"
	}
	var labels []string
	if u.Labels != nil {
		var msg string
		if labels, msg = cleanLabels(*u.Labels); msg != "" {
			fields["labels"] = msg
		}
	}
	assigneeName := ""
	if u.AssigneeID != nil && *u.AssigneeID != "" {
		name, _, err := d.Member(ctx, orgID, *u.AssigneeID)
		if piloto.ErrorCode(err) == piloto.ENOTFOUND {
			fields["assignee_id"] = "não é membro da organização"
		} else if err != nil {
			return nil, err
		}
		assigneeName = name
	}
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	c, err := s.Store.Conversation(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	ch := Change{Now: s.Clock.Now(), ByUserID: by.UserID}
	if u.Status != nil && *u.Status != c.Status && !(*u.Status == StatusOpen && c.Status == StatusWaitingHuman) {
		ch.Status = u.Status
		if *u.Status == StatusClosed {
			ch.Messages = append(ch.Messages, s.system(id, "Encerrada por "+by.Name))
		} else {
			ch.Messages = append(ch.Messages, s.system(id, "Reaberta por "+by.Name))
		}
	}
	if u.Labels != nil {
		ch.Labels = &labels
	}
	if u.AssigneeID != nil {
		if c.Lead == nil {
			return nil, piloto.Errorf(piloto.ECONFLICT, "Esta conversa não tem lead para atribuir.")
		}
		if *u.AssigneeID != c.Lead.AssigneeID {
			ch.AssigneeID = u.AssigneeID
			if *u.AssigneeID == "" {
				ch.Messages = append(ch.Messages, s.system(id, "Atribuição removida por "+by.Name))
			} else {
				ch.Messages = append(ch.Messages, s.system(id, "Atribuída a "+assigneeName))
			}
		}
	}
	if err := d.ChangeConversation(ctx, orgID, id, ch); err != nil {
		return nil, err
	}
	return s.ConversationFor(ctx, orgID, by.UserID, id)
}

// cleanLabels trims labels, drops duplicates and checks their sizes: it
// returns what is wrong, "" when nothing is.
func cleanLabels(in []string) ([]string, string) {
	out := []string{}
	seen := map[string]bool{}
	for _, l := range in {
		l = strings.TrimSpace(l)
		if n := utf8.RuneCountInString(l); n < 1 || n > MaxLabel {
			return nil, "cada etiqueta deve ter de 1 a 32 caracteres"
		}
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	if len(out) > MaxLabels {
		return nil, "no máximo 10 etiquetas"
	}
	return out, ""
}

// LeadUpdate is what a person changes in a lead (PATCH); nil fields stay.
type LeadUpdate struct {
	Stage      *Stage  `json:"stage"`
	AssigneeID *string `json:"assignee_id"` // a member's id, "" for none
}

// UpdateLead moves a lead to another stage and sets its assignee, in one
// transaction, with a system message in each of its conversations that are
// not closed: "Etapa alterada para <Etapa> por <Nome>", "Atribuída a
// <Nome>", "Atribuição removida por <Nome>". Won or lost closes the lead.
// EINVALID (an unknown stage, an assignee who is not a member); ECONFLICT
// when reopening a lead whose contact has another open one; ENOTFOUND.
func (s *Service) UpdateLead(ctx context.Context, orgID string, by Person, id string, u LeadUpdate) (*Lead, error) {
	d := s.Store
	fields := map[string]string{}
	if u.Stage != nil && !u.Stage.Valid() {
		fields["stage"] = "etapa desconhecida"
	}
	assigneeName := ""
	if u.AssigneeID != nil && *u.AssigneeID != "" {
		name, _, err := d.Member(ctx, orgID, *u.AssigneeID)
		if piloto.ErrorCode(err) == piloto.ENOTFOUND {
			fields["assignee_id"] = "não é membro da organização"
		} else if err != nil {
			return nil, err
		}
		assigneeName = name
	}
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	l, err := d.Lead(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	ch := LeadChange{Now: s.Clock.Now()}
	if u.Stage != nil && *u.Stage != l.Stage {
		ch.Stage = u.Stage
		ch.Messages = append(ch.Messages, s.system("", "Etapa alterada para "+u.Stage.Label()+" por "+by.Name))
	}
	if u.AssigneeID != nil && *u.AssigneeID != l.AssigneeID {
		ch.AssigneeID = u.AssigneeID
		if *u.AssigneeID == "" {
			ch.Messages = append(ch.Messages, s.system("", "Atribuição removida por "+by.Name))
		} else {
			ch.Messages = append(ch.Messages, s.system("", "Atribuída a "+assigneeName))
		}
	}
	if ch.Stage != nil || ch.AssigneeID != nil {
		if err := d.ChangeLead(ctx, orgID, id, ch); err != nil {
			return nil, err
		}
	}
	return d.Lead(ctx, orgID, id)
}

// AddNote adds by's internal note (1 to MaxNote characters) to a
// conversation, with a conversation.note event; notes are never sent to
// the lead. ENOTFOUND; EINVALID.
func (s *Service) AddNote(ctx context.Context, orgID string, by Person, id, text string) (*Note, error) {
	d := s.Store
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > MaxNote {
		return nil, piloto.Invalid("Confira a nota.", map[string]string{"text": "deve ter de 1 a 2000 caracteres"})
	}
	n := &Note{ID: piloto.NewID(), OrganizationID: orgID, ConversationID: id, UserID: by.UserID, UserName: by.Name,
		Text: text, CreatedAt: s.Clock.Now()}
	if err := d.AddNote(ctx, orgID, n); err != nil {
		return nil, err
	}
	return n, nil
}

// Notes lists a conversation's notes, oldest first (the latest
// MaxNotesShown). ENOTFOUND.
func (s *Service) Notes(ctx context.Context, orgID, id string) ([]Note, error) {
	d := s.Store
	return d.Notes(ctx, orgID, id, MaxNotesShown)
}

// SetAvailable says whether userID takes conversations ("Disponível para
// atendimento"): round-robin assignment skips members who are not.
// ENOTFOUND for one who is not a member.
func (s *Service) SetAvailable(ctx context.Context, orgID, userID string, available bool) error {
	d := s.Store
	return d.SetAvailable(ctx, orgID, userID, available, s.Clock.Now())
}
