// Package api holds the /api/v1 routes: one table, read top to bottom, that
// both registers the handlers and is checked against the OpenAPI document.
//
// Handlers return an error; WriteError turns it into the JSON error shape
// with the status of its code. Conventions for every route: snake_case JSON;
// lists as {"items": […], "next_cursor": "…"}; RFC 3339 UTC times; money shown
// to people as integer centavos; per-call costs as integer micro-reais.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/blob"
	"github.com/pilotodevendas/piloto/internal/buildinfo"
	"github.com/pilotodevendas/piloto/internal/events"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/ratelimit"
	"github.com/pilotodevendas/piloto/internal/whatsapp"
)

// HandlerFunc is an API handler: it writes a response, or returns an error for
// WriteError to write.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one method and path of the API, who may call it, and its
// handler.
type Route struct {
	Method  string
	Path    string // a net/http pattern path, e.g. /api/v1/agents/{id}
	Access  Access
	Handler HandlerFunc
}

// Access says who may call a route. Every non-public route authenticates
// the session (and, for unsafe methods, its CSRF token), loads the
// membership and role from the store, and checks the role, before the
// handler runs; the handler reads the caller with identityOf.
type Access int

const (
	Public Access = iota // anyone; the handler authenticates if it must
	Member               // any member of the session's organization
	Admin                // admins and owners
	Owner                // owners only
)

var minRole = map[Access]org.Role{Member: org.RoleMember, Admin: org.RoleAdmin, Owner: org.RoleOwner}

// API serves /api/v1. Its fields are the dependencies of the handlers.
type API struct {
	Logger *slog.Logger
	Clock  piloto.Clock
	Auth   *auth.Service
	Orgs   *org.Service
	Agents *agent.Service
	// Inbox runs conversations, their contacts, leads and messages.
	Inbox *inbox.Service
	// Replies is the agent runtime: the playground answers through it.
	Replies *reply.Service
	// Channels runs the organizations' WhatsApp numbers.
	Channels *whatsapp.Service
	// Outbound has a conversation's pending messages sent (a person's
	// reply on WhatsApp: whatsapp.EnqueueSend); nil sends nothing.
	Outbound func(ctx context.Context, orgID, conversationID string) error
	// LLM runs the organizations' LLM keys and usage.
	LLM *llm.Service
	// Knowledge runs knowledge bases; MaxUploadBytes caps an uploaded file.
	Knowledge      *knowledge.Service
	MaxUploadBytes int64
	// Google is nil when "Entrar com Google" is not configured.
	Google     *auth.Google
	Identities auth.IdentityStore
	AppURL     string // where the browser lands after a provider sign-in
	// Events and Hub serve the live-update stream; Shutdown closes when the
	// server stops, ending streams so it can drain.
	Events   events.Store
	Hub      EventsHub
	Shutdown <-chan struct{}
	Blobs    *blob.Bucket
	Audit    audit.Store
	Limiter  *ratelimit.Limiter
	Limits   Limits
	// DevOutbox, in development without SMTP, lists kept mail; nil
	// elsewhere.
	DevOutbox OutboxReader
}

// Limits are the per-route rate limits set by the operator.
type Limits struct {
	LoginPerMinute int // sign-ups and logins per client IP
}

