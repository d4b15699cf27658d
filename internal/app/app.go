// Package app wires the server together: Main.Run opens the database,
// migrates, starts the job workers and serves HTTP until its context ends.
// cmd/piloto calls it, and end-to-end tests run it in-process.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/blob"
	"github.com/pilotodevendas/piloto/internal/buildinfo"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/events"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/jobs"
	"github.com/pilotodevendas/piloto/internal/keys"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/mail"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/ratelimit"
	"github.com/pilotodevendas/piloto/internal/safehttp"
	"github.com/pilotodevendas/piloto/internal/secrets"
	"github.com/pilotodevendas/piloto/internal/server"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/whatsapp"
	"github.com/pilotodevendas/piloto/web"
	"github.com/riverqueue/river"
)

// ShutdownTimeout bounds a graceful stop: Cloud Run allows 10 s after SIGTERM.
const ShutdownTimeout = 9 * time.Second

// heartbeatEvery is how often an instance reports itself alive.
const heartbeatEvery = time.Minute

// siteScheduleEvery is how often the schedule looks for web sites due for
// their daily sync.
const siteScheduleEvery = 10 * time.Minute

// closeQuietEvery is how often conversations quiet for
// PILOTO_CONVERSATION_QUIET are closed: a conversation closes up to this
// long after its quiet period ends.
const closeQuietEvery = 10 * time.Minute

// Main is one piloto process.
type Main struct {
	Config *config.Config
	Logger *slog.Logger
	Clock  piloto.Clock
	// Jobs overrides the job client's configuration (tests shorten it); the
	// zero value means jobs.DefaultConfig.
	Jobs *jobs.Config
	// OutboundAllowHosts lists exact host:port pairs (local test servers)
	// that the outbound guard lets through. Tests only: it is no setting.
	OutboundAllowHosts []string
	// CrawlDelay overrides the pause between two requests of a site sync
	// (tests shorten it); zero means knowledge.DefaultCrawlDelay.
	CrawlDelay time.Duration

	mu    sync.Mutex
	addr  net.Addr
	ready chan struct{}
	auth  *auth.Service
}

// NewLogger returns the logger for cfg: JSON in production, text otherwise.
func NewLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Production() {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Ready is closed once the server listens; Addr is then its address.
func (m *Main) Ready() <-chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ready == nil {
		m.ready = make(chan struct{})
	}
	return m.ready
}

// Addr returns the address the server listens on, once Ready.
func (m *Main) Addr() net.Addr {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.addr
}

// AuthService returns the running auth service, once Ready (tests count its
// password hashes).
func (m *Main) AuthService() *auth.Service {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.auth
}

// secretKey returns the configured secret, or in development the one kept in
// the data dir (made the first time, with a loud warning).
func (m *Main) secretKey() (string, error) {
	if m.Config.SecretKey != "" {
		return m.Config.SecretKey, nil
	}
	if m.Config.Production() {
		return "", errors.New("PILOTO_SECRET_KEY is required in production")
	}
	s, created, err := keys.LoadOrCreateDev(m.Config.DataDir)
	if err != nil {
		return "", fmt.Errorf("development secret key: %w", err)
	}
	if created {
		m.Logger.Warn("PILOTO_SECRET_KEY is not set: generated a development secret key into the data dir. " +
			"Set PILOTO_SECRET_KEY in production; losing this file logs everyone out.")
	}
	return s, nil
}

