package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Defaults.
const (
	DefaultProvider     = OpenAI
	DefaultTimeout      = 60 * time.Second
	DefaultIdleTimeout  = 20 * time.Second
	DefaultMaxAttempts  = 3
	DefaultRetryBase    = 500 * time.Millisecond
	DefaultMaxRetryWait = 20 * time.Second
	DefaultRetryBudget  = 2 * time.Minute
)

// DefaultModels is the model of each provider when none is configured:
// cheap, fast, good at tool calls, and accepting a temperature.
var DefaultModels = map[string]string{
	OpenAI:    "gpt-4.1-mini",
	Anthropic: "claude-haiku-4-5",
	Gemini:    "gemini-3.1-flash-lite",
}

// DefaultBaseURLs is where each provider's API lives.
var DefaultBaseURLs = map[string]string{
	OpenAI:    "https://api.openai.com/v1",
	Anthropic: "https://api.anthropic.com",
	Gemini:    "https://generativelanguage.googleapis.com",
}

// Config is the platform's LLM settings, from the operator (PILOTO_* in
// brackets). Organizations that bring their own keys get Options from it with
// their key swapped in.
type Config struct {
	Provider string // [PILOTO_LLM_PROVIDER] openai, anthropic or gemini; "" is openai
	Model    string // [PILOTO_LLM_MODEL] "" is DefaultModels[Provider]

	OpenAIAPIKey     string // [PILOTO_OPENAI_API_KEY]
	OpenAIBaseURL    string // [PILOTO_OPENAI_BASE_URL] any OpenAI-compatible API: Gemini's /v1beta/openai, Groq, OpenRouter, Ollama
	AnthropicAPIKey  string // [PILOTO_ANTHROPIC_API_KEY]
	AnthropicBaseURL string // [PILOTO_ANTHROPIC_BASE_URL]
	GeminiAPIKey     string // [PILOTO_GEMINI_API_KEY]
	GeminiBaseURL    string // [PILOTO_GEMINI_BASE_URL]

	Timeout time.Duration // [PILOTO_LLM_TIMEOUT] per attempt; 0 is 60s

	PricesFile string  // [PILOTO_PRICES_FILE] a JSON price table merged over the shipped one
	USDBRL     float64 // [PILOTO_USD_BRL] reais per dollar, for costs

	// Not settings: the logger and HTTP client every provider uses.
	Logger     *slog.Logger
	HTTPClient *http.Client
}

// Validate checks the settings, naming the variable of each problem. Missing
// keys are not an error: the server runs, and agents say that no key is set.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Provider != "" && !slices.Contains(Providers, c.Provider) {
		add("PILOTO_LLM_PROVIDER must be openai, anthropic or gemini, not %q", c.Provider)
	}
	if len(c.Model) > 200 || strings.ContainsFunc(c.Model, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		add("PILOTO_LLM_MODEL must be a model name without spaces")
	}
	for _, k := range []struct{ env, key string }{
		{"PILOTO_OPENAI_API_KEY", c.OpenAIAPIKey},
		{"PILOTO_ANTHROPIC_API_KEY", c.AnthropicAPIKey},
		{"PILOTO_GEMINI_API_KEY", c.GeminiAPIKey},
	} {
		if err := checkKey(k.key); err != nil {
			add("%s %v", k.env, err)
		}
	}
	for _, u := range []struct{ env, url string }{
		{"PILOTO_OPENAI_BASE_URL", c.OpenAIBaseURL},
		{"PILOTO_ANTHROPIC_BASE_URL", c.AnthropicBaseURL},
		{"PILOTO_GEMINI_BASE_URL", c.GeminiBaseURL},
	} {
		if err := checkBaseURL(u.url); err != nil {
			add("%s %v", u.env, err)
		}
	}
	if c.Timeout != 0 && (c.Timeout < time.Second || c.Timeout > 10*time.Minute) {
		add("PILOTO_LLM_TIMEOUT must be between 1s and 10m, not %s", c.Timeout)
	}
	if math.IsNaN(c.USDBRL) || c.USDBRL <= 0 || c.USDBRL > 1000 {
		add("PILOTO_USD_BRL must be the reais per US dollar (e.g. 5.40), not %v", c.USDBRL)
	}
	if _, err := LoadPrices(c.PricesFile); err != nil {
		add("PILOTO_PRICES_FILE: %v", err)
	}
	return errors.Join(errs...)
}