// Routes is the route table.
func (a *API) Routes() []Route {
	return []Route{
		{"GET", "/api/v1/version", Public, a.getVersion},
		{"GET", "/api/v1/openapi.json", Public, a.getOpenAPI},

		// Sessions. Sign-up, login and password reset are limited per client
		// IP (Limits.LoginPerMinute), refresh per session.
		{"POST", "/api/v1/auth/signup", Public, a.postSignup},
		{"POST", "/api/v1/auth/login", Public, a.postLogin},
		{"POST", "/api/v1/auth/refresh", Public, a.postRefresh},
		{"POST", "/api/v1/auth/logout", Public, a.postLogout},
		{"POST", "/api/v1/auth/logout-all", Member, a.postLogoutAll},
		{"GET", "/api/v1/auth/me", Member, a.getMe},
		{"POST", "/api/v1/auth/verify-email", Public, a.postVerifyEmail},
		{"POST", "/api/v1/auth/verify-email/resend", Member, a.postResendVerification},
		{"POST", "/api/v1/auth/password-reset", Public, a.postPasswordReset},
		{"POST", "/api/v1/auth/password-reset/confirm", Public, a.postPasswordResetConfirm},
		{"GET", "/api/v1/auth/providers", Public, a.getProviders},
		{"GET", "/api/v1/auth/google/login", Public, a.getGoogleLogin},
		{"GET", "/api/v1/auth/google/callback", Public, a.getGoogleCallback},

		// My account.
		{"GET", "/api/v1/account/sessions", Member, a.getSessions},
		{"DELETE", "/api/v1/account/sessions/{id}", Member, a.deleteSession},
		{"POST", "/api/v1/account/password", Member, a.postChangePassword},
		{"POST", "/api/v1/account/email", Member, a.postChangeEmail},
		{"GET", "/api/v1/account/identities", Member, a.getIdentities},
		{"DELETE", "/api/v1/account/identities/{id}", Member, a.deleteIdentity},

		// Organizations, members and invitations: the organization is always
		// the session's.
		{"POST", "/api/v1/auth/switch-org", Member, a.postSwitchOrg},
		{"POST", "/api/v1/organizations", Member, a.postOrganizations},
		{"GET", "/api/v1/organization", Member, a.getOrganization},
		{"PATCH", "/api/v1/organization", Admin, a.patchOrganization},
		{"DELETE", "/api/v1/organization", Owner, a.deleteOrganization},
		{"GET", "/api/v1/organization/logo", Member, a.getOrganizationLogo},
		{"PUT", "/api/v1/organization/logo", Admin, a.putOrganizationLogo},
		{"DELETE", "/api/v1/organization/logo", Admin, a.deleteOrganizationLogo},
		{"GET", "/api/v1/members", Member, a.getMembers},
		{"PATCH", "/api/v1/members/{user_id}", Owner, a.patchMember},
		{"DELETE", "/api/v1/members/{user_id}", Member, a.deleteMember}, // leaving is anyone's; removing others, owners'
		{"GET", "/api/v1/invitations", Admin, a.getInvitations},
		{"POST", "/api/v1/invitations", Admin, a.postInvitation},
		{"DELETE", "/api/v1/invitations/{id}", Admin, a.deleteInvitation},
		{"POST", "/api/v1/invitations/{id}/resend", Admin, a.postInvitationResend},
		{"POST", "/api/v1/invitations/lookup", Public, a.postInvitationLookup},
		{"POST", "/api/v1/invitations/accept", Member, a.postInvitationAccept},
		{"POST", "/api/v1/invitations/accept-new", Public, a.postInvitationAcceptNew},

		// Knowledge bases: members read, admins change.
		{"GET", "/api/v1/knowledge-bases", Member, a.getKnowledgeBases},
		{"POST", "/api/v1/knowledge-bases", Admin, a.postKnowledgeBase},
		{"DELETE", "/api/v1/knowledge-bases/{id}", Admin, a.deleteKnowledgeBase},
		{"GET", "/api/v1/knowledge/search", Member, a.getKnowledgeSearch},
		{"GET", "/api/v1/knowledge-bases/{id}/sources", Member, a.getSources},
		{"POST", "/api/v1/knowledge-bases/{id}/files", Admin, a.postFile},
		{"POST", "/api/v1/knowledge-bases/{id}/faqs", Admin, a.postFAQ},
		{"GET", "/api/v1/sources/{id}", Member, a.getSource},
		{"GET", "/api/v1/sources/{id}/chunks", Member, a.getSourceChunks},
		{"POST", "/api/v1/sources/{id}/reingest", Admin, a.postReingest},
		{"DELETE", "/api/v1/sources/{id}", Admin, a.deleteSource},
		{"GET", "/api/v1/knowledge-bases/{id}/sites", Member, a.getSites},
		{"POST", "/api/v1/knowledge-bases/{id}/sites", Admin, a.postSite},
		{"GET", "/api/v1/sites/{id}", Member, a.getSite},
		{"POST", "/api/v1/sites/{id}/sync", Admin, a.postSiteSync},
		{"DELETE", "/api/v1/sites/{id}", Admin, a.deleteSite},

		// Agents and their versions: members read, admins change.
		{"GET", "/api/v1/agents", Member, a.getAgents},
		{"POST", "/api/v1/agents", Admin, a.postAgent},
		{"GET", "/api/v1/agents/{id}", Member, a.getAgent},
		{"PATCH", "/api/v1/agents/{id}", Admin, a.patchAgent},
		{"DELETE", "/api/v1/agents/{id}", Admin, a.deleteAgent},
		{"GET", "/api/v1/agents/{id}/versions", Member, a.getAgentVersions},
		{"GET", "/api/v1/agents/{id}/versions/{version}", Member, a.getAgentVersion},
		{"GET", "/api/v1/agents/{id}/diff", Member, a.getAgentDiff},
		{"POST", "/api/v1/agents/{id}/rollback", Admin, a.postAgentRollback},

		// Conversations and the inbox: any member works them (lists, takes
		// over, replies, assigns, labels, notes); read marks and
		// availability are the caller's own.
		{"GET", "/api/v1/conversations", Member, a.getConversations},
		{"GET", "/api/v1/conversations/{id}", Member, a.getConversation},
		{"PATCH", "/api/v1/conversations/{id}", Member, a.patchConversation},
		{"GET", "/api/v1/conversations/{id}/messages", Member, a.getConversationMessages},
		{"POST", "/api/v1/conversations/{id}/messages", Member, a.postConversationMessage},
		{"POST", "/api/v1/conversations/{id}/read", Member, a.postConversationRead},
		{"POST", "/api/v1/conversations/{id}/takeover", Member, a.postConversationTakeover},
		{"POST", "/api/v1/conversations/{id}/handback", Member, a.postConversationHandback},
		{"GET", "/api/v1/conversations/{id}/notes", Member, a.getConversationNotes},
		{"POST", "/api/v1/conversations/{id}/notes", Member, a.postConversationNote},
		{"PATCH", "/api/v1/leads/{id}", Member, a.patchLead},
		{"PUT", "/api/v1/account/availability", Member, a.putAvailability},
		{"GET", "/api/v1/traces/{id}", Member, a.getTrace},

		// WhatsApp channels: members read, admins change and test. Their
		// webhooks (/webhooks/whatsapp) are beside the API, not in it.
		{"GET", "/api/v1/channels", Member, a.getChannels},
		{"POST", "/api/v1/channels", Admin, a.postChannel},
		{"GET", "/api/v1/channels/{id}", Member, a.getChannel},
		{"PATCH", "/api/v1/channels/{id}", Admin, a.patchChannel},
		{"DELETE", "/api/v1/channels/{id}", Admin, a.deleteChannel},
		{"POST", "/api/v1/channels/{id}/test", Admin, a.postChannelTest},

		// The playground ("Testar agente"): admins, who configure agents and
		// whose tests spend the organization's model calls. A message is
		// answered from the request as Server-Sent Events.
		{"POST", "/api/v1/playground/conversations", Admin, a.postPlaygroundConversation},
		{"POST", "/api/v1/playground/conversations/{id}/messages", Admin, a.postPlaygroundMessage},

		// LLM providers and keys: members read, admins change and test; the
		// usage page is the owners'. {provider} is openai, anthropic or
		// gemini, not an id: the organization is the session's.
		{"GET", "/api/v1/llm/providers", Member, a.getLLMProviders},
		{"PUT", "/api/v1/llm/providers/{provider}/key", Admin, a.putLLMKey},
		{"DELETE", "/api/v1/llm/providers/{provider}/key", Admin, a.deleteLLMKey},
		{"POST", "/api/v1/llm/providers/{provider}/test", Admin, a.postLLMTest},
		{"GET", "/api/v1/llm/providers/{provider}/models", Member, a.getLLMModels},
		{"GET", "/api/v1/usage", Owner, a.getUsage},

		{"GET", "/api/v1/audit-events", Owner, a.getAuditEvents},
		{"GET", "/api/v1/events", Member, a.getEvents},

		{"GET", "/api/v1/dev/outbox", Public, a.getDevOutbox},
	}
}

