package agent

import (
	"context"
	"strconv"
	"strings"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/audit"
)

// Audit log actions.
const (
	ActionCreated    = "agent.created"
	ActionUpdated    = "agent.updated"
	ActionRolledBack = "agent.rolled_back"
	ActionDeleted    = "agent.deleted"
)

// Store is what agents need of the database. Every method takes the
// organization first; an agent of another one is ENOTFOUND. Each change
// writes its audit event in its own transaction.
type Store interface {
	// CreateAgent stores a new agent and its first version.
	CreateAgent(ctx context.Context, a *Agent, v *Version, e audit.Event) error
	// Agents lists the organization's agents, oldest first.
	Agents(ctx context.Context, orgID string) ([]Agent, error)
	Agent(ctx context.Context, orgID, id string) (*Agent, error)
	// SaveAgent writes a's configuration and version and adds v, when the
	// agent is still at version from: ECONFLICT when it is not.
	SaveAgent(ctx context.Context, a *Agent, from int, v *Version, e audit.Event) error
	DeleteAgent(ctx context.Context, orgID, id string, e audit.Event) error
	// AgentVersions lists up to limit versions below before (0: the
	// newest), newest first, with their changes but no configuration.
	AgentVersions(ctx context.Context, orgID, agentID string, before, limit int) ([]Version, error)
	// AgentVersion returns one version with its configuration.
	AgentVersion(ctx context.Context, orgID, agentID string, version int) (*Version, error)
	// ExistingKnowledgeBaseIDs returns the ids of the organization's
	// knowledge bases.
	ExistingKnowledgeBaseIDs(ctx context.Context, orgID string) (map[string]bool, error)
}

// ProviderCheck says which LLM providers an organization's agents may use:
// those it has a key for, or the platform has (llm.Service implements it).
type ProviderCheck interface {
	Available(ctx context.Context, orgID string) (map[string]bool, error)
}

// Service runs agents and their versions. Who may change them (admins) is
// the route's to check.
type Service struct {
	Store Store
	Clock piloto.Clock
	// Providers, when not nil, refuses choosing a provider no key is set for
	// (the organization's or the platform's). An agent keeps a provider
	// whose key was removed until the provider is changed.
	Providers ProviderCheck
}

// providerOf names a provider with the preposition Portuguese needs.
var providerOf = map[string]string{"openai": "da OpenAI", "anthropic": "da Anthropic", "gemini": "do Google Gemini"}

// checkProvider refuses a provider newly chosen (not before's) that the
// organization cannot use.
func (s *Service) checkProvider(ctx context.Context, orgID string, cfg Config, before *Config) error {
	if s.Providers == nil || cfg.Provider == "" || (before != nil && before.Provider == cfg.Provider) {
		return nil
	}
	available, err := s.Providers.Available(ctx, orgID)
	if err != nil {
		return err
	}
	if available[cfg.Provider] {
		return nil
	}
	return invalid(map[string]string{"provider": "Configure uma chave " + providerOf[cfg.Provider] +
		" em Configurações → IA antes de escolher este provedor."})
}

// Author is who saves: the person (named in the version as they are now)
// and where from (for the audit log).
type Author struct {
	UserID    string
	Name      string
	IP        string
	UserAgent string
}

// VersionsPage is how many versions a page of the history holds.
const VersionsPage = 50

// check normalizes and validates cfg, including that its knowledge bases
// are the organization's: one that is not is a field error or, with
// dropMissing (an old version restored), left out.
func (s *Service) check(ctx context.Context, orgID string, cfg Config, dropMissing bool) (Config, error) {
	cfg = cfg.Normalized()
	missing := false
	if len(cfg.KnowledgeBaseIDs) > 0 {
		exists, err := s.Store.ExistingKnowledgeBaseIDs(ctx, orgID)
		if err != nil {
			return cfg, err
		}
		kept := []string{}
		for _, id := range cfg.KnowledgeBaseIDs {
			switch {
			case exists[id]:
				kept = append(kept, id)
			case !dropMissing:
				missing = true
				kept = append(kept, id)
			}
		}
		cfg.KnowledgeBaseIDs = kept
	}
	fields := cfg.FieldErrors()
	if missing && fields["knowledge_base_ids"] == "" {
		fields["knowledge_base_ids"] = "Uma das bases escolhidas não existe mais. Atualize a página e escolha de novo."
	}
	if len(fields) > 0 {
		return cfg, invalid(fields)
	}
	return cfg, nil
}