// DefaultProviderName is the platform's provider.
func (c Config) DefaultProviderName() string {
	if c.Provider == "" {
		return DefaultProvider
	}
	return c.Provider
}

// Options are the platform's options for a provider ("" for the platform's
// default provider). The model is PILOTO_LLM_MODEL for the default provider
// and that provider's default model for the others.
func (c Config) Options(provider string) Options {
	if provider == "" {
		provider = c.DefaultProviderName()
	}
	o := Options{Provider: provider, Timeout: c.Timeout, Logger: c.Logger, HTTPClient: c.HTTPClient}
	switch provider {
	case OpenAI:
		o.APIKey, o.BaseURL = c.OpenAIAPIKey, c.OpenAIBaseURL
	case Anthropic:
		o.APIKey, o.BaseURL = c.AnthropicAPIKey, c.AnthropicBaseURL
	case Gemini:
		o.APIKey, o.BaseURL = c.GeminiAPIKey, c.GeminiBaseURL
	}
	if provider == c.DefaultProviderName() && c.Model != "" {
		o.Model = c.Model
	}
	return o
}

// Configured says whether the platform can call a provider ("" for the
// default one): it has a key for it, or (OpenAI-compatible servers such as
// Ollama) a base URL of its own.
func (c Config) Configured(provider string) bool {
	o := c.Options(provider)
	return o.APIKey != "" || (o.Provider == OpenAI && o.BaseURL != "")
}

// New returns the platform's Provider of that name ("" for the default).
func (c Config) New(provider string) (Provider, error) {
	return New(c.Options(provider))
}

// Prices loads the price table: the shipped one with PricesFile over it.
func (c Config) Prices() (*Prices, error) {
	return LoadPrices(c.PricesFile)
}

// Options configure one Provider.
type Options struct {
	Provider string // openai, anthropic or gemini
	APIKey   string // may be empty only for an OpenAI-compatible BaseURL (Ollama)
	BaseURL  string // "" is DefaultBaseURLs[Provider]
	Model    string // used when a Request names none; "" is DefaultModels[Provider]
	// Service names who answers, in messages ("Groq"); "" derives it from
	// the provider and the base URL's host.
	Service string

	Timeout      time.Duration // one attempt, start to last byte; 0 is 60s
	IdleTimeout  time.Duration // to the first chunk of a stream and between chunks; 0 is 20s
	MaxAttempts  int           // 0 is 3
	RetryBase    time.Duration // first backoff (doubling, jittered); 0 is 500ms
	MaxRetryWait time.Duration // longest wait before a retry: a longer Retry-After is not waited for; 0 is 20s
	RetryBudget  time.Duration // no retry starts after this much time since the first attempt; 0 is 2m

	Logger     *slog.Logger // nil is slog.Default()
	HTTPClient *http.Client // nil is a client of its own; its Timeout should be 0 (streams)
}

