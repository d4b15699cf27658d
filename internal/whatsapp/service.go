package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/secrets"
)

// Store is what channels need of the database (store.DB). Every method but
// the webhook's lookups takes the organization first; another
// organization's channel is ENOTFOUND.
type Store interface {
	CreateWhatsAppChannel(ctx context.Context, c *Channel, e audit.Event) error
	WhatsAppChannels(ctx context.Context, orgID string) ([]Channel, error)
	WhatsAppChannel(ctx context.Context, orgID, id string) (*Channel, error)
	UpdateWhatsAppChannel(ctx context.Context, c *Channel, e audit.Event) error
	// ProveWhatsAppChannel records the proof of the token sealed as sealed
	// for phoneNumberID (ENOTFOUND when either changed since; ECONFLICT
	// when another channel proved the number).
	ProveWhatsAppChannel(ctx context.Context, orgID, id, sealed, phoneNumberID, display, verifiedName string, at time.Time) error
	SetWhatsAppTokenError(ctx context.Context, orgID, id, sealed, message string, at time.Time) error
	DeleteWhatsAppChannel(ctx context.Context, orgID, id string, e audit.Event) error
}

// Audit actions.
const (
	ActionChannelCreated = "whatsapp.channel_created"
	ActionChannelUpdated = "whatsapp.channel_updated"
	ActionChannelDeleted = "whatsapp.channel_deleted"
)

// Actor is who changes a channel, for the audit log.
type Actor struct {
	UserID    string
	IP        string
	UserAgent string
}

// Service runs an organization's WhatsApp channels. Who may change them
// (admins) is the route's to check.
type Service struct {
	Store Store
	Box   *secrets.Box
	Graph *Graph
	Clock piloto.Clock
	// PublicURL is where Meta reaches the webhooks (PILOTO_PUBLIC_URL).
	PublicURL string
	Logger    *slog.Logger
}

// Input is what a person types for a channel. On update, nil fields stay as
// they are; an empty AppSecret and VerifyToken together go back to the
// platform's Meta app.
type Input struct {
	Name          *string `json:"name"`
	PhoneNumberID *string `json:"phone_number_id"`
	WABAID        *string `json:"waba_id"`
	DisplayNumber *string `json:"display_number"`
	AccessToken   *string `json:"access_token"`
	AgentID       *string `json:"agent_id"`
	Enabled       *bool   `json:"enabled"`
	AppSecret     *string `json:"app_secret"`
	VerifyToken   *string `json:"verify_token"`
}