func (s *Service) auditEvent(orgID string, by Author, action string, a *Agent) audit.Event {
	// A header may hold any bytes; PostgreSQL takes only UTF-8 (and a
	// character cut in two at the limit goes too).
	ua := by.UserAgent
	if len(ua) > 256 {
		ua = ua[:256]
	}
	ua = strings.ToValidUTF8(ua, "")
	return audit.Event{ID: piloto.NewID(), OrganizationID: orgID, UserID: by.UserID, Action: action, IP: by.IP, UserAgent: ua,
		Details:   map[string]string{"agent_id": a.ID, "agent": a.Name, "version": strconv.Itoa(a.Version)},
		CreatedAt: s.Clock.Now()}
}

// Create makes an agent with cfg as its version 1. EINVALID with fields.
func (s *Service) Create(ctx context.Context, orgID string, by Author, cfg Config) (*Agent, error) {
	cfg, err := s.check(ctx, orgID, cfg, false)
	if err != nil {
		return nil, err
	}
	if err := s.checkProvider(ctx, orgID, cfg, nil); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	a := &Agent{ID: piloto.NewID(), OrganizationID: orgID, Version: 1, Config: cfg, CreatedAt: now, UpdatedAt: now}
	v := &Version{AgentID: a.ID, Version: 1, AuthorID: by.UserID, AuthorName: by.Name, CreatedAt: now, Changes: []Change{}, Config: &a.Config}
	if err := s.Store.CreateAgent(ctx, a, v, s.auditEvent(orgID, by, ActionCreated, a)); err != nil {
		return nil, err
	}
	return a, nil
}

// List returns the organization's agents, oldest first.
func (s *Service) List(ctx context.Context, orgID string) ([]Agent, error) {
	return s.Store.Agents(ctx, orgID)
}

// Get returns an agent. ENOTFOUND.
func (s *Service) Get(ctx context.Context, orgID, id string) (*Agent, error) {
	return s.Store.Agent(ctx, orgID, id)
}

func conflict(current int) error {
	return piloto.Errorf(piloto.ECONFLICT,
		"Este agente foi alterado enquanto você editava (agora está na versão %d). Recarregue para ver as mudanças e salve de novo.", current)
}

// Update saves cfg as the agent's next version, when the agent is still at
// version expected (the one the editor loaded): ECONFLICT otherwise. A save
// that changes nothing makes no version and returns the agent as it is.
// EINVALID with fields; ENOTFOUND.
func (s *Service) Update(ctx context.Context, orgID, id string, by Author, expected int, cfg Config) (*Agent, error) {
	return s.save(ctx, orgID, id, by, expected, nil, func(*Agent) (Config, error) { return cfg, nil })
}

// Rollback restores version target's configuration as the agent's next
// version (noting which it restored), when the agent is still at version
// expected. The agent stays on or off as it is, and knowledge bases deleted
// since are left out. EINVALID when the restored configuration no longer
// passes today's rules; ENOTFOUND; ECONFLICT.
func (s *Service) Rollback(ctx context.Context, orgID, id string, by Author, target, expected int) (*Agent, error) {
	return s.save(ctx, orgID, id, by, expected, &target, func(cur *Agent) (Config, error) {
		if target == cur.Version {
			return Config{}, piloto.Invalid("Esta já é a versão atual.", map[string]string{"version": "Esta já é a versão atual."})
		}
		v, err := s.Store.AgentVersion(ctx, orgID, id, target)
		if err != nil {
			return Config{}, err
		}
		cfg := *v.Config
		cfg.Enabled = cur.Enabled
		return cfg, nil
	})
}