func (o *Options) defaults() {
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURLs[o.Provider]
	}
	if o.Model == "" {
		o.Model = DefaultModels[o.Provider]
	}
	o.APIKey = strings.TrimSpace(o.APIKey)
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&o.Timeout, DefaultTimeout)
	set(&o.IdleTimeout, DefaultIdleTimeout)
	set(&o.RetryBase, DefaultRetryBase)
	set(&o.MaxRetryWait, DefaultMaxRetryWait)
	set(&o.RetryBudget, DefaultRetryBudget)
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// New returns a Provider. A missing or malformed key is an *Error
// (KindNotConfigured, KindBadKey) so a page can say what to do.
func New(o Options) (Provider, error) {
	if !slices.Contains(Providers, o.Provider) {
		return nil, fmt.Errorf("llm: unknown provider %q", o.Provider)
	}
	custom := o.BaseURL != ""
	o.defaults()
	service := o.Service
	if service == "" {
		service = serviceName(o.Provider, o.BaseURL)
	}
	if err := checkBaseURL(o.BaseURL); err != nil {
		return nil, fmt.Errorf("llm: %s base URL %v", o.Provider, err)
	}
	if o.APIKey == "" && !(o.Provider == OpenAI && custom) {
		return nil, &Error{Kind: KindNotConfigured, Provider: o.Provider, Service: service, Message: "no API key"}
	}
	if err := checkKey(o.APIKey); err != nil {
		return nil, &Error{Kind: KindBadKey, Provider: o.Provider, Service: service, Message: "the key " + err.Error()}
	}

	base := o.HTTPClient
	if base == nil {
		base = &http.Client{}
	}
	hc := *base
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = recorder{next: next}

	c := &client{name: o.Provider, service: service, key: o.APIKey, opts: o, log: o.Logger}
	switch o.Provider {
	case OpenAI:
		c.a = newOpenAI(o, &hc)
	case Anthropic:
		c.a = newAnthropic(o, &hc)
	case Gemini:
		a, err := newGemini(o, &hc)
		if err != nil {
			return nil, err
		}
		c.a = a
	}
	return c, nil
}

// checkKey refuses what cannot be a key: spaces, line breaks, non-ASCII (a
// key pasted with junk would otherwise reach a request header).
func checkKey(key string) error {
	key = strings.TrimSpace(key)
	if len(key) > 512 {
		return errors.New("is too long to be an API key")
	}
	for _, r := range key {
		if r <= ' ' || r >= 0x7f {
			return errors.New("has characters no API key has (spaces, line breaks or accents)")
		}
	}
	return nil
}

// checkBaseURL accepts "" or an absolute http(s) URL without credentials,
// query or fragment.
func checkBaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("is not a URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("must start with https:// or http://, not %q", u.Scheme+":")
	case u.Host == "":
		return errors.New("has no host")
	case u.User != nil:
		return errors.New("must not hold credentials: set the API key instead")
	case u.RawQuery != "" || u.Fragment != "":
		return errors.New("must not have a query or fragment")
	}
	return nil
}

// Check verifies a key and a model for the page where an agent or a key is
// saved: the model must be in the provider's list (when it has one), and a
// tiny call (a few tokens, a fraction of a cent) must go through, which also
// reveals a key without credits. The error is an *Error: show UserMessage.
func Check(ctx context.Context, p Provider, model string) error {
	models, err := p.Models(ctx)
	switch {
	case err == nil:
		if model != "" && !slices.Contains(models, strings.TrimPrefix(model, "models/")) {
			e := &Error{Kind: KindUnknownModel, Provider: p.Name(), Model: model, Message: "not in the provider's model list"}
			e.Service = serviceOfProvider(p)
			return e
		}
	case KindOf(err) != KindUnsupported:
		return err
	}
	_, err = p.Stream(ctx, Request{Model: model, MaxTokens: 16,
		Messages: []Message{{Role: RoleUser, Content: "Responda apenas: ok"}}}, nil)
	return err
}

// serviceOfProvider is who answers for p (a *client, or a wrapper of one
// with an Unwrap method), "" when unknown.
func serviceOfProvider(p Provider) string {
	for p != nil {
		switch q := p.(type) {
		case *client:
			return q.service
		case interface{ Unwrap() Provider }:
			p = q.Unwrap()
		default:
			return ""
		}
	}
	return ""
}
