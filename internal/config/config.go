// Package config reads the server's settings from PILOTO_* environment
// variables and their command-line flag twins. It keeps no globals: Load
// returns a Config and Validate says whether it can run.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Environments and roles.
const (
	EnvDevelopment = "development"
	EnvProduction  = "production"

	RoleAll    = "all"    // serve HTTP and work jobs
	RoleWeb    = "web"    // serve HTTP; enqueue jobs but do not work them
	RoleWorker = "worker" // work jobs; HTTP only for health checks
)

// Config is everything the server is told by its operator.
type Config struct {
	Addr        string
	DatabaseURL string // "postgres://…" or "sqlite:PATH"
	DataDir     string
	Env         string
	LogLevel    string
	SecretKey   string
	// SecretKeyPrevious is the secret being rotated out: it still verifies
	// sessions and decrypts stored secrets.
	SecretKeyPrevious string
	PublicURL         string
	AppURL            string
	CORSOrigins       []string
	Role              string
	AutoMigrate       bool
	BlobURL           string
	MaxUploadMB       int

	AccessTokenTTL     time.Duration
	SessionIdleTimeout time.Duration
	PasswordHashMemory uint32 // KiB
	PasswordHashPasses uint32

	TrustedProxies   []netip.Prefix
	RateLimitLogin   int // sign-ups and logins per client IP per minute
	RateLimitRefresh int // refreshes per session per minute
	LoginDelayAfter  int // failed logins of an account before delays start
	LoginDelayMax    time.Duration

	SMTPURL  string
	MailFrom string

	GoogleClientID     string
	GoogleClientSecret string
	GoogleIssuer       string

	// AllowPrivateURLs lets the URLs tenants type (web pages, CRM, webhooks) reach
	// loopback, private and link-local addresses. Development only.
	AllowPrivateURLs bool

	// The platform's LLM defaults (internal/llm.Config): organizations
	// without keys of their own use these.
	LLMProvider      string
	LLMModel         string
	OpenAIAPIKey     string
	OpenAIBaseURL    string
	AnthropicAPIKey  string
	AnthropicBaseURL string
	GeminiAPIKey     string
	GeminiBaseURL    string
	LLMTimeout       time.Duration
	// ConversationQuiet is how long a conversation stays open with no
	// message before it closes by itself.
	ConversationQuiet time.Duration
	// The platform's Meta app and where the Graph API is.
	WhatsAppAppSecret   string
	WhatsAppVerifyToken string
	WhatsAppGraphURL    string
	WhatsAppDebounce    time.Duration
	WhatsAppMPS         int
	// JobWorkers is how many background jobs an instance runs at once.
	JobWorkers int
	PricesFile string
	USDBRL     float64 // reais per US dollar, for the cost of LLM calls
}

// Setting describes one setting: its environment variable, its flag and what
// it means. The README's configuration table has a row per Setting (a test
// checks it).
type Setting struct {
	Env     string
	Flag    string
	Default string // as documented; "" when it is derived from other settings
	Usage   string
	set     func(c *Config, v string) error
}

