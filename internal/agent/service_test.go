package agent_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

type fixture struct {
	db    *store.DB
	svc   *agent.Service
	clock *piloto.FakeClock
	org   string
	ana   agent.Author
}

// newOrg makes a user and their organization.
func newOrg(t *testing.T, db *store.DB, name string) (orgID string, author agent.Author) {
	t.Helper()
	now := time.Now().UTC()
	u := &auth.User{ID: piloto.NewID(), Email: piloto.NewID() + "@example.com", Name: name, CreatedAt: now}
	o := &org.Organization{ID: piloto.NewID(), Name: "Loja de " + name, TimeZone: "America/Manaus", CreatedAt: now}
	if err := db.CreateAccount(context.Background(), u, o, nil, ""); err != nil {
		t.Fatal(err)
	}
	return o.ID, agent.Author{UserID: u.ID, Name: u.Name, IP: "203.0.113.7", UserAgent: "teste"}
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	clock := piloto.NewFakeClock(time.Date(2026, 11, 24, 17, 5, 0, 0, time.UTC))
	orgID, ana := newOrg(t, db, "Ana")
	return &fixture{db: db, svc: &agent.Service{Store: db, Clock: clock}, clock: clock, org: orgID, ana: ana}
}

func named(name string) agent.Config {
	cfg := agent.Defaults("America/Manaus")
	cfg.Name = name
	return cfg
}

func TestAgentLifecycle(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)

		// Created by name alone: version 1, the defaults, nothing changed yet.
		a, err := f.svc.Create(ctx, f.org, f.ana, named("  Vendedor Solar "))
		if err != nil {
			t.Fatal(err)
		}
		if a.Version != 1 || a.Name != "Vendedor Solar" || !a.Enabled || a.BusinessHours.TimeZone != "America/Manaus" {
			t.Fatalf("created: %+v", a)
		}
		got, err := f.svc.Get(ctx, f.org, a.ID)
		if err != nil || got.Version != 1 || len(agent.Diff(got.Config, a.Config)) != 0 || !got.CreatedAt.Equal(a.CreatedAt) {
			t.Fatalf("read back: %+v, %v", got, err)
		}

		// Three saves: versions 2, 3, 4, each with who and what changed.
		cfg := a.Config
		cfg.Persona = "Você é a Sol, consultora de energia solar."
		f.clock.Advance(time.Minute)
		if a, err = f.svc.Update(ctx, f.org, a.ID, f.ana, 1, cfg); err != nil || a.Version != 2 {
			t.Fatalf("save 1: %+v, %v", a, err)
		}
		cfg.QualificationFields = append(cfg.QualificationFields, agent.QualificationField{
			Key: "valor_conta", Label: "Valor da conta de luz", Type: agent.FieldNumber, Required: true})
		cfg.Handoff.Keywords = []string{"gerente"}
		f.clock.Advance(time.Minute)
		if a, err = f.svc.Update(ctx, f.org, a.ID, f.ana, 2, cfg); err != nil || a.Version != 3 {
			t.Fatalf("save 2: %+v, %v", a, err)
		}
		cfg.Persona = "Você é a Sol."
		cfg.Temperature = 0.5
		f.clock.Advance(time.Minute)
		if a, err = f.svc.Update(ctx, f.org, a.ID, f.ana, 3, cfg); err != nil || a.Version != 4 {
			t.Fatalf("save 3: %+v, %v", a, err)
		}

		// A save that changes nothing makes no version.
		same, err := f.svc.Update(ctx, f.org, a.ID, f.ana, 4, cfg)
		if err != nil || same.Version != 4 {
			t.Fatalf("empty save: %+v, %v", same, err)
		}

		list, next, err := f.svc.Versions(ctx, f.org, a.ID, 0)
		if err != nil || next != 0 {
			t.Fatal(err, next)
		}
		var numbers []int
		for _, v := range list {
			numbers = append(numbers, v.Version)
			if v.AuthorID != f.ana.UserID || v.AuthorName != "Ana" || v.Config != nil || v.Changes != nil {
				t.Fatalf("version in a list: %+v", v)
			}
		}
		if !slices.Equal(numbers, []int{4, 3, 2, 1}) {
			t.Fatalf("versions %v", numbers)
		}
		if !slices.Equal(list[0].Changed, []string{"persona", "temperature"}) ||
			!slices.Equal(list[1].Changed, []string{"qualification_fields.valor_conta", "handoff.keywords"}) ||
			len(list[3].Changed) != 0 || list[3].Changed == nil {
			t.Fatalf("changed: %v / %v / %v", list[0].Changed, list[1].Changed, list[3].Changed)
		}
		if !list[0].CreatedAt.Equal(f.clock.Now()) {
			t.Fatalf("when: %v, want %v", list[0].CreatedAt, f.clock.Now())
		}

		// One version has its configuration; a diff across several.
		v2, err := f.svc.Version(ctx, f.org, a.ID, 2)
		if err != nil || v2.Config.Persona != "Você é a Sol, consultora de energia solar." || v2.Changes[0].Path != "persona" {
			t.Fatalf("version 2: %+v, %v", v2, err)
		}
		d, err := f.svc.Diff(ctx, f.org, a.ID, 1, 4)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"persona", "temperature", "qualification_fields.valor_conta", "handoff.keywords"}; !slices.Equal(agent.Paths(d), want) {
			t.Fatalf("diff 1→4: %v, want %v", agent.Paths(d), want)
		}

		// Roll back to version 2: a new version 5 with version 2's configuration.
		rolled, err := f.svc.Rollback(ctx, f.org, a.ID, f.ana, 2, 4)
		if err != nil {
			t.Fatal(err)
		}
		if rolled.Version != 5 || rolled.Persona != v2.Config.Persona || len(rolled.QualificationFields) != 4 {
			t.Fatalf("rolled back: %+v", rolled)
		}
		v5, err := f.svc.Version(ctx, f.org, a.ID, 5)
		if err != nil || v5.RollbackOf == nil || *v5.RollbackOf != 2 || len(agent.Diff(*v5.Config, *v2.Config)) != 0 {
			t.Fatalf("version 5: %+v, %v", v5, err)
		}
		if d, _ := f.svc.Diff(ctx, f.org, a.ID, 2, 5); len(d) != 0 {
			t.Fatalf("2 and 5 differ: %v", agent.Paths(d))
		}

		// The audit log has each change.
		events, err := db.AuditEvents(ctx, f.org, "", 50)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		want := []string{agent.ActionRolledBack, agent.ActionUpdated, agent.ActionUpdated, agent.ActionUpdated, agent.ActionCreated}
		if !slices.Equal(actions, want) || events[0].Details["rollback_of"] != "2" || events[0].Details["version"] != "5" || events[0].IP != "203.0.113.7" {
			t.Fatalf("audit: %v %+v", actions, events[0])
		}

		// Deleted, it and its history are gone.
		if err := f.svc.Delete(ctx, f.org, a.ID, f.ana); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Get(ctx, f.org, a.ID); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Fatalf("deleted agent: %v", err)
		}
		if _, err := f.svc.Version(ctx, f.org, a.ID, 2); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Fatalf("deleted agent's version: %v", err)
		}
		if events, _ := db.AuditEvents(ctx, f.org, "", 1); events[0].Action != agent.ActionDeleted || events[0].Details["agent"] != "Vendedor Solar" {
			t.Fatalf("audit of the deletion: %+v", events[0])
		}
	})
}