// View is what the app shows of a channel: never its token or app secret,
// only their last characters; its own verify token (which the tenant types
// into Meta) only for its own app.
type View struct {
	ID             string     `json:"id"`
	Type           string     `json:"type"`
	Name           string     `json:"name"`
	PhoneNumberID  string     `json:"phone_number_id"`
	WABAID         string     `json:"waba_id"`
	DisplayNumber  string     `json:"display_number"`
	VerifiedName   string     `json:"verified_name"`
	AgentID        string     `json:"agent_id"`
	Enabled        bool       `json:"enabled"`
	TokenHint      string     `json:"token_hint"`
	OwnApp         bool       `json:"own_app"`
	WebhookURL     string     `json:"webhook_url"`
	VerifyToken    string     `json:"verify_token,omitempty"`
	AppSecretHint  string     `json:"app_secret_hint,omitempty"`
	ProvenAt       *time.Time `json:"proven_at"`
	TokenError     string     `json:"token_error"`
	TokenErrorAt   *time.Time `json:"token_error_at"`
	LastWebhookAt  *time.Time `json:"last_webhook_at"`
	DroppedEntries int64      `json:"dropped_entries"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// TestResult is what "Testar conexão" says.
type TestResult struct {
	OK           bool   `json:"ok"`
	DisplayPhone string `json:"display_number,omitempty"`
	VerifiedName string `json:"verified_name,omitempty"`
	Code         int    `json:"code,omitempty"`
	Message      string `json:"message,omitempty"`
}

// Field limits.
const (
	maxName   = 80
	maxID     = 32
	maxSecret = 1024
)

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

// Hint shows the last four characters of a secret.
func Hint(secret string) string {
	if len(secret) <= 8 {
		return "…"
	}
	return "…" + secret[len(secret)-4:]
}

// view makes what the app sees of c.
func (s *Service) view(c *Channel) *View {
	v := &View{ID: c.ID, Type: "whatsapp", Name: c.Name, PhoneNumberID: c.PhoneNumberID, WABAID: c.WABAID,
		DisplayNumber: c.DisplayNumber, VerifiedName: c.VerifiedName, AgentID: c.AgentID, Enabled: c.Enabled,
		TokenHint: c.TokenHint, OwnApp: c.OwnApp(), ProvenAt: c.ProvenAt, TokenError: c.TokenError,
		TokenErrorAt: c.TokenErrorAt, LastWebhookAt: c.LastWebhookAt, DroppedEntries: c.DroppedEntries,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		WebhookURL: strings.TrimRight(s.PublicURL, "/") + "/webhooks/whatsapp"}
	if c.OwnApp() {
		v.WebhookURL += "/" + c.ID
		v.AppSecretHint = c.AppSecretHint
		token, err := s.Box.Open(c.VerifyToken, VerifyTokenAAD(c.ID))
		if err != nil {
			s.logger().Error("a channel's verify token does not open", "channel_id", c.ID, "err", err)
		}
		v.VerifyToken = token
	}
	return v
}

// List returns the organization's WhatsApp channels.
func (s *Service) List(ctx context.Context, orgID string) ([]View, error) {
	list, err := s.Store.WhatsAppChannels(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, len(list))
	for i := range list {
		out = append(out, *s.view(&list[i]))
	}
	return out, nil
}

// Get returns one channel. ENOTFOUND.
func (s *Service) Get(ctx context.Context, orgID, id string) (*View, error) {
	c, err := s.Store.WhatsAppChannel(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	return s.view(c), nil
}

// check validates and trims an input; create requires the name, number and
// token. EINVALID naming each wrong field.
func check(in *Input, create bool) error {
	fields := map[string]string{}
	trim := func(p **string) {
		if *p != nil {
			v := strings.TrimSpace(**p)
			*p = &v
		}
	}
	trim(&in.Name)
	trim(&in.PhoneNumberID)
	trim(&in.WABAID)
	trim(&in.DisplayNumber)
	trim(&in.AccessToken)
	trim(&in.AgentID)
	trim(&in.AppSecret)
	trim(&in.VerifyToken)
	digits := func(key string, v *string, required bool) {
		switch {
		case v == nil || *v == "":
			if required || v != nil && key == "phone_number_id" {
				fields[key] = "Obrigatório."
			}
		case len(*v) > maxID || strings.Trim(*v, "0123456789") != "":
			fields[key] = "Use só os dígitos do ID, como aparece no painel da Meta."
		}
	}
	if in.Name != nil || create {
		switch {
		case in.Name == nil || *in.Name == "":
			fields["name"] = "Dê um nome ao canal."
		case utf8.RuneCountInString(*in.Name) > maxName:
			fields["name"] = fmt.Sprintf("No máximo %d caracteres.", maxName)
		}
	}
	digits("phone_number_id", in.PhoneNumberID, create)
	digits("waba_id", in.WABAID, false)
	if in.DisplayNumber != nil && utf8.RuneCountInString(*in.DisplayNumber) > 32 {
		fields["display_number"] = "No máximo 32 caracteres."
	}
	secret := func(key string, v *string, required bool) {
		switch {
		case v == nil || *v == "":
			if required || (v != nil && key == "access_token") {
				fields[key] = "Obrigatório."
			}
		case len(*v) > maxSecret:
			fields[key] = fmt.Sprintf("No máximo %d caracteres. Confira se você copiou só o valor.", maxSecret)
		case strings.ContainsFunc(*v, func(r rune) bool { return r <= ' ' || r >= 0x7f }):
			fields[key] = "Sem espaços, quebras de linha nem acentos. Copie de novo do painel da Meta."
		}
	}
	secret("access_token", in.AccessToken, create)
	secret("app_secret", in.AppSecret, false)
	secret("verify_token", in.VerifyToken, false)
	if in.AppSecret != nil && in.VerifyToken != nil && (*in.AppSecret == "") != (*in.VerifyToken == "") {
		fields["verify_token"] = "Informe a chave secreta do app e o token de verificação juntos, ou nenhum dos dois."
	}
	if len(fields) > 0 {
		return piloto.Invalid("Confira os campos destacados.", fields)
	}
	return nil
}

func (s *Service) auditEvent(orgID string, by Actor, action string, details map[string]string) audit.Event {
	ua := strings.ToValidUTF8(by.UserAgent, "")
	if len(ua) > 256 {
		ua = strings.ToValidUTF8(ua[:256], "")
	}
	return audit.Event{ID: piloto.NewID(), OrganizationID: orgID, UserID: by.UserID, Action: action, IP: by.IP,
		UserAgent: ua, Details: details, CreatedAt: s.Clock.Now()}
}

// Create adds a WhatsApp channel, not yet proven: "Testar conexão" proves
// it. EINVALID; ENOTFOUND for an agent of another organization.
func (s *Service) Create(ctx context.Context, orgID string, by Actor, in Input) (*View, error) {
	if err := check(&in, true); err != nil {
		return nil, err
	}
	if (in.AppSecret == nil) != (in.VerifyToken == nil) {
		return nil, piloto.Invalid("Confira os campos destacados.",
			map[string]string{"verify_token": "Informe a chave secreta do app e o token de verificação juntos, ou nenhum dos dois."})
	}
	now := s.Clock.Now()
	c := &Channel{ID: piloto.NewID(), OrganizationID: orgID, Name: *in.Name, PhoneNumberID: *in.PhoneNumberID,
		Enabled: true, CreatedAt: now, UpdatedAt: now}
	if in.WABAID != nil {
		c.WABAID = *in.WABAID
	}
	if in.DisplayNumber != nil {
		c.DisplayNumber = *in.DisplayNumber
	}
	if in.AgentID != nil {
		c.AgentID = *in.AgentID
	}
	if in.Enabled != nil {
		c.Enabled = *in.Enabled
	}
	if err := s.seal(c, in); err != nil {
		return nil, err
	}
	e := s.auditEvent(orgID, by, ActionChannelCreated, map[string]string{"channel": c.Name,
		"phone_number_id": c.PhoneNumberID, "token_hint": c.TokenHint})
	if err := s.Store.CreateWhatsAppChannel(ctx, c, e); err != nil {
		return nil, err
	}
	return s.Get(ctx, orgID, c.ID)
}

// seal puts the secrets of in into c.
func (s *Service) seal(c *Channel, in Input) error {
	var err error
	if in.AccessToken != nil {
		if c.AccessToken, err = s.Box.Seal(*in.AccessToken, TokenAAD(c.ID)); err != nil {
			return err
		}
		c.TokenHint = Hint(*in.AccessToken)
	}
	if in.AppSecret != nil {
		c.AppSecret, c.AppSecretHint, c.VerifyToken = "", "", ""
		if *in.AppSecret != "" {
			if c.AppSecret, err = s.Box.Seal(*in.AppSecret, AppSecretAAD(c.ID)); err != nil {
				return err
			}
			c.AppSecretHint = Hint(*in.AppSecret)
		}
	}
	if in.VerifyToken != nil && *in.VerifyToken != "" {
		if c.VerifyToken, err = s.Box.Seal(*in.VerifyToken, VerifyTokenAAD(c.ID)); err != nil {
			return err
		}
	}
	return nil
}

// Update changes a channel. A new number or token must be proven again
// ("Testar conexão"): until then the channel is not routed to. EINVALID;
// ENOTFOUND.
func (s *Service) Update(ctx context.Context, orgID, id string, by Actor, in Input) (*View, error) {
	if err := check(&in, false); err != nil {
		return nil, err
	}
	c, err := s.Store.WhatsAppChannel(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if in.AppSecret != nil && *in.AppSecret != "" && in.VerifyToken == nil && c.VerifyToken == "" {
		return nil, piloto.Invalid("Confira os campos destacados.",
			map[string]string{"verify_token": "Informe também o token de verificação do seu app."})
	}
	changed := []string{}
	set := func(name string, dst *string, v *string) {
		if v != nil && *v != *dst {
			*dst = *v
			changed = append(changed, name)
		}
	}
	set("name", &c.Name, in.Name)
	number := c.PhoneNumberID
	set("phone_number_id", &c.PhoneNumberID, in.PhoneNumberID)
	set("waba_id", &c.WABAID, in.WABAID)
	set("display_number", &c.DisplayNumber, in.DisplayNumber)
	set("agent_id", &c.AgentID, in.AgentID)
	if in.Enabled != nil && *in.Enabled != c.Enabled {
		c.Enabled = *in.Enabled
		changed = append(changed, "enabled")
	}
	if in.AccessToken != nil {
		changed = append(changed, "access_token")
	}
	if in.AppSecret != nil || in.VerifyToken != nil {
		changed = append(changed, "own_app")
	}
	if len(changed) == 0 {
		return s.view(c), nil
	}
	if err := s.seal(c, in); err != nil {
		return nil, err
	}
	if in.AccessToken != nil || c.PhoneNumberID != number {
		c.ProvenAt = nil
		c.TokenError, c.TokenErrorAt = "", nil
	}
	c.UpdatedAt = s.Clock.Now()
	e := s.auditEvent(orgID, by, ActionChannelUpdated, map[string]string{"channel": c.Name,
		"changed": strings.Join(changed, ","), "token_hint": c.TokenHint})
	if err := s.Store.UpdateWhatsAppChannel(ctx, c, e); err != nil {
		return nil, err
	}
	return s.Get(ctx, orgID, id)
}

// Delete removes a channel that has no conversations. ENOTFOUND;
// ECONFLICT.
func (s *Service) Delete(ctx context.Context, orgID, id string, by Actor) error {
	c, err := s.Store.WhatsAppChannel(ctx, orgID, id)
	if err != nil {
		return err
	}
	e := s.auditEvent(orgID, by, ActionChannelDeleted, map[string]string{"channel": c.Name, "phone_number_id": c.PhoneNumberID})
	return s.Store.DeleteWhatsAppChannel(ctx, orgID, id, e)
}

// Test calls the Graph API with the channel's token for its number. When
// Meta returns that number, the channel is proven and routed to from then
// on; when Meta says the token is invalid (190), the channel shows it.
// Meta's refusals are a TestResult, not an error. ECONFLICT when another
// channel of the platform proved the number; ENOTFOUND.
func (s *Service) Test(ctx context.Context, orgID, id string) (*TestResult, error) {
	c, err := s.Store.WhatsAppChannel(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	token, err := s.Box.Open(c.AccessToken, TokenAAD(c.ID))
	if err != nil {
		s.logger().Error("a channel's token does not open", "channel_id", c.ID, "err", err)
		return &TestResult{Message: "O token salvo não pode mais ser lido (a chave do servidor mudou). Salve o token de novo."}, nil
	}
	info, err := s.Graph.Number(ctx, c.PhoneNumberID, token)
	var ge *GraphError
	if errors.As(err, &ge) {
		s.logger().Warn("whatsapp connection test failed", "channel_id", c.ID, "err", err)
		if ge.Code == CodeTokenInvalid {
			if err := s.Store.SetWhatsAppTokenError(ctx, orgID, id, c.AccessToken, ge.UserMessage(), s.Clock.Now()); err != nil &&
				piloto.ErrorCode(err) != piloto.ENOTFOUND {
				return nil, err
			}
		}
		return &TestResult{Code: ge.Code, Message: ge.UserMessage()}, nil
	}
	if err != nil {
		return nil, err
	}
	if info.ID != c.PhoneNumberID {
		return &TestResult{Message: "A Meta respondeu com outro número. Confira o ID do número de telefone."}, nil
	}
	if err := s.Store.ProveWhatsAppChannel(ctx, orgID, id, c.AccessToken, c.PhoneNumberID, info.DisplayPhoneNumber, info.VerifiedName, s.Clock.Now()); err != nil {
		if piloto.ErrorCode(err) == piloto.ENOTFOUND {
			return nil, piloto.Errorf(piloto.ECONFLICT, "O canal mudou durante o teste. Teste de novo.")
		}
		return nil, err
	}
	return &TestResult{OK: true, DisplayPhone: info.DisplayPhoneNumber, VerifiedName: info.VerifiedName}, nil
}