// Settings lists every setting in the order the README shows them.
var Settings = []Setting{
	{"PILOTO_ADDR", "addr", "", "address to listen on; else `:$PORT` when PORT is set (Cloud Run); else 127.0.0.1:8080",
		func(c *Config, v string) error { c.Addr = v; return nil }},
	{"PILOTO_DATABASE_URL", "database-url", "", "postgres://… for PostgreSQL; sqlite:PATH (default $PILOTO_DATA_DIR/piloto.db) for SQLite",
		func(c *Config, v string) error { c.DatabaseURL = v; return nil }},
	{"PILOTO_DATA_DIR", "data-dir", "./data", "directory for the SQLite database, the development secret key and file blobs",
		func(c *Config, v string) error { c.DataDir = v; return nil }},
	{"PILOTO_ENV", "env", EnvDevelopment, "development or production (JSON logs, HSTS, stricter start-up checks)",
		func(c *Config, v string) error { c.Env = v; return nil }},
	{"PILOTO_LOG_LEVEL", "log-level", "info", "debug, info, warn or error",
		func(c *Config, v string) error { c.LogLevel = v; return nil }},
	{"PILOTO_SECRET_KEY", "secret-key", "", "root of the server's keys (at least 32 characters); generated into the data dir in development; required in production",
		func(c *Config, v string) error { c.SecretKey = v; return nil }},
	{"PILOTO_SECRET_KEY_PREVIOUS", "secret-key-previous", "", "during a rotation, the secret key being replaced: sessions made under it keep working until it is removed",
		func(c *Config, v string) error { c.SecretKeyPrevious = v; return nil }},
	{"PILOTO_PUBLIC_URL", "public-url", "", "this server's external URL (default http://localhost:<port>)",
		func(c *Config, v string) error { c.PublicURL = strings.TrimRight(v, "/"); return nil }},
	{"PILOTO_APP_URL", "app-url", "", "the web app's canonical origin, for links and redirects (default: the public URL)",
		func(c *Config, v string) error { c.AppURL = strings.TrimRight(v, "/"); return nil }},
	{"PILOTO_CORS_ORIGINS", "cors-origins", "", "comma-separated origins allowed to call the API with credentials (default: the app URL)",
		func(c *Config, v string) error { c.CORSOrigins = splitList(v); return nil }},
	{"PILOTO_ROLE", "role", RoleAll, "all, web or worker; web and worker need PostgreSQL and a secret key",
		func(c *Config, v string) error { c.Role = v; return nil }},
	{"PILOTO_AUTO_MIGRATE", "auto-migrate", "true", "apply migrations at start-up; turn off when `piloto migrate` runs as a deploy step",
		func(c *Config, v string) error { return parseBool(&c.AutoMigrate, v) }},
	{"PILOTO_BLOB_URL", "blob-url", "", "where uploads and media go: file://DIR (default $PILOTO_DATA_DIR/blobs), gs://BUCKET, mem://",
		func(c *Config, v string) error { c.BlobURL = v; return nil }},
	{"PILOTO_MAX_UPLOAD_MB", "max-upload-mb", "25", "largest upload accepted, in MiB",
		func(c *Config, v string) error {
			return parseInt(&c.MaxUploadMB, v)
		}},
	{"PILOTO_ACCESS_TOKEN_TTL", "access-token-ttl", "15m", "life of an access token (a JWT in a cookie); the web app refreshes it silently",
		func(c *Config, v string) error { return parseDuration(&c.AccessTokenTTL, v) }},
	{"PILOTO_SESSION_IDLE_TIMEOUT", "session-idle-timeout", "72h", "a session not used for this long ends; sessions end 7 days after login regardless",
		func(c *Config, v string) error { return parseDuration(&c.SessionIdleTimeout, v) }},
	{"PILOTO_PASSWORD_HASH_MEMORY_KIB", "password-hash-memory-kib", "19456", "argon2id memory per password hash, in KiB (OWASP: 19456)",
		func(c *Config, v string) error { return parseUint32(&c.PasswordHashMemory, v) }},
	{"PILOTO_PASSWORD_HASH_ITERATIONS", "password-hash-iterations", "2", "argon2id passes per password hash (OWASP: 2)",
		func(c *Config, v string) error { return parseUint32(&c.PasswordHashPasses, v) }},
	{"PILOTO_TRUSTED_PROXIES", "trusted-proxies", "", "comma-separated IPs or CIDRs of proxies whose X-Forwarded-For is believed (default: none)",
		func(c *Config, v string) error { return parsePrefixes(&c.TrustedProxies, v) }},
	{"PILOTO_RATE_LIMIT_LOGIN", "rate-limit-login", "10", "sign-ups and logins allowed per client IP per minute",
		func(c *Config, v string) error { return parseInt(&c.RateLimitLogin, v) }},
	{"PILOTO_RATE_LIMIT_REFRESH", "rate-limit-refresh", "30", "token refreshes allowed per session per minute",
		func(c *Config, v string) error { return parseInt(&c.RateLimitRefresh, v) }},
	{"PILOTO_LOGIN_DELAY_AFTER", "login-delay-after", "5", "failed logins of one account before each next try must wait (1 s, doubling)",
		func(c *Config, v string) error { return parseInt(&c.LoginDelayAfter, v) }},
	{"PILOTO_SMTP_URL", "smtp-url", "", "SMTP server for mail: smtp://user:pass@host:587 (STARTTLS), smtps://…:465; unset in development keeps mail in the outbox",
		func(c *Config, v string) error { c.SMTPURL = v; return nil }},
	{"PILOTO_MAIL_FROM", "mail-from", "Piloto de Vendas <nao-responda@localhost>", "the From of every mail",
		func(c *Config, v string) error { c.MailFrom = v; return nil }},
	{"PILOTO_GOOGLE_CLIENT_ID", "google-client-id", "", "OAuth client id for \"Entrar com Google\"; unset hides the button",
		func(c *Config, v string) error { c.GoogleClientID = v; return nil }},
	{"PILOTO_GOOGLE_CLIENT_SECRET", "google-client-secret", "", "OAuth client secret for \"Entrar com Google\"",
		func(c *Config, v string) error { c.GoogleClientSecret = v; return nil }},
	{"PILOTO_GOOGLE_ISSUER", "google-issuer", "https://accounts.google.com", "OpenID Connect issuer (a local provider in tests)",
		func(c *Config, v string) error { c.GoogleIssuer = v; return nil }},
	{"PILOTO_ALLOW_PRIVATE_URLS", "allow-private-urls", "false", "let URLs tenants type (web pages, CRM, webhooks) reach loopback and private networks; development only, refused in production",
		func(c *Config, v string) error { return parseBool(&c.AllowPrivateURLs, v) }},
	{"PILOTO_LOGIN_DELAY_MAX", "login-delay-max", "1m", "longest wait between tries after failed logins (never a lock-out)",
		func(c *Config, v string) error { return parseDuration(&c.LoginDelayMax, v) }},
	{"PILOTO_LLM_PROVIDER", "llm-provider", "openai", "the platform's LLM provider: openai, anthropic or gemini",
		func(c *Config, v string) error { c.LLMProvider = strings.TrimSpace(v); return nil }},
	{"PILOTO_LLM_MODEL", "llm-model", "", "the platform provider's model (default: that provider's default model)",
		func(c *Config, v string) error { c.LLMModel = strings.TrimSpace(v); return nil }},
	{"PILOTO_OPENAI_API_KEY", "openai-api-key", "", "the platform's OpenAI (or OpenAI-compatible) API key",
		func(c *Config, v string) error { c.OpenAIAPIKey = strings.TrimSpace(v); return nil }},
	{"PILOTO_OPENAI_BASE_URL", "openai-base-url", "", "an OpenAI-compatible API for the platform: Groq, OpenRouter, a local Ollama (http://127.0.0.1:11434/v1)",
		func(c *Config, v string) error {
			c.OpenAIBaseURL = strings.TrimRight(strings.TrimSpace(v), "/")
			return nil
		}},
	{"PILOTO_ANTHROPIC_API_KEY", "anthropic-api-key", "", "the platform's Anthropic API key",
		func(c *Config, v string) error { c.AnthropicAPIKey = strings.TrimSpace(v); return nil }},
	{"PILOTO_ANTHROPIC_BASE_URL", "anthropic-base-url", "", "where Anthropic's API is reached (a gateway; tests)",
		func(c *Config, v string) error {
			c.AnthropicBaseURL = strings.TrimRight(strings.TrimSpace(v), "/")
			return nil
		}},
	{"PILOTO_GEMINI_API_KEY", "gemini-api-key", "", "the platform's Google Gemini API key",
		func(c *Config, v string) error { c.GeminiAPIKey = strings.TrimSpace(v); return nil }},
	{"PILOTO_GEMINI_BASE_URL", "gemini-base-url", "", "where the Gemini API is reached (a gateway; tests)",
		func(c *Config, v string) error {
			c.GeminiBaseURL = strings.TrimRight(strings.TrimSpace(v), "/")
			return nil
		}},
	{"PILOTO_LLM_TIMEOUT", "llm-timeout", "60s", "longest an LLM call attempt may take (retries on 429 and 5xx come on top)",
		func(c *Config, v string) error { return parseDuration(&c.LLMTimeout, v) }},
	{"PILOTO_PRICES_FILE", "prices-file", "", "a JSON price table (USD per million tokens) merged over the one built in",
		func(c *Config, v string) error { c.PricesFile = v; return nil }},
	{"PILOTO_USD_BRL", "usd-brl", "5.40", "reais per US dollar, for the cost of LLM calls; keep it current",
		func(c *Config, v string) error { return parseFloat(&c.USDBRL, v) }},
	{"PILOTO_CONVERSATION_QUIET", "conversation-quiet", "24h", "a conversation with no message for this long closes by itself",
		func(c *Config, v string) error { return parseDuration(&c.ConversationQuiet, v) }},
	{"PILOTO_WHATSAPP_APP_SECRET", "whatsapp-app-secret", "", "the platform Meta app's secret: signs the webhooks to /webhooks/whatsapp",
		func(c *Config, v string) error { c.WhatsAppAppSecret = strings.TrimSpace(v); return nil }},
	{"PILOTO_WHATSAPP_VERIFY_TOKEN", "whatsapp-verify-token", "", "the verify token of /webhooks/whatsapp, typed into the Meta app",
		func(c *Config, v string) error { c.WhatsAppVerifyToken = strings.TrimSpace(v); return nil }},
	{"PILOTO_WHATSAPP_GRAPH_URL", "whatsapp-graph-url", "https://graph.facebook.com/v23.0", "Meta's Graph API, with its version",
		func(c *Config, v string) error {
			c.WhatsAppGraphURL = strings.TrimRight(strings.TrimSpace(v), "/")
			return nil
		}},
	{"PILOTO_WHATSAPP_DEBOUNCE", "whatsapp-debounce", "4s", "how long a lead is quiet before the agent answers the burst",
		func(c *Config, v string) error { return parseDuration(&c.WhatsAppDebounce, v) }},
	{"PILOTO_JOB_WORKERS", "job-workers", "200", "background jobs an instance runs at once (a reply holds one while the model thinks)",
		func(c *Config, v string) error { return parseInt(&c.JobWorkers, v) }},
	{"PILOTO_WHATSAPP_MPS", "whatsapp-mps", "80", "messages per second each WhatsApp number may send (Meta's throughput)",
		func(c *Config, v string) error { return parseInt(&c.WhatsAppMPS, v) }},
}

