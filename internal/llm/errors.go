package llm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Kinds of Error.
const (
	KindBadKey        = "bad_key"        // 401/403, or a key the provider calls invalid
	KindQuota         = "quota"          // out of credits or over a billing/daily quota: not retried
	KindRateLimited   = "rate_limited"   // 429, retried; RetryAfter when the provider said
	KindUnknownModel  = "unknown_model"  // 404 / model_not_found
	KindTimeout       = "timeout"        // no answer within the call or idle timeout
	KindUnavailable   = "unavailable"    // 5xx, overloaded, connection failed; retried
	KindBadRequest    = "bad_request"    // the provider refused the request (400 and other 4xx)
	KindNotConfigured = "not_configured" // no API key for the provider
	KindUnsupported   = "unsupported"    // the server has no such endpoint (a model list)
	KindCanceled      = "canceled"       // the caller's context was canceled
	// KindBlocked is a base URL an organization set that leads to a
	// loopback, private or reserved address: the outbound guard refused to
	// connect. Not retried.
	KindBlocked = "blocked_url"
)

// Error is a failed call, classified. Its Error() is for logs: it never holds
// an API key (provider messages are sanitized). UserMessage is for people.
type Error struct {
	Kind     string
	Provider string // "openai", "anthropic", "gemini"
	// Service is who answered, for messages: "OpenAI", "Groq", "OpenRouter",
	// "Ollama", "Google Gemini", "Anthropic", or a host name.
	Service string
	Model   string
	Status  int    // HTTP status, 0 when there was no response
	Code    string // the provider's error code or type, when it gave one
	// Message is the provider's own explanation, sanitized and shortened.
	Message string
	// RetryAfter is how long the provider asked to wait (rate_limited).
	RetryAfter time.Duration

	cause error // only context errors, so errors.Is works; never an SDK error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "llm %s: %s", e.Provider, e.Kind)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.Status)
		if e.Code != "" {
			fmt.Fprintf(&b, " %s", e.Code)
		}
		b.WriteString(")")
	}
	if e.Model != "" {
		fmt.Fprintf(&b, " model=%s", e.Model)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	return b.String()
}

// Unwrap lets errors.Is see context.Canceled and context.DeadlineExceeded.
func (e *Error) Unwrap() error { return e.cause }

// Retryable says whether the same call may succeed if made again soon.
func (e *Error) Retryable() bool {
	return e.Kind == KindRateLimited || e.Kind == KindUnavailable
}

// UserMessage says in Portuguese what went wrong and what to do, for the page
// where the agent and its keys are configured.
func (e *Error) UserMessage() string {
	of := serviceOf(e.Service, e.Provider)
	switch e.Kind {
	case KindBadKey:
		return fmt.Sprintf("A chave %s foi recusada. Confira se ela está correta e ativa.", of)
	case KindQuota:
		return fmt.Sprintf("A conta %s está sem créditos ou atingiu o limite de uso. Confira o faturamento e os limites no painel do provedor.", of)
	case KindRateLimited:
		return fmt.Sprintf("O limite de requisições por minuto da conta %s foi atingido. Tente de novo em instantes.", of)
	case KindUnknownModel:
		if e.Model != "" {
			return fmt.Sprintf("O modelo %q não existe no serviço %s ou a chave não tem acesso a ele. Escolha outro modelo.", e.Model, of)
		}
		return fmt.Sprintf("O modelo escolhido não existe no serviço %s ou a chave não tem acesso a ele. Escolha outro modelo.", of)
	case KindTimeout:
		return fmt.Sprintf("O serviço %s demorou demais para responder. Tente de novo em instantes.", of)
	case KindUnavailable:
		return fmt.Sprintf("O serviço %s está indisponível no momento. Tente de novo em instantes.", of)
	case KindNotConfigured:
		return fmt.Sprintf("Nenhuma chave %s está configurada.", of)
	case KindUnsupported:
		return fmt.Sprintf("O serviço %s não lista os modelos disponíveis. Digite o nome do modelo.", of)
	case KindCanceled:
		return fmt.Sprintf("O pedido ao serviço %s foi cancelado.", of)
	case KindBlocked:
		return "O endereço configurado para o provedor leva a uma rede interna ou reservada e não é permitido. Use um endereço público da internet."
	default: // KindBadRequest
		return fmt.Sprintf("O serviço %s recusou o pedido. Confira o modelo e as configurações do agente.", of)
	}
}

