package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/secrets"
)

// Audit log actions. Their details name the provider, the masked key and
// the base URL, never the key.
const (
	ActionKeySet     = "llm.key_set"
	ActionKeyRemoved = "llm.key_removed"
)

// MaxKeyLen is the longest API key an organization may save.
const MaxKeyLen = 300

// TestTimeout bounds "Testar" and a model list, retries included: a page
// waits no longer.
const TestTimeout = time.Minute

// Credential is an organization's own key for a provider, as stored: the key
// only sealed (internal/secrets), beside its masked form.
type Credential struct {
	OrganizationID string
	Provider       string
	APIKeySealed   string // sealed with AAD CredentialAAD(org, provider)
	KeyHint        string // Hint of the key: "sk-…a1b2"
	BaseURL        string // an OpenAI-compatible API (openai only); "" for the provider's own
	CreatedBy      string // "" once the user is gone
	CreatedAt      time.Time
	UpdatedAt      time.Time
	CheckedAt      *time.Time // the last "Testar"
	CheckError     string     // what it said went wrong, for people; "" when it worked
}

// CredentialAAD is the place a credential's sealed key is bound to: copied to
// another organization's or provider's row it does not open.
func CredentialAAD(orgID, provider string) string {
	return "llm-key:" + orgID + ":" + provider
}

// Store is what the Service needs of the database. Every method takes the
// organization first.
type Store interface {
	// LLMCredentials lists the organization's keys.
	LLMCredentials(ctx context.Context, orgID string) ([]Credential, error)
	// LLMCredential returns the organization's key for a provider, or
	// ENOTFOUND.
	LLMCredential(ctx context.Context, orgID, provider string) (*Credential, error)
	// SaveLLMCredential stores a key, replacing the organization's key for
	// that provider (its check forgotten), with the audit event.
	SaveLLMCredential(ctx context.Context, c *Credential, e audit.Event) error
	// DeleteLLMCredential removes a key with the audit event; ENOTFOUND when
	// there is none.
	DeleteLLMCredential(ctx context.Context, orgID, provider string, e audit.Event) error
	// SetLLMCredentialCheck records a test of the key sealed as sealed (not
	// of one saved since).
	SetLLMCredentialCheck(ctx context.Context, orgID, provider, sealed string, at time.Time, checkError string) error
	// RecordLLMUsage stores one call's usage.
	RecordLLMUsage(ctx context.Context, u *UsageRecord) error
	// LLMUsageBuckets sums the organization's usage from from (included) to
	// to (excluded) per UsageBucket of time, only the buckets with calls.
	LLMUsageBuckets(ctx context.Context, orgID string, from, to time.Time) ([]BucketUsage, error)
	// LLMUsageByAgent sums the organization's usage over the same range per
	// agent (the agent's name beside it; no agent for calls tied to none).
	LLMUsageByAgent(ctx context.Context, orgID string, from, to time.Time) ([]AgentUsage, error)
}

// URLChecker checks a URL an organization typed, at save time
// (safehttp.Client.CheckURL).
type URLChecker interface {
	CheckURL(ctx context.Context, raw string) error
}

// Service runs organizations' keys, tests them, hands the runtime a Provider
// for an organization, and records and sums what every call costs. Who may
// change keys (admins) or read usage (owners) is the route's to check.
type Service struct {
	Store Store
	// Box seals and opens organizations' keys.
	Box *secrets.Box
	// Config is the platform's settings: its keys, base URLs, timeouts and
	// prices.
	Config Config
	// Web is the outbound guard's client (safehttp.Client.HTTPClient): every
	// call to a base URL an organization set goes through it, so it reaches
	// only public addresses. Without it such calls are refused.
	Web *http.Client
	// URLs checks an organization's base URL when it is saved.
	URLs   URLChecker
	Clock  piloto.Clock
	Logger *slog.Logger

	pricesOnce sync.Once
	prices     *Prices
}

// Actor is who changes a key, for the audit log.
type Actor struct {
	UserID    string
	IP        string
	UserAgent string
}