// Run serves until ctx ends, then shuts down gracefully within
// ShutdownTimeout. It returns an error when start-up fails.
func (m *Main) Run(ctx context.Context) error {
	cfg := m.Config
	llmConfig := LLMConfig(cfg)
	if err := errors.Join(cfg.Validate(), llmConfig.Validate()); err != nil {
		return err
	}
	if m.Clock == nil {
		m.Clock = piloto.SystemClock{}
	}
	logger := m.Logger
	m.Ready() // make the channel before anyone waits on it

	secret, err := m.secretKey()
	if err != nil {
		return err
	}
	serverKeys, box, err := serverSecrets(secret, cfg.SecretKeyPrevious)
	if err != nil {
		return err
	}

	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.AutoMigrate {
		applied, err := db.Migrate(ctx)
		if err != nil {
			return err
		}
		if len(applied) > 0 {
			logger.Info("migrated the database", "applied", applied)
		}
	}

	bucket, err := blob.Open(ctx, cfg.BlobURL)
	if err != nil {
		return err
	}
	defer bucket.Close()

	// The one client for URLs tenants type (web pages now; CRM and webhooks
	// later): it refuses non-public destinations. Base URLs the operator
	// sets (LLM, Graph API) do not go through it.
	outbound, err := safehttp.New(safehttp.Config{
		AllowPrivate: cfg.AllowPrivateURLs,
		AllowHosts:   m.OutboundAllowHosts,
		UserAgent:    knowledge.CrawlerToken + "/" + buildinfo.Version,
	})
	if err != nil {
		return err
	}
	defer outbound.CloseIdleConnections()

	jobsCfg := jobs.DefaultConfig()
	jobsCfg.MaxWorkers = cfg.JobWorkers
	if m.Jobs != nil {
		jobsCfg = *m.Jobs
	}
	jobsCfg.Work = cfg.Role != config.RoleWeb
	jobsCfg.Logger = logger.With("component", "jobs")
	workers := river.NewWorkers()
	river.AddWorker(workers, &jobs.CleanupWorker{Store: db, Clock: m.Clock, Logger: logger})
	var sender mail.Sender = &mail.Outbox{Store: db, Clock: m.Clock, Logger: logger.With("component", "mail")}
	if cfg.SMTPURL != "" {
		if sender, err = mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom); err != nil {
			return err
		}
	}
	river.AddWorker(workers, &auth.MailWorker{Store: db, Sender: sender, Clock: m.Clock, AppURL: cfg.AppURL})
	river.AddWorker(workers, &org.InviteMailWorker{Store: db, Sender: sender, Clock: m.Clock, AppURL: cfg.AppURL})
	river.AddWorker(workers, &knowledge.IngestWorker{
		Store: db, Blobs: bucket, Clock: m.Clock, Limits: knowledge.DefaultLimits,
	})
	crawler := &knowledge.CrawlWorker{
		Store: db, Files: blob.Files{Bucket: bucket}, Web: outbound, Clock: m.Clock, Limits: knowledge.DefaultLimits,
		Delay: m.CrawlDelay, Logger: logger.With("component", "crawler"),
	}
	river.AddWorker(workers, crawler)
	siteSchedule := &knowledge.SiteScheduleWorker{Store: db, Clock: m.Clock}
	river.AddWorker(workers, siteSchedule)
	inboxes := &inbox.Service{Store: db, Clock: m.Clock}
	river.AddWorker(workers, &inbox.CloseQuietWorker{Service: inboxes, Quiet: cfg.ConversationQuiet, Clock: m.Clock,
		Logger: logger.With("component", "inbox")})
	whatsappReplies := &whatsapp.ReplyWorker{Inbox: inboxes, Clock: m.Clock, Debounce: cfg.WhatsAppDebounce,
		Logger: logger.With("component", "whatsapp")}
	river.AddWorker(workers, whatsappReplies)
	graph := &whatsapp.Graph{BaseURL: cfg.WhatsAppGraphURL}
	river.AddWorker(workers, &whatsapp.SendWorker{Store: db, Notes: inboxes, Graph: graph, Box: box, Clock: m.Clock,
		NumberMPS: cfg.WhatsAppMPS, Logger: logger.With("component", "whatsapp")})
	var periodic []*river.PeriodicJob
	if jobsCfg.CleanupEvery > 0 {
		periodic = append(periodic, jobs.CleanupPeriodic(jobsCfg.CleanupEvery))
	}
	periodic = append(periodic, knowledge.SiteSchedulePeriodic(siteScheduleEvery),
		inbox.CloseQuietPeriodic(closeQuietEvery))
	jobClient, err := jobs.New(db, workers, periodic, jobsCfg)
	if err != nil {
		return err
	}
	crawler.Jobs, siteSchedule.Jobs = jobClient, jobClient // they enqueue ingestions and crawls
	whatsappReplies.Jobs = jobClient                       // it enqueues the sends

	// Live updates: commits on this instance poke its streams at once; on
	// PostgreSQL, LISTEN brings every other instance's commits too.
	feeds := events.NewFeeds(db, events.NewHub(), logger.With("component", "events"))
	db.OnEvents(feeds.Poke)
	go db.ListenEvents(ctx, func(orgID string) { feeds.Poke(orgID) })

	// LLM providers: the platform's keys from the environment, each
	// organization's own keys sealed in the database; an organization's
	// base URL is reached only through the outbound guard.
	llmConfig.Logger = logger.With("component", "llm")
	llmService := &llm.Service{
		Store: db, Box: box, Config: llmConfig, Web: outbound.HTTPClient(), URLs: outbound,
		Clock: m.Clock, Logger: logger.With("component", "llm"),
	}

	limiter := ratelimit.New(db, m.Clock)
	authService, err := auth.NewService(auth.Deps{
		Store: db, Accounts: db, Invitations: db, Limits: limiter, Jobs: jobClient, Clock: m.Clock,
	}, authConfig(cfg), auth.Keys{
		Access:  serverKeys.DeriveAll("auth-access-token-v1"),
		Refresh: serverKeys.Derive("auth-refresh-successor-v1"),
		CSRF:    serverKeys.DeriveAll("auth-csrf-v1"),
	}, cfg.PublicURL)
	if err != nil {
		return err
	}

	opts := server.Options{
		Logger: logger, Production: cfg.Production(), DB: db,
		AppOrigins: cfg.CORSOrigins, TrustedProxies: cfg.TrustedProxies,
	}
	agents := &agent.Service{Store: db, Clock: m.Clock, Providers: llmService}
	knowledges := &knowledge.Service{Store: db, Files: blob.Files{Bucket: bucket}, Jobs: jobClient, Clock: m.Clock, Sites: db, URLs: outbound}
	replies := &reply.Service{Agents: agents, Inbox: inboxes, LLM: llmService, Knowledge: knowledges, Orgs: db,
		Clock: m.Clock, Logger: logger.With("component", "reply")}
	whatsappReplies.Replies = replies
	if cfg.Role != config.RoleWorker {
		opts.API = &api.API{
			Logger: logger, Clock: m.Clock, Auth: authService, Audit: db, Limiter: limiter,
			Orgs:    &org.Service{Store: db, Jobs: jobClient, Clock: m.Clock},
			Agents:  agents,
			Inbox:   inboxes,
			Replies: replies,
			Outbound: func(ctx context.Context, orgID, conversationID string) error {
				return whatsapp.EnqueueSend(ctx, jobClient, orgID, conversationID)
			},
			Channels: &whatsapp.Service{Store: db, Box: box, Graph: graph, Clock: m.Clock, PublicURL: cfg.PublicURL,
				Logger: logger.With("component", "whatsapp")},
			LLM: llmService,
			Google: auth.NewGoogle(auth.GoogleConfig{
				ClientID: cfg.GoogleClientID, ClientSecret: cfg.GoogleClientSecret, Issuer: cfg.GoogleIssuer,
				RedirectURL: cfg.PublicURL + "/api/v1/auth/google/callback",
				StateKey:    serverKeys.Derive("auth-oauth-flow-v1"),
			}, authService, db),
			Identities:     db,
			AppURL:         cfg.AppURL,
			Events:         db,
			Hub:            feeds,
			Shutdown:       ctx.Done(),
			Blobs:          bucket,
			Knowledge:      knowledges,
			MaxUploadBytes: int64(cfg.MaxUploadMB) << 20,
			Limits:         api.Limits{LoginPerMinute: cfg.RateLimitLogin},
		}
		if cfg.SMTPURL == "" && !cfg.Production() {
			opts.API.DevOutbox = db
		}
		opts.Webhooks = &whatsapp.Webhooks{Store: db, Jobs: jobClient, Box: box, Clock: m.Clock,
			AppSecret: cfg.WhatsAppAppSecret, VerifyToken: cfg.WhatsAppVerifyToken,
			Logger: logger.With("component", "whatsapp")}
		if app, ok := web.Dist(); ok {
			opts.WebApp = app
		} else {
			logger.Warn("this binary carries no web app; run `make run` to build it")
		}
	}
	srv, err := server.New(opts)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// Workers need River's tables: when the schema is behind (auto-migrate
	// off, `piloto migrate` not run yet) the instance serves, not ready, and
	// starts working once the schema is current.
	jobsDone := make(chan jobsOutcome, 1)
	go func() {
		started, err := m.startJobsWhenSchemaCurrent(ctx, db, jobClient)
		jobsDone <- jobsOutcome{started, err}
	}()

	instance := store.Instance{ID: piloto.NewID(), Role: cfg.Role, Version: buildinfo.Version, StartedAt: m.Clock.Now()}
	instance.Hostname, _ = os.Hostname()
	hbCtx, stopHeartbeat := context.WithCancel(context.WithoutCancel(ctx))
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		m.heartbeat(hbCtx, db, instance)
	}()

	m.mu.Lock()
	m.addr = ln.Addr()
	m.auth = authService
	close(m.ready)
	m.mu.Unlock()
	logger.Info("piloto is serving", "addr", ln.Addr().String(), "url", cfg.PublicURL, "role", cfg.Role,
		"database", string(db.Dialect), "version", buildinfo.Version, "env", cfg.Env)

	// Serve returns after ctx ends and HTTP has drained (or its deadline hit).
	// Jobs stop alongside: running jobs get the same deadline, then are
	// cancelled, and retried later (they are idempotent).
	jobsStopped := make(chan error, 1)
	go func() {
		if out := <-jobsDone; !out.started {
			jobsStopped <- out.err
			return
		}
		stopCtx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout-time.Second)
		defer cancel()
		jobsStopped <- jobClient.Stop(stopCtx)
	}()
	serveErr := srv.Serve(ctx, ln, ShutdownTimeout-time.Second)
	jobsErr := <-jobsStopped
	stopHeartbeat()
	<-hbDone
	logger.Info("piloto stopped")
	return errors.Join(serveErr, jobsErr)
}