// UserMessage returns the Portuguese message of the first *Error in err's
// chain, or a generic one.
func UserMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.UserMessage()
	}
	return "Não foi possível falar com o provedor de IA. Tente de novo em instantes."
}

// KindOf returns the kind of the first *Error in err's chain, "" if none.
func KindOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// serviceOf is "da OpenAI", "do Google Gemini": the service with the
// preposition Portuguese needs.
func serviceOf(service, provider string) string {
	if service == "" {
		service = defaultService(provider)
	}
	switch service {
	case "OpenAI", "Anthropic", "Groq", "Mistral", "DeepSeek", "Together AI", "xAI":
		return "da " + service
	case "Google Gemini", "OpenRouter", "Ollama":
		return "do " + service
	case "":
		return "do provedor"
	}
	return "do provedor " + service
}

func defaultService(provider string) string {
	switch provider {
	case OpenAI:
		return "OpenAI"
	case Anthropic:
		return "Anthropic"
	case Gemini:
		return "Google Gemini"
	}
	return ""
}

// serviceName names who answers at a base URL, for messages. Anthropic's and
// Google's APIs are theirs wherever they are reached (a proxy still wants
// their key); an OpenAI-compatible server is named by its host.
func serviceName(provider, baseURL string) string {
	if provider != OpenAI || baseURL == "" {
		return defaultService(provider)
	}
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return defaultService(provider)
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "api.openai.com":
		return "OpenAI"
	case host == "generativelanguage.googleapis.com":
		return "Google Gemini"
	case strings.HasSuffix(host, "groq.com"):
		return "Groq"
	case strings.HasSuffix(host, "openrouter.ai"):
		return "OpenRouter"
	case strings.HasSuffix(host, "mistral.ai"):
		return "Mistral"
	case strings.HasSuffix(host, "deepseek.com"):
		return "DeepSeek"
	case strings.HasSuffix(host, "together.xyz"):
		return "Together AI"
	case host == "api.x.ai":
		return "xAI"
	case u.Port() == "11434":
		return "Ollama"
	}
	return u.Host
}

// Key-shaped strings a provider may echo: OpenAI (sk-, sk-proj-), Anthropic
// (sk-ant-), OpenRouter (sk-or-), Google (AIza), Groq (gsk_), bearer tokens.
var keyShaped = regexp.MustCompile(`(?i)(sk-[a-z0-9_*.\-]{6,}|AIza[0-9a-z_\-]{10,}|gsk_[a-z0-9]{8,}|bearer\s+[a-z0-9_.\-~+/]{8,}=*)`)

// sanitize removes the key, anything shaped like a key, and control
// characters from a provider's message, and shortens it.
func sanitize(msg, key string) string {
	if key != "" {
		msg = strings.ReplaceAll(msg, key, "[chave]")
	}
	msg = keyShaped.ReplaceAllString(msg, "[chave]")
	if len(key) >= 16 {
		// A key of another shape cut short: its first 12 characters.
		msg = strings.ReplaceAll(msg, key[:12], "[chave]")
	}
	msg = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, msg)
	msg = strings.Join(strings.Fields(msg), " ")
	if r := []rune(msg); len(r) > 300 {
		msg = string(r[:300]) + "…"
	}
	return msg
}

// contextError is the *Error for a context that ended.
func contextError(provider, service, model string, err error) *Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Kind: KindTimeout, Provider: provider, Service: service, Model: model,
			Message: "the caller's deadline passed", cause: context.DeadlineExceeded}
	}
	return &Error{Kind: KindCanceled, Provider: provider, Service: service, Model: model,
		Message: "the caller canceled", cause: context.Canceled}
}