// ProviderStatus is what the settings page shows of a provider.
type ProviderStatus struct {
	Provider string `json:"provider"`
	Name     string `json:"name"`
	// PlatformKey says whether the platform can call the provider for
	// organizations without a key of their own.
	PlatformKey     bool             `json:"platform_key"`
	OrganizationKey *OrganizationKey `json:"organization_key"`
	// Available says whether agents may use the provider: the
	// organization's key or the platform's.
	Available    bool   `json:"available"`
	DefaultModel string `json:"default_model"`
	// Default marks the platform's default provider (PILOTO_LLM_PROVIDER):
	// the one an agent without a provider of its own uses.
	Default bool `json:"default"`
}

// OrganizationKey is what is shown of an organization's key: never the key.
type OrganizationKey struct {
	KeyHint    string     `json:"key_hint"`
	BaseURL    string     `json:"base_url"`
	UpdatedAt  time.Time  `json:"updated_at"`
	CheckedAt  *time.Time `json:"checked_at"`
	CheckError string     `json:"check_error"`
}

// TestResult is what "Testar" says: the model answered (and the models the
// key may use), or what went wrong, for people.
type TestResult struct {
	OK      bool
	Model   string
	Models  []string // [] when the provider does not list them
	Kind    string   // an Error kind when not OK
	Message string   // in Portuguese, when not OK
}

// MarshalJSON writes {"ok":true,"model","models"} or
// {"ok":false,"kind","message"}.
func (r TestResult) MarshalJSON() ([]byte, error) {
	if r.OK {
		models := r.Models
		if models == nil {
			models = []string{}
		}
		return jsonMarshal(struct {
			OK     bool     `json:"ok"`
			Model  string   `json:"model"`
			Models []string `json:"models"`
		}{true, r.Model, models})
	}
	return jsonMarshal(struct {
		OK      bool   `json:"ok"`
		Kind    string `json:"kind"`
		Message string `json:"message"`
	}{false, r.Kind, r.Message})
}

// ModelList is the models a key may use, as its provider lists them.
type ModelList struct {
	Items []string `json:"items"`
	// Listed is false when the provider could not say (no list endpoint, no
	// key, or an error: Message says which for people).
	Listed  bool   `json:"listed"`
	Message string `json:"message,omitempty"`
}

// Name is how people call a provider: "OpenAI", "Anthropic", "Google Gemini".
func Name(provider string) string { return defaultService(provider) }

// Known says whether provider is one of Providers.
func Known(provider string) bool { return slices.Contains(Providers, provider) }