// Register adds every route to mux, and a catch-all that answers unknown
// /api/ paths with a JSON 404. Routes are grouped by path so that a known path
// with another method answers a JSON 405 with Allow.
func (a *API) Register(mux *http.ServeMux) {
	byPath := map[string]map[string]HandlerFunc{}
	var paths []string
	for _, rt := range a.Routes() {
		if byPath[rt.Path] == nil {
			byPath[rt.Path] = map[string]HandlerFunc{}
			paths = append(paths, rt.Path)
		}
		byPath[rt.Path][rt.Method] = a.guard(rt.Access, rt.Handler)
	}
	for _, p := range paths {
		methods := byPath[p]
		mux.Handle(p, a.dispatch(methods))
	}
	mux.Handle("/api/", a.handle(func(w http.ResponseWriter, r *http.Request) error {
		return piloto.Errorf(piloto.ENOTFOUND, "Rota desconhecida: %s", r.URL.Path)
	}))
}

func (a *API) dispatch(methods map[string]HandlerFunc) http.Handler {
	allowed := make([]string, 0, len(methods))
	for m := range methods {
		allowed = append(allowed, m)
	}
	sort.Strings(allowed)
	allow := strings.Join(allowed, ", ")
	return a.handle(func(w http.ResponseWriter, r *http.Request) error {
		method := r.Method
		if method == http.MethodHead {
			method = http.MethodGet
		}
		h, ok := methods[method]
		if !ok {
			w.Header().Set("Allow", allow)
			return piloto.Errorf(piloto.EMETHOD, "Método %s não é aceito aqui.", r.Method)
		}
		return h(w, r)
	})
}

// handle adapts a HandlerFunc to http.Handler.
func (a *API) handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if err := h(w, r); err != nil {
			WriteError(w, r, a.Logger, err)
		}
	})
}

// VersionResponse says which build is running.
type VersionResponse struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
}

func (a *API) getVersion(w http.ResponseWriter, r *http.Request) error {
	WriteJSON(w, http.StatusOK, VersionResponse{Version: buildinfo.Version, Commit: buildinfo.Commit})
	return nil
}