func TestAgentConflictsAndErrors(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a, err := f.svc.Create(ctx, f.org, f.ana, named("Vendedor"))
		if err != nil {
			t.Fatal(err)
		}
		cfg := a.Config
		cfg.Greeting = "Oi!"
		if _, err := f.svc.Update(ctx, f.org, a.ID, f.ana, 1, cfg); err != nil {
			t.Fatal(err)
		}
		// An editor still on version 1 saves: conflict, nothing written.
		cfg.Greeting = "Olá, tudo bem?"
		if _, err := f.svc.Update(ctx, f.org, a.ID, f.ana, 1, cfg); piloto.ErrorCode(err) != piloto.ECONFLICT {
			t.Fatalf("stale save: %v", err)
		}
		if _, err := f.svc.Rollback(ctx, f.org, a.ID, f.ana, 1, 1); piloto.ErrorCode(err) != piloto.ECONFLICT {
			t.Fatalf("stale rollback: %v", err)
		}
		if cur, _ := f.svc.Get(ctx, f.org, a.ID); cur.Version != 2 || cur.Greeting != "Oi!" {
			t.Fatalf("after conflicts: %+v", cur)
		}
		// No version given; the current version restored; a version that does not exist.
		if _, err := f.svc.Update(ctx, f.org, a.ID, f.ana, 0, cfg); fieldsOf(err)["version"] == "" {
			t.Fatalf("no version: %v", err)
		}
		if _, err := f.svc.Rollback(ctx, f.org, a.ID, f.ana, 2, 2); fieldsOf(err)["version"] == "" {
			t.Fatalf("restoring the current version: %v", err)
		}
		if _, err := f.svc.Rollback(ctx, f.org, a.ID, f.ana, 9, 2); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Fatalf("restoring version 9: %v", err)
		}
		// Invalid fields are all named at once; nothing is saved.
		bad := cfg
		bad.Name, bad.Temperature = "", 3
		if _, err := f.svc.Update(ctx, f.org, a.ID, f.ana, 2, bad); fieldsOf(err)["name"] == "" || fieldsOf(err)["temperature"] == "" {
			t.Fatalf("invalid save: %v %v", err, fieldsOf(err))
		}
		if _, err := f.svc.Create(ctx, f.org, f.ana, agent.Defaults("America/Manaus")); fieldsOf(err)["name"] == "" {
			t.Fatalf("nameless agent: %v", err)
		}
	})
}