func errUnknownProvider() error {
	return piloto.Errorf(piloto.ENOTFOUND, "Provedor de IA desconhecido.")
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

// Hint masks a key for people: its first 3 and last 4 characters at most
// ("sk-…a1b2"), fewer for a short key, never its middle.
func Hint(key string) string {
	n := len(key)
	switch {
	case n >= 16:
		return key[:3] + "…" + key[n-4:]
	case n >= 8:
		return "…" + key[n-2:]
	}
	return "…"
}

// Available says, per provider, whether agents of the organization may use
// it: it has a key of its own, or the platform has one. (agent.ProviderCheck.)
func (s *Service) Available(ctx context.Context, orgID string) (map[string]bool, error) {
	creds, err := s.Store.LLMCredentials(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, p := range Providers {
		out[p] = s.Config.Configured(p)
	}
	for _, c := range creds {
		out[c.Provider] = true
	}
	return out, nil
}

// Providers lists every provider with the platform's and the organization's
// keys, in the order a user sees them.
func (s *Service) Providers(ctx context.Context, orgID string) ([]ProviderStatus, error) {
	creds, err := s.Store.LLMCredentials(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]ProviderStatus, 0, len(Providers))
	for _, p := range Providers {
		var own *Credential
		for i := range creds {
			if creds[i].Provider == p {
				own = &creds[i]
			}
		}
		out = append(out, s.status(p, own))
	}
	return out, nil
}

func (s *Service) status(provider string, own *Credential) ProviderStatus {
	st := ProviderStatus{
		Provider: provider, Name: Name(provider), PlatformKey: s.Config.Configured(provider),
		DefaultModel: s.defaultModel(provider, own != nil), Default: provider == s.Config.DefaultProviderName(),
	}
	if own != nil {
		st.OrganizationKey = &OrganizationKey{KeyHint: own.KeyHint, BaseURL: own.BaseURL, UpdatedAt: own.UpdatedAt,
			CheckedAt: own.CheckedAt, CheckError: own.CheckError}
	}
	st.Available = st.PlatformKey || own != nil
	return st
}

// defaultModel is the model used when none is named: with the platform's
// key, PILOTO_LLM_MODEL for the platform's provider; with an organization's
// own key (which may not reach the model the operator chose), the
// provider's default.
func (s *Service) defaultModel(provider string, ownKey bool) string {
	if !ownKey {
		if m := s.Config.Options(provider).Model; m != "" {
			return m
		}
	}
	return DefaultModels[provider]
}

// SetKey saves the organization's key for a provider (replacing any), with
// a base URL for an OpenAI-compatible API (openai only; "" for OpenAI's
// own). It returns the provider as the settings page shows it. ENOTFOUND for
// an unknown provider; EINVALID naming api_key or base_url.
func (s *Service) SetKey(ctx context.Context, orgID string, by Actor, provider, apiKey, baseURL string) (*ProviderStatus, error) {
	if !Known(provider) {
		return nil, errUnknownProvider()
	}
	apiKey = strings.TrimSpace(apiKey)
	baseURL = strings.TrimRight(strings.TrimSpace(baseURL), "/")
	fields := map[string]string{}
	switch {
	case apiKey == "":
		fields["api_key"] = "Informe a chave."
	case len(apiKey) > MaxKeyLen:
		fields["api_key"] = fmt.Sprintf("A chave tem no máximo %d caracteres. Confira se você copiou só a chave.", MaxKeyLen)
	case strings.ContainsFunc(apiKey, func(r rune) bool { return r <= ' ' || r >= 0x7f }):
		fields["api_key"] = "A chave não pode ter espaços, quebras de linha nem acentos. Copie-a de novo do painel do provedor."
	}
	if baseURL != "" {
		msg, err := s.checkBaseURL(ctx, provider, baseURL)
		if err != nil {
			return nil, err
		}
		if msg != "" {
			fields["base_url"] = msg
		}
	}
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	sealed, err := s.Box.Seal(apiKey, CredentialAAD(orgID, provider))
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	c := &Credential{OrganizationID: orgID, Provider: provider, APIKeySealed: sealed, KeyHint: Hint(apiKey),
		BaseURL: baseURL, CreatedBy: by.UserID, CreatedAt: now, UpdatedAt: now}
	e := s.auditEvent(orgID, by, ActionKeySet, provider, c.KeyHint, baseURL)
	if err := s.Store.SaveLLMCredential(ctx, c, e); err != nil {
		return nil, err
	}
	saved, err := s.Store.LLMCredential(ctx, orgID, provider)
	if err != nil {
		return nil, err
	}
	st := s.status(provider, saved)
	return &st, nil
}

// checkBaseURL says what is wrong with an organization's base URL ("" when
// nothing is), or fails when it cannot tell (DNS down: EUNAVAILABLE).
func (s *Service) checkBaseURL(ctx context.Context, provider, raw string) (string, error) {
	if provider != OpenAI {
		return "Só a OpenAI (e os serviços compatíveis com a API dela) aceita um endereço próprio. Deixe este campo vazio.", nil
	}
	if s.URLs == nil {
		return "", errors.New("llm: no URL checker for organizations' base URLs")
	}
	if err := s.URLs.CheckURL(ctx, raw); err != nil {
		var pe *piloto.Error
		if errors.As(err, &pe) && pe.Code == piloto.EINVALID {
			return pe.Message, nil
		}
		return "", err
	}
	if err := checkBaseURL(raw); err != nil {
		return "O endereço da API não pode ter parâmetros (?…) nem fragmento (#…). Use algo como https://api.groq.com/openai/v1.", nil
	}
	return "", nil
}

// DeleteKey removes the organization's key for a provider: its agents fall
// back to the platform's key, if any. ENOTFOUND when it has none.
func (s *Service) DeleteKey(ctx context.Context, orgID string, by Actor, provider string) error {
	if !Known(provider) {
		return errUnknownProvider()
	}
	cur, err := s.Store.LLMCredential(ctx, orgID, provider)
	if err != nil {
		return err
	}
	return s.Store.DeleteLLMCredential(ctx, orgID, provider, s.auditEvent(orgID, by, ActionKeyRemoved, provider, cur.KeyHint, cur.BaseURL))
}

func (s *Service) auditEvent(orgID string, by Actor, action, provider, hint, baseURL string) audit.Event {
	ua := by.UserAgent
	if len(ua) > 256 {
		ua = ua[:256]
	}
	ua = strings.ToValidUTF8(ua, "")
	return audit.Event{ID: piloto.NewID(), OrganizationID: orgID, UserID: by.UserID, Action: action, IP: by.IP, UserAgent: ua,
		Details:   map[string]string{"provider": provider, "key_hint": hint, "base_url": baseURL},
		CreatedAt: s.Clock.Now()}
}

// unreadableKeyError is a stored key that no longer opens: the secret key
// changed without PILOTO_SECRET_KEY_PREVIOUS, or the row was tampered with.
type unreadableKeyError struct{ provider string }

func (e *unreadableKeyError) Error() string {
	return "llm " + e.provider + ": the organization's stored key does not open"
}

func (e *unreadableKeyError) userMessage() string {
	return fmt.Sprintf("Não foi possível ler a chave salva %s. Salve a chave de novo em Configurações → IA.", serviceOf("", e.provider))
}

// resolve returns the options of a call for the organization: its own key
// when it has one, else the platform's. cred is the organization's key (nil
// with the platform's). An organization's key goes to the base URL it set
// (OpenAI-compatible only, through the outbound guard), else where the
// operator reaches that provider (PILOTO_*_BASE_URL, the operator's choice:
// a gateway, or a local server), else to the provider's own API.
func (s *Service) resolve(ctx context.Context, orgID, provider string) (Options, *Credential, error) {
	platform := s.Config.Options(provider)
	cred, err := s.Store.LLMCredential(ctx, orgID, provider)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		if !s.Config.Configured(provider) {
			return Options{}, nil, &Error{Kind: KindNotConfigured, Provider: provider, Service: Name(provider), Message: "no API key"}
		}
		return platform, nil, nil
	}
	if err != nil {
		return Options{}, nil, err
	}
	key, err := s.Box.Open(cred.APIKeySealed, CredentialAAD(orgID, provider))
	if err != nil {
		s.logger().ErrorContext(ctx, "an organization's LLM key does not open", "organization_id", orgID,
			"provider", provider, "err", err)
		return Options{}, cred, &unreadableKeyError{provider: provider}
	}
	o := Options{Provider: provider, APIKey: key, Timeout: s.Config.Timeout, Logger: s.Config.Logger, HTTPClient: s.Config.HTTPClient}
	if cred.BaseURL != "" {
		if s.Web == nil {
			return Options{}, cred, errors.New("llm: no guarded HTTP client for organizations' base URLs")
		}
		o.BaseURL, o.HTTPClient = cred.BaseURL, s.Web
	} else {
		o.BaseURL = platform.BaseURL
	}
	return o, cred, nil
}