// save writes the configuration next makes of the current agent as its
// next version.
func (s *Service) save(ctx context.Context, orgID, id string, by Author, expected int, rollbackOf *int,
	next func(cur *Agent) (Config, error)) (*Agent, error) {
	cur, err := s.Store.Agent(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if expected < 1 {
		return nil, piloto.Invalid("Informe a versão que você editou.", map[string]string{"version": "Informe a versão que você editou."})
	}
	if cur.Version != expected {
		return nil, conflict(cur.Version)
	}
	cfg, err := next(cur)
	if err != nil {
		return nil, err
	}
	if cfg, err = s.check(ctx, orgID, cfg, rollbackOf != nil); err != nil {
		return nil, err
	}
	if err := s.checkProvider(ctx, orgID, cfg, &cur.Config); err != nil {
		return nil, err
	}
	changes := Diff(cur.Config, cfg)
	if len(changes) == 0 {
		return cur, nil
	}
	a := *cur
	a.Config, a.Version, a.UpdatedAt = cfg, cur.Version+1, s.Clock.Now()
	v := &Version{AgentID: id, Version: a.Version, AuthorID: by.UserID, AuthorName: by.Name, RollbackOf: rollbackOf,
		CreatedAt: a.UpdatedAt, Changes: changes, Config: &a.Config}
	e := s.auditEvent(orgID, by, ActionUpdated, &a)
	if rollbackOf != nil {
		e.Action, e.Details["rollback_of"] = ActionRolledBack, strconv.Itoa(*rollbackOf)
	}
	if err := s.Store.SaveAgent(ctx, &a, expected, v, e); err != nil {
		if piloto.ErrorCode(err) == piloto.ECONFLICT {
			if now, err2 := s.Store.Agent(ctx, orgID, id); err2 == nil {
				return nil, conflict(now.Version)
			}
		}
		return nil, err
	}
	return &a, nil
}

// Delete removes an agent and its versions. ENOTFOUND.
func (s *Service) Delete(ctx context.Context, orgID, id string, by Author) error {
	a, err := s.Store.Agent(ctx, orgID, id)
	if err != nil {
		return err
	}
	return s.Store.DeleteAgent(ctx, orgID, id, s.auditEvent(orgID, by, ActionDeleted, a))
}

// Versions returns a page of the agent's history, newest first, and the
// cursor of the next page (0 on the last): versions below before (0: from
// the newest). ENOTFOUND.
func (s *Service) Versions(ctx context.Context, orgID, id string, before int) ([]Version, int, error) {
	if _, err := s.Store.Agent(ctx, orgID, id); err != nil {
		return nil, 0, err
	}
	list, err := s.Store.AgentVersions(ctx, orgID, id, before, VersionsPage+1)
	if err != nil {
		return nil, 0, err
	}
	next := 0
	if len(list) > VersionsPage {
		list = list[:VersionsPage]
		next = list[VersionsPage-1].Version
	}
	for i := range list {
		list[i].Changed = Paths(list[i].Changes)
		list[i].Changes = nil
	}
	return list, next, nil
}

// Version returns one version with its configuration and what it changed.
// ENOTFOUND.
func (s *Service) Version(ctx context.Context, orgID, id string, version int) (*Version, error) {
	v, err := s.Store.AgentVersion(ctx, orgID, id, version)
	if err != nil {
		return nil, err
	}
	v.Changed = Paths(v.Changes)
	return v, nil
}

// Diff returns what changes from version from to version to. ENOTFOUND.
func (s *Service) Diff(ctx context.Context, orgID, id string, from, to int) ([]Change, error) {
	a, err := s.Store.AgentVersion(ctx, orgID, id, from)
	if err != nil {
		return nil, err
	}
	b, err := s.Store.AgentVersion(ctx, orgID, id, to)
	if err != nil {
		return nil, err
	}
	return Diff(*a.Config, *b.Config), nil
}