// authConfig is the session policy the configuration sets.
func authConfig(cfg *config.Config) auth.Config {
	c := auth.DefaultConfig()
	c.AccessTTL = cfg.AccessTokenTTL
	c.IdleTimeout = cfg.SessionIdleTimeout
	c.Hash = auth.HashParams{MemoryKiB: cfg.PasswordHashMemory, Iterations: cfg.PasswordHashPasses}
	c.RefreshPerMinute = cfg.RateLimitRefresh
	c.LoginDelayAfter = cfg.LoginDelayAfter
	c.LoginDelayMax = cfg.LoginDelayMax
	return c
}

type jobsOutcome struct {
	started bool
	err     error
}

// startJobsWhenSchemaCurrent starts the job client as soon as the schema is
// current (at once after auto-migration) and returns when ctx ends, saying
// whether the client started, or at once with the error that kept it from
// starting.
func (m *Main) startJobsWhenSchemaCurrent(ctx context.Context, db *store.DB, c *jobs.Client) (started bool, err error) {
	warned := false
	for {
		st, err := db.Schema(ctx)
		if err == nil && st.UpToDate() {
			break
		}
		if !warned {
			m.Logger.Warn("the database schema is behind this binary: not ready, and not working jobs, until `piloto migrate` runs")
			warned = true
		}
		select {
		case <-ctx.Done():
			return false, nil
		case <-time.After(2 * time.Second):
		}
	}
	if err := c.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return false, nil // stopped while starting: nothing to report
		}
		m.Logger.Error("the job client did not start", "err", err)
		return false, err
	}
	<-ctx.Done()
	return true, nil
}