// Test checks the organization's key for a provider (or the platform's,
// when it has none) with a model ("" for the default): the model must be in
// the provider's list, when it has one, and a tiny call must go through. The
// call's usage is recorded (purpose test), and so is the outcome on the
// organization's key. A failure of the provider is a TestResult, not an
// error. ENOTFOUND for an unknown provider; EINVALID naming model.
func (s *Service) Test(ctx context.Context, orgID, provider, model string) (*TestResult, error) {
	if !Known(provider) {
		return nil, errUnknownProvider()
	}
	model = strings.TrimSpace(model)
	if len(model) > 200 || strings.ContainsFunc(model, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return nil, piloto.Invalid("Confira os campos destacados.", map[string]string{"model": "Use o nome do modelo, sem espaços."})
	}
	ctx, cancel := context.WithTimeout(ctx, TestTimeout)
	defer cancel()
	o, cred, err := s.resolve(ctx, orgID, provider)
	if res, err := s.failure(err); res != nil || err != nil {
		s.recordCheck(ctx, orgID, provider, cred, res)
		return res, err
	}
	if model == "" {
		model = s.defaultModel(provider, cred != nil)
	}
	p, err := New(o)
	if res, err := s.failure(err); res != nil || err != nil {
		s.recordCheck(ctx, orgID, provider, cred, res)
		return res, err
	}
	list := &listing{Provider: p}
	err = Check(ctx, s.Metered(list, orgID, Use{Purpose: PurposeTest}), model)
	res, err := s.failure(err)
	if err != nil {
		return nil, err
	}
	if res == nil {
		res = &TestResult{OK: true, Model: model, Models: []string{}}
		if list.err == nil && list.models != nil {
			res.Models = list.models
		}
	}
	s.recordCheck(ctx, orgID, provider, cred, res)
	return res, nil
}