// Knowledge bases must be the organization's; a base deleted since is left
// out when an old version comes back. The on/off switch stays as it is.
func TestAgentKnowledgeBasesAndOtherOrganizations(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		otherOrg, bia := newOrg(t, db, "Bia")
		mine := &knowledge.Base{ID: piloto.NewID(), OrganizationID: f.org, Name: "Catálogo", CreatedAt: f.clock.Now()}
		theirs := &knowledge.Base{ID: piloto.NewID(), OrganizationID: otherOrg, Name: "Deles", CreatedAt: f.clock.Now()}
		for _, b := range []*knowledge.Base{mine, theirs} {
			if err := db.CreateKnowledgeBase(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		cfg := named("Vendedor")
		cfg.KnowledgeBaseIDs = []string{mine.ID, theirs.ID}
		if _, err := f.svc.Create(ctx, f.org, f.ana, cfg); fieldsOf(err)["knowledge_base_ids"] == "" {
			t.Fatalf("another organization's base: %v", err)
		}
		cfg.KnowledgeBaseIDs = []string{mine.ID}
		a, err := f.svc.Create(ctx, f.org, f.ana, cfg)
		if err != nil {
			t.Fatal(err)
		}
		cfg.KnowledgeBaseIDs, cfg.Enabled, cfg.Greeting = []string{}, false, "Oi!"
		if a, err = f.svc.Update(ctx, f.org, a.ID, f.ana, 1, cfg); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DeleteKnowledgeBase(ctx, f.org, mine.ID); err != nil {
			t.Fatal(err)
		}
		rolled, err := f.svc.Rollback(ctx, f.org, a.ID, f.ana, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		if rolled.Version != 3 || len(rolled.KnowledgeBaseIDs) != 0 || rolled.Enabled || rolled.Greeting == "Oi!" {
			t.Fatalf("rolled back: %+v", rolled)
		}

		// Another organization sees none of it.
		other := &agent.Service{Store: db, Clock: f.clock}
		if list, err := other.List(ctx, otherOrg); err != nil || len(list) != 0 {
			t.Fatalf("other organization's list: %v, %v", list, err)
		}
		for name, err := range map[string]error{
			"get":      func() error { _, err := other.Get(ctx, otherOrg, a.ID); return err }(),
			"update":   func() error { _, err := other.Update(ctx, otherOrg, a.ID, bia, 3, cfg); return err }(),
			"rollback": func() error { _, err := other.Rollback(ctx, otherOrg, a.ID, bia, 1, 3); return err }(),
			"versions": func() error { _, _, err := other.Versions(ctx, otherOrg, a.ID, 0); return err }(),
			"version":  func() error { _, err := other.Version(ctx, otherOrg, a.ID, 1); return err }(),
			"diff":     func() error { _, err := other.Diff(ctx, otherOrg, a.ID, 1, 2); return err }(),
			"delete":   other.Delete(ctx, otherOrg, a.ID, bia),
		} {
			if piloto.ErrorCode(err) != piloto.ENOTFOUND {
				t.Errorf("%s from another organization: %v", name, err)
			}
		}
		if cur, err := f.svc.Get(ctx, f.org, a.ID); err != nil || cur.Version != 3 {
			t.Fatalf("after the other organization: %+v, %v", cur, err)
		}
	})
}

// The history comes in pages, newest first.
func TestAgentVersionPages(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a, err := f.svc.Create(ctx, f.org, f.ana, named("Vendedor"))
		if err != nil {
			t.Fatal(err)
		}
		cfg := a.Config
		for i := range agent.VersionsPage + 4 {
			cfg.MaxReplyChars = 200 + i
			if a, err = f.svc.Update(ctx, f.org, a.ID, f.ana, a.Version, cfg); err != nil {
				t.Fatal(err)
			}
		}
		first, next, err := f.svc.Versions(ctx, f.org, a.ID, 0)
		if err != nil || len(first) != agent.VersionsPage || first[0].Version != a.Version || next != first[len(first)-1].Version {
			t.Fatalf("first page: %d versions, next %d, %v", len(first), next, err)
		}
		rest, next, err := f.svc.Versions(ctx, f.org, a.ID, next)
		if err != nil || len(rest) != 5 || next != 0 || rest[len(rest)-1].Version != 1 {
			t.Fatalf("last page: %d versions, next %d, %v", len(rest), next, err)
		}
	})
}