func (m *Main) heartbeat(ctx context.Context, db *store.DB, in store.Instance) {
	t := time.NewTicker(heartbeatEvery)
	defer t.Stop()
	for {
		if err := db.ReportInstance(ctx, in, m.Clock.Now()); err != nil && ctx.Err() == nil {
			m.Logger.Warn("heartbeat failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Migrate applies pending migrations: `piloto migrate`.
func Migrate(ctx context.Context, cfg *config.Config, logger *slog.Logger) error {
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	st, err := db.Schema(ctx)
	if err != nil {
		return err
	}
	logger.Info("database is up to date", "applied", applied, "schema_version", st.Current, "database", string(db.Dialect))
	return nil
}

// LLMConfig is the platform's LLM settings of cfg.
func LLMConfig(cfg *config.Config) llm.Config {
	return llm.Config{
		Provider: cfg.LLMProvider, Model: cfg.LLMModel,
		OpenAIAPIKey: cfg.OpenAIAPIKey, OpenAIBaseURL: cfg.OpenAIBaseURL,
		AnthropicAPIKey: cfg.AnthropicAPIKey, AnthropicBaseURL: cfg.AnthropicBaseURL,
		GeminiAPIKey: cfg.GeminiAPIKey, GeminiBaseURL: cfg.GeminiBaseURL,
		Timeout: cfg.LLMTimeout, PricesFile: cfg.PricesFile, USDBRL: cfg.USDBRL,
	}
}

// serverSecrets returns the keys derived from the secret key (and, during a
// rotation, the previous one) and the box tenants' secrets (their LLM keys)
// are sealed in, under a key of its own.
func serverSecrets(secret, previous string) (*keys.Keys, *secrets.Box, error) {
	k, err := keys.New(secret, previous)
	if err != nil {
		return nil, nil, err
	}
	box, err := secrets.New(k.DeriveAll(secrets.Purpose))
	return k, box, err
}

// RotateSecrets re-seals every tenant secret not sealed under the current
// PILOTO_SECRET_KEY — opened with PILOTO_SECRET_KEY_PREVIOUS — and writes
// what it did to out: `piloto rotate-secrets`. Secrets that do not open are
// reported (never their content) and make it fail once the others are done.
func RotateSecrets(ctx context.Context, cfg *config.Config, logger *slog.Logger, out io.Writer) error {
	if cfg.SecretKey == "" {
		return errors.New("rotate-secrets needs PILOTO_SECRET_KEY (the new key) and, to open what the old key sealed, PILOTO_SECRET_KEY_PREVIOUS (the old key)")
	}
	_, box, err := serverSecrets(cfg.SecretKey, cfg.SecretKeyPrevious)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Schema(ctx)
	if err != nil {
		return err
	}
	if !st.UpToDate() {
		return errors.New("the database schema is behind this binary: run `piloto migrate` first")
	}
	r, err := llm.ResealCredentials(ctx, db, box)
	fmt.Fprintf(out, "LLM keys: %d re-encrypted under the current secret key, %d already under it", r.Resealed, r.Current+r.Changed)
	if r.Failed > 0 {
		fmt.Fprintf(out, ", %d could not be opened (sealed under a key that is neither PILOTO_SECRET_KEY nor PILOTO_SECRET_KEY_PREVIOUS)", r.Failed)
	}
	fmt.Fprintln(out, ".")
	logger.Info("rotated tenant secrets", "resealed", r.Resealed, "current", r.Current+r.Changed, "failed", r.Failed)
	w, werr := whatsapp.ResealChannels(ctx, db, box)
	fmt.Fprintf(out, "WhatsApp tokens and app secrets: %d re-encrypted under the current secret key, %d already under it", w.Resealed, w.Current+w.Changed)
	if w.Failed > 0 {
		fmt.Fprintf(out, ", %d could not be opened (sealed under a key that is neither PILOTO_SECRET_KEY nor PILOTO_SECRET_KEY_PREVIOUS)", w.Failed)
	}
	fmt.Fprintln(out, ".")
	logger.Info("rotated whatsapp secrets", "resealed", w.Resealed, "current", w.Current+w.Changed, "failed", w.Failed)
	return errors.Join(err, werr)
}