// failure turns an error of resolving or calling a provider into a failed
// TestResult, or returns it when it is not the provider's.
func (s *Service) failure(err error) (*TestResult, error) {
	var e *Error
	var unreadable *unreadableKeyError
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &unreadable):
		return &TestResult{Kind: KindNotConfigured, Message: unreadable.userMessage()}, nil
	case errors.As(err, &e):
		return &TestResult{Kind: e.Kind, Message: e.UserMessage()}, nil
	}
	return nil, err
}

// recordCheck notes a test's outcome on the organization's key it used (not
// a test the caller abandoned).
func (s *Service) recordCheck(ctx context.Context, orgID, provider string, cred *Credential, res *TestResult) {
	if cred == nil || res == nil || res.Kind == KindCanceled {
		return
	}
	msg := ""
	if !res.OK {
		msg = res.Message
	}
	if err := s.Store.SetLLMCredentialCheck(context.WithoutCancel(ctx), orgID, provider, cred.APIKeySealed, s.Clock.Now(), msg); err != nil {
		s.logger().ErrorContext(ctx, "recording an LLM key check failed", "organization_id", orgID, "provider", provider, "err", err)
	}
}

// listing remembers a provider's model list, so that Check and the
// TestResult share one request.
type listing struct {
	Provider
	done   bool
	models []string
	err    error
}

func (l *listing) Models(ctx context.Context) ([]string, error) {
	if !l.done {
		l.models, l.err = l.Provider.Models(ctx)
		l.done = true
	}
	return l.models, l.err
}

func (l *listing) Unwrap() Provider { return l.Provider }

// Models lists the models the organization's key (or the platform's) may
// use, from the provider. A provider that cannot say — no list endpoint, no
// key, an error — is a list not Listed, with a message for the last two.
// ENOTFOUND for an unknown provider.
func (s *Service) Models(ctx context.Context, orgID, provider string) (*ModelList, error) {
	if !Known(provider) {
		return nil, errUnknownProvider()
	}
	none := func(err error) (*ModelList, error) {
		res, err := s.failure(err)
		if err != nil {
			return nil, err
		}
		return &ModelList{Items: []string{}, Message: res.Message}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, TestTimeout)
	defer cancel()
	o, _, err := s.resolve(ctx, orgID, provider)
	if err != nil {
		return none(err)
	}
	p, err := New(o)
	if err != nil {
		return none(err)
	}
	models, err := p.Models(ctx)
	switch {
	case KindOf(err) == KindUnsupported:
		return &ModelList{Items: []string{}}, nil
	case err != nil:
		return none(err)
	}
	if models == nil {
		models = []string{}
	}
	return &ModelList{Items: models, Listed: true}, nil
}

// ProviderFor returns the Provider an organization's call goes to — its own
// key for the provider first, else the platform's — and the model to name
// ("" is the default model). provider "" is the platform's default provider.
// Every call made through the Provider records its usage for use (see
// Metered). A provider that cannot be called is an *Error (KindNotConfigured
// when no key is set or the stored key no longer opens).
func (s *Service) ProviderFor(ctx context.Context, orgID, provider, model string, use Use) (Provider, string, error) {
	if provider == "" {
		provider = s.Config.DefaultProviderName()
	}
	if !Known(provider) {
		return nil, "", fmt.Errorf("llm: unknown provider %q", provider)
	}
	o, cred, err := s.resolve(ctx, orgID, provider)
	var unreadable *unreadableKeyError
	if errors.As(err, &unreadable) {
		return nil, "", &Error{Kind: KindNotConfigured, Provider: provider, Service: Name(provider), Message: "the stored key does not open"}
	}
	if err != nil {
		return nil, "", err
	}
	if model == "" {
		model = s.defaultModel(provider, cred != nil)
	}
	p, err := New(o)
	if err != nil {
		return nil, "", err
	}
	return s.Metered(p, orgID, use), model, nil
}