func parseBool(dst *bool, v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("not a boolean: %q", v)
	}
	*dst = b
	return nil
}

// parseFloat reads a decimal number, with a point or (as Brazilians write
// it) a comma.
func parseFloat(dst *float64, v string) error {
	f, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(v), ",", ".", 1), 64)
	if err != nil {
		return fmt.Errorf("not a number: %q", v)
	}
	*dst = f
	return nil
}

func parseInt(dst *int, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("not a whole number: %q", v)
	}
	*dst = n
	return nil
}

func parsePrefixes(dst *[]netip.Prefix, v string) error {
	*dst = nil
	for _, s := range splitList(v) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return fmt.Errorf("not an IP or CIDR: %q", s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		*dst = append(*dst, p.Masked())
	}
	return nil
}

func parseDuration(dst *time.Duration, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("not a duration like 15m or 72h: %q", v)
	}
	*dst = d
	return nil
}

func parseUint32(dst *uint32, v string) error {
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		return fmt.Errorf("not a whole number: %q", v)
	}
	*dst = uint32(n)
	return nil
}

// Load reads the settings: defaults, then the environment through getenv, then
// the flags in args (flags win). It returns the remaining positional
// arguments. It fails on an unknown flag or a value that does not parse;
// whether the whole makes sense is Validate's job.
func Load(getenv func(string) string, args []string) (*Config, []string, error) {
	c := &Config{}
	for _, s := range Settings {
		if s.Default != "" {
			if err := s.set(c, s.Default); err != nil {
				return nil, nil, fmt.Errorf("default of %s: %w", s.Env, err)
			}
		}
	}
	for _, s := range Settings {
		if v := getenv(s.Env); v != "" {
			if err := s.set(c, v); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", s.Env, err)
			}
		}
	}

	fs := flag.NewFlagSet("piloto", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, s := range Settings {
		s := s
		fs.Func(s.Flag, s.Usage+" ("+s.Env+")", func(v string) error { return s.set(c, v) })
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}

	// Derived defaults.
	if c.Addr == "" {
		if port := getenv("PORT"); port != "" {
			c.Addr = ":" + port
		} else {
			c.Addr = "127.0.0.1:8080"
		}
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "piloto.db")
	}
	if c.PublicURL == "" {
		port := "8080"
		if i := strings.LastIndex(c.Addr, ":"); i >= 0 && c.Addr[i+1:] != "" && c.Addr[i+1:] != "0" {
			port = c.Addr[i+1:]
		}
		c.PublicURL = "http://localhost:" + port
	}
	if c.AppURL == "" {
		c.AppURL = c.PublicURL
	}
	if len(c.CORSOrigins) == 0 {
		c.CORSOrigins = []string{c.AppURL}
	}
	if c.BlobURL == "" {
		abs, err := filepath.Abs(filepath.Join(c.DataDir, "blobs"))
		if err != nil {
			return nil, nil, err
		}
		c.BlobURL = "file://" + filepath.ToSlash(abs) + "?create_dir=true"
	}
	return c, fs.Args(), nil
}