// Editors saving the same version at once: one wins, the others conflict.
func TestAgentConcurrentSaves(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a, err := f.svc.Create(ctx, f.org, f.ana, named("Vendedor"))
		if err != nil {
			t.Fatal(err)
		}
		const n = 6
		errs := make(chan error, n)
		for i := range n {
			go func() {
				cfg := a.Config
				cfg.MaxReplyChars = 300 + i
				_, err := f.svc.Update(ctx, f.org, a.ID, f.ana, 1, cfg)
				errs <- err
			}()
		}
		saved, conflicts := 0, 0
		for range n {
			switch err := <-errs; piloto.ErrorCode(err) {
			case "":
				saved++
			case piloto.ECONFLICT:
				conflicts++
			default:
				t.Errorf("save: %v", err)
			}
		}
		list, _, _ := f.svc.Versions(ctx, f.org, a.ID, 0)
		if saved != 1 || conflicts != n-1 || len(list) != 2 {
			t.Fatalf("%d saved, %d conflicts, %d versions", saved, conflicts, len(list))
		}
	})
}

// providers is a ProviderCheck with a fixed answer.
type providers map[string]bool

func (p providers) Available(context.Context, string) (map[string]bool, error) { return p, nil }

// Choosing a provider the organization has no key for (nor the platform) is
// a field error; an agent keeps a provider whose key went away until the
// provider is changed, so it can still be edited or turned off.
func TestProviderMustHaveAKey(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		avail := providers{"openai": true, "anthropic": false, "gemini": false}
		f.svc.Providers = avail

		cfg := named("Sol")
		cfg.Provider = "anthropic"
		_, err := f.svc.Create(ctx, f.org, f.ana, cfg)
		var pe *piloto.Error
		if !errors.As(err, &pe) || pe.Fields["provider"] != "Configure uma chave da Anthropic em Configurações → IA antes de escolher este provedor." {
			t.Fatalf("create with anthropic: %v", err)
		}
		cfg.Provider = "gemini"
		if _, err := f.svc.Create(ctx, f.org, f.ana, cfg); !errors.As(err, &pe) || !strings.Contains(pe.Fields["provider"], "do Google Gemini") {
			t.Fatalf("create with gemini: %v", err)
		}
		cfg.Provider = "" // the platform's default is never refused here
		a, err := f.svc.Create(ctx, f.org, f.ana, cfg)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Provider = "openai"
		if a, err = f.svc.Update(ctx, f.org, a.ID, f.ana, 1, cfg); err != nil {
			t.Fatal(err)
		}
		cfg.Provider = "anthropic"
		if _, err := f.svc.Update(ctx, f.org, a.ID, f.ana, 2, cfg); !errors.As(err, &pe) || pe.Fields["provider"] == "" {
			t.Fatalf("update to anthropic: %v", err)
		}
		avail["anthropic"] = true
		if a, err = f.svc.Update(ctx, f.org, a.ID, f.ana, 2, cfg); err != nil {
			t.Fatal(err)
		}
		// The key goes; the agent can still be turned off.
		avail["anthropic"] = false
		cfg.Enabled = false
		if a, err = f.svc.Update(ctx, f.org, a.ID, f.ana, 3, cfg); err != nil || a.Enabled {
			t.Fatalf("turning off: %+v, %v", a, err)
		}
		// Rolling back to version 2 (openai) is a change of provider to one
		// with a key: allowed. Back to 3 (anthropic) is not.
		if a, err = f.svc.Rollback(ctx, f.org, a.ID, f.ana, 2, 4); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Rollback(ctx, f.org, a.ID, f.ana, 3, 5); !errors.As(err, &pe) || pe.Fields["provider"] == "" {
			t.Fatalf("rollback to anthropic: %v", err)
		}
	})
}