// Usage writes the flags and their environment variables to w.
func Usage(w io.Writer) {
	for _, s := range Settings {
		def := ""
		if s.Default != "" {
			def = " (default " + s.Default + ")"
		}
		fmt.Fprintf(w, "  --%-15s %-22s %s%s\n", s.Flag, s.Env, s.Usage, def)
	}
}

// Postgres reports whether the database is PostgreSQL.
func (c *Config) Postgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// Production reports whether PILOTO_ENV is production.
func (c *Config) Production() bool { return c.Env == EnvProduction }

// Validate reports every problem with c at once, so an operator fixes them in
// one go. It does not touch the network or the disk.
func (c *Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	switch c.Env {
	case EnvDevelopment, EnvProduction:
	default:
		add("PILOTO_ENV must be development or production, not %q", c.Env)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		add("PILOTO_LOG_LEVEL must be debug, info, warn or error, not %q", c.LogLevel)
	}
	switch c.Role {
	case RoleAll:
	case RoleWeb, RoleWorker:
		if !c.Postgres() {
			add("PILOTO_ROLE=%s needs PostgreSQL: separate web and worker services cannot share a SQLite file", c.Role)
		}
		if c.SecretKey == "" {
			add("PILOTO_ROLE=%s needs PILOTO_SECRET_KEY: every instance must share the same keys", c.Role)
		}
	default:
		add("PILOTO_ROLE must be all, web or worker, not %q", c.Role)
	}
	if !c.Postgres() && !strings.HasPrefix(c.DatabaseURL, "sqlite:") {
		add("PILOTO_DATABASE_URL must start with postgres:// or sqlite:, not %q", redactURL(c.DatabaseURL))
	}
	if c.SecretKeyPrevious != "" && (c.SecretKey == "" || c.SecretKeyPrevious == c.SecretKey || len(c.SecretKeyPrevious) < 32) {
		add("PILOTO_SECRET_KEY_PREVIOUS must be the old secret key (at least 32 characters), beside a different PILOTO_SECRET_KEY")
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		add("PILOTO_SECRET_KEY must be at least 32 characters (try: openssl rand -base64 48)")
	}
	if c.MaxUploadMB < 1 || c.MaxUploadMB > 1024 {
		add("PILOTO_MAX_UPLOAD_MB must be between 1 and 1024, not %d", c.MaxUploadMB)
	}
	for name, u := range map[string]string{"PILOTO_PUBLIC_URL": c.PublicURL, "PILOTO_APP_URL": c.AppURL} {
		if err := checkOrigin(u, c.Production()); err != nil {
			add("%s: %v", name, err)
		}
	}
	for _, o := range c.CORSOrigins {
		if err := checkOrigin(o, c.Production()); err != nil {
			add("PILOTO_CORS_ORIGINS: %v", err)
		}
	}
	if c.AccessTokenTTL < 10*time.Second || c.AccessTokenTTL > 24*time.Hour {
		add("PILOTO_ACCESS_TOKEN_TTL must be between 10s and 24h, not %s", c.AccessTokenTTL)
	}
	if c.JobWorkers < 1 || c.JobWorkers > 10000 {
		add("PILOTO_JOB_WORKERS must be between 1 and 10000, not %d", c.JobWorkers)
	}
	if c.WhatsAppMPS < 1 || c.WhatsAppMPS > 1000 {
		add("PILOTO_WHATSAPP_MPS must be between 1 and 1000, not %d", c.WhatsAppMPS)
	}
	if c.WhatsAppDebounce < 100*time.Millisecond || c.WhatsAppDebounce > 30*time.Second {
		add("PILOTO_WHATSAPP_DEBOUNCE must be between 100ms and 30s, not %s", c.WhatsAppDebounce)
	}
	if u, err := url.Parse(c.WhatsAppGraphURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		add("PILOTO_WHATSAPP_GRAPH_URL must be an http(s) URL, not %q", c.WhatsAppGraphURL)
	}
	if c.ConversationQuiet < 10*time.Minute || c.ConversationQuiet > 90*24*time.Hour {
		add("PILOTO_CONVERSATION_QUIET must be between 10m and 2160h (90 days), not %s", c.ConversationQuiet)
	}
	if c.SessionIdleTimeout < time.Minute {
		add("PILOTO_SESSION_IDLE_TIMEOUT must be at least 1m, not %s", c.SessionIdleTimeout)
	}
	if c.GoogleClientID != "" && c.GoogleClientSecret == "" {
		add("PILOTO_GOOGLE_CLIENT_SECRET is required with PILOTO_GOOGLE_CLIENT_ID")
	}
	if c.RateLimitLogin < 1 || c.RateLimitRefresh < 1 {
		add("PILOTO_RATE_LIMIT_LOGIN and PILOTO_RATE_LIMIT_REFRESH must be at least 1")
	}
	if c.LoginDelayAfter < 1 || c.LoginDelayMax < time.Second || c.LoginDelayMax > time.Hour {
		add("PILOTO_LOGIN_DELAY_AFTER must be at least 1 and PILOTO_LOGIN_DELAY_MAX between 1s and 1h")
	}
	if c.PasswordHashMemory < 8 || c.PasswordHashPasses < 1 {
		add("PILOTO_PASSWORD_HASH_MEMORY_KIB must be at least 8 and PILOTO_PASSWORD_HASH_ITERATIONS at least 1")
	}
	switch scheme, _, _ := strings.Cut(c.BlobURL, "://"); scheme {
	case "file", "gs", "mem":
	default:
		add("PILOTO_BLOB_URL must be file://, gs:// or mem://, not %q", c.BlobURL)
	}
	if c.Production() {
		if c.SecretKey == "" {
			add("PILOTO_SECRET_KEY is required with PILOTO_ENV=production")
		}
		if c.SMTPURL == "" {
			add("PILOTO_SMTP_URL is required with PILOTO_ENV=production: without it no mail leaves the server")
		}
		if c.PasswordHashMemory < 19456 || c.PasswordHashPasses < 2 {
			add("PILOTO_PASSWORD_HASH_MEMORY_KIB and _ITERATIONS below OWASP's 19456 KiB and 2 passes are for tests, not production")
		}
		if strings.HasPrefix(c.BlobURL, "mem://") {
			add("PILOTO_BLOB_URL=mem:// loses every upload on restart; not allowed in production")
		}
		if c.AllowPrivateURLs {
			add("PILOTO_ALLOW_PRIVATE_URLS=true lets tenants' URLs reach the server's own network (loopback, private addresses, cloud metadata); not allowed in production")
		}
	}
	return errors.Join(errs...)
}

// checkOrigin accepts an absolute http(s) URL without a path beyond "/",
// query or fragment. In production it must be https.
func checkOrigin(s string, production bool) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("%q is not an http(s) origin like https://app.example.com", s)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q must be an origin only (scheme and host), without path, query or credentials", s)
	}
	if production && u.Scheme != "https" {
		return fmt.Errorf("%q must use https in production", s)
	}
	return nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimRight(strings.TrimSpace(p), "/"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// redactURL hides a password in a database URL, for error messages and logs.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}

// Redacted returns the database URL with any password hidden.
func (c *Config) RedactedDatabaseURL() string { return redactURL(c.DatabaseURL) }
