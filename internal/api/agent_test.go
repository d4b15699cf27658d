package api_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/pilotodevendas/piloto/internal/app/apptest"
)

// agentBody is an agent as the API answers it (the fields the tests read).
type agentBody struct {
	ID                  string
	Version             int
	Name                string
	Enabled             bool
	Persona             string
	Greeting            string
	Temperature         float64
	KnowledgeBaseIDs    []string `json:"knowledge_base_ids"`
	QualificationFields []struct {
		Key, Label, Type string
		Required         bool
		Options          []string
	} `json:"qualification_fields"`
	Handoff struct {
		OnRequest       bool `json:"on_request"`
		AfterUnanswered int  `json:"after_unanswered"`
	}
	BusinessHours struct {
		TimeZone string `json:"time_zone"`
		Week     map[string][]struct{ Start, End string }
	} `json:"business_hours"`
	MaxReplyChars int `json:"max_reply_chars"`
}

// createAgent makes an agent by name and returns it.
func createAgent(t *testing.T, c *apptest.Client, name string) agentBody {
	t.Helper()
	r := c.Do("POST", "/api/v1/agents", map[string]string{"name": name})
	mustStatus(t, r, 201)
	var a agentBody
	r.JSON(&a)
	return a
}

// patchAgent saves fields on version and returns the agent.
func patchAgent(t *testing.T, c *apptest.Client, id string, version int, fields map[string]any) agentBody {
	t.Helper()
	body := maps.Clone(fields)
	body["version"] = version
	r := c.Do("PATCH", "/api/v1/agents/"+id, body)
	mustStatus(t, r, 200)
	var a agentBody
	r.JSON(&a)
	return a
}

type versionBody struct {
	Version    int
	AuthorName string `json:"author_name"`
	RollbackOf *int   `json:"rollback_of"`
	Changed    []string
	Changes    []struct{ Path string }
	Config     *agentBody
}

func agentVersions(t *testing.T, c *apptest.Client, id string) []versionBody {
	t.Helper()
	r := c.Do("GET", "/api/v1/agents/"+id+"/versions", nil)
	mustStatus(t, r, 200)
	var list struct{ Items []versionBody }
	r.JSON(&list)
	return list.Items
}

func TestAgentsOverHTTP(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")

		// "Novo agente": a name alone makes a working agent with pt-BR defaults.
		a := createAgent(t, owner, "Sol")
		if a.Version != 1 || !a.Enabled || a.Persona == "" || a.Greeting != "Olá! Sou o assistente da empresa. Como posso ajudar?" ||
			len(a.QualificationFields) != 4 || a.QualificationFields[3].Type != "enum" || a.Temperature != 0.3 ||
			a.BusinessHours.TimeZone != "America/Sao_Paulo" || len(a.BusinessHours.Week["sat"]) != 1 || a.MaxReplyChars != 600 {
			t.Fatalf("new agent: %+v", a)
		}
		r := owner.Do("GET", "/api/v1/agents", nil)
		mustStatus(t, r, 200)
		var list struct{ Items []agentBody }
		r.JSON(&list)
		if len(list.Items) != 1 || list.Items[0].ID != a.ID {
			t.Fatalf("list: %s", r.Body)
		}

		// Three saves: versions 2, 3 and 4.
		a = patchAgent(t, owner, a.ID, 1, map[string]any{"persona": "Você é a Sol, consultora de energia solar."})
		a = patchAgent(t, owner, a.ID, 2, map[string]any{
			"qualification_fields": []map[string]any{
				{"key": "nome", "label": "Nome", "type": "text", "required": true},
				{"key": "valor_conta", "label": "Valor da conta de luz", "type": "number", "required": true},
			},
			"greeting": "Oi! Quer economizar na conta de luz?",
		})
		// A field sent replaces the whole value: nothing of the old fields is left in the new ones.
		if len(a.QualificationFields) != 2 || a.QualificationFields[1].Label != "Valor da conta de luz" || len(a.QualificationFields[1].Options) != 0 {
			t.Fatalf("fields after save 2: %+v", a.QualificationFields)
		}
		a = patchAgent(t, owner, a.ID, 3, map[string]any{"temperature": 0.7, "handoff": map[string]any{"on_request": true, "after_unanswered": 2}})
		if a.Version != 4 || a.Persona != "Você é a Sol, consultora de energia solar." || a.Handoff.AfterUnanswered != 2 {
			t.Fatalf("after three saves: %+v", a)
		}

		vs := agentVersions(t, owner, a.ID)
		var numbers []int
		for _, v := range vs {
			numbers = append(numbers, v.Version)
		}
		if !slices.Equal(numbers, []int{4, 3, 2, 1}) || vs[0].AuthorName != "Ana" ||
			!slices.Equal(vs[2].Changed, []string{"persona"}) || vs[3].Changed == nil || vs[0].Config != nil {
			t.Fatalf("versions: %+v", vs)
		}
		want := []string{"qualification_fields.nome", "qualification_fields.valor_conta", "qualification_fields.cidade",
			"qualification_fields.necessidade", "qualification_fields.prazo_decisao", "greeting"}
		if !slices.Equal(vs[1].Changed, want) {
			t.Fatalf("version 3 changed %v, want %v", vs[1].Changed, want)
		}

		// One version, with its configuration; the diff between two.
		r = owner.Do("GET", "/api/v1/agents/"+a.ID+"/versions/2", nil)
		mustStatus(t, r, 200)
		var v2 versionBody
		r.JSON(&v2)
		if v2.Config == nil || v2.Config.Persona != "Você é a Sol, consultora de energia solar." || len(v2.Changes) != 1 {
			t.Fatalf("version 2: %s", r.Body)
		}
		r = owner.Do("GET", "/api/v1/agents/"+a.ID+"/diff?from=2&to=4", nil)
		mustStatus(t, r, 200)
		var diff struct {
			From, To int
			Changes  []struct {
				Path          string
				Before, After any
			}
		}
		r.JSON(&diff)
		if diff.From != 2 || diff.To != 4 || len(diff.Changes) != 9 || diff.Changes[len(diff.Changes)-1].Path != "greeting" {
			t.Fatalf("diff 2→4: %s", r.Body)
		}
		mustStatus(t, owner.Do("GET", "/api/v1/agents/"+a.ID+"/diff?from=2", nil), 400)
		mustStatus(t, owner.Do("GET", "/api/v1/agents/"+a.ID+"/diff?from=2&to=9", nil), 404)
		mustStatus(t, owner.Do("GET", "/api/v1/agents/"+a.ID+"/versions/9", nil), 404)
		mustStatus(t, owner.Do("GET", "/api/v1/agents/"+a.ID+"/versions/dois", nil), 404)

		// An editor still on version 3 is refused, and nothing changes.
		r = owner.Do("PATCH", "/api/v1/agents/"+a.ID, map[string]any{"version": 3, "greeting": "Olá!"})
		mustStatus(t, r, 409)
		if r.ErrorCode() != "conflict" {
			t.Fatalf("stale save: %s", r.Body)
		}
		mustStatus(t, owner.Do("POST", "/api/v1/agents/"+a.ID+"/rollback", map[string]int{"version": 2, "expected_version": 3}), 409)

		// Roll back to version 2: version 5, with version 2's configuration.
		r = owner.Do("POST", "/api/v1/agents/"+a.ID+"/rollback", map[string]int{"version": 2, "expected_version": 4})
		mustStatus(t, r, 200)
		r.JSON(&a)
		if a.Version != 5 || len(a.QualificationFields) != 4 || a.Greeting != "Olá! Sou o assistente da empresa. Como posso ajudar?" ||
			a.Temperature != 0.3 || a.Persona != "Você é a Sol, consultora de energia solar." {
			t.Fatalf("rolled back: %+v", a)
		}
		vs = agentVersions(t, owner, a.ID)
		if vs[0].Version != 5 || vs[0].RollbackOf == nil || *vs[0].RollbackOf != 2 {
			t.Fatalf("version 5: %+v", vs[0])
		}
		r = owner.Do("GET", "/api/v1/agents/"+a.ID+"/diff?from=2&to=5", nil)
		mustStatus(t, r, 200)
		r.JSON(&diff)
		if len(diff.Changes) != 0 {
			t.Fatalf("2 and 5 differ: %s", r.Body)
		}

		// A member reads, but does not change.
		_, token := invite(t, owner, "bia@example.com", "member")
		bia := srv.NewClient(t)
		mustStatus(t, bia.Do("POST", "/api/v1/invitations/accept-new", map[string]string{"token": token, "name": "Bia", "password": "outra-senha-boa-7"}), 201)
		mustStatus(t, bia.Do("GET", "/api/v1/agents", nil), 200)
		mustStatus(t, bia.Do("GET", "/api/v1/agents/"+a.ID, nil), 200)
		mustStatus(t, bia.Do("GET", "/api/v1/agents/"+a.ID+"/versions", nil), 200)
		mustStatus(t, bia.Do("GET", "/api/v1/agents/"+a.ID+"/diff?from=1&to=5", nil), 200)
		for _, req := range []struct {
			method, path string
			body         any
		}{
			{"POST", "/api/v1/agents", map[string]string{"name": "Intruso"}},
			{"PATCH", "/api/v1/agents/" + a.ID, map[string]any{"version": 5, "name": "Intruso"}},
			{"POST", "/api/v1/agents/" + a.ID + "/rollback", map[string]int{"version": 1, "expected_version": 5}},
			{"DELETE", "/api/v1/agents/" + a.ID, nil},
		} {
			r := bia.Do(req.method, req.path, req.body)
			mustStatus(t, r, 403)
			if r.ErrorCode() != "forbidden" {
				t.Fatalf("%s %s as a member: %s", req.method, req.path, r.Body)
			}
		}
		if cur := agentVersions(t, owner, a.ID); cur[0].Version != 5 {
			t.Fatalf("a member changed the agent: %+v", cur[0])
		}

		// The owner's audit log has the changes.
		r = owner.Do("GET", "/api/v1/audit-events", nil)
		var events struct{ Items []struct{ Action string } }
		r.JSON(&events)
		var actions []string
		for _, e := range events.Items {
			actions = append(actions, e.Action)
		}
		if !slices.Contains(actions, "agent.created") || !slices.Contains(actions, "agent.rolled_back") {
			t.Fatalf("audit: %v", actions)
		}

		// Deleted, the agent and its history are gone.
		mustStatus(t, owner.Do("DELETE", "/api/v1/agents/"+a.ID, nil), 204)
		mustStatus(t, owner.Do("GET", "/api/v1/agents/"+a.ID, nil), 404)
		mustStatus(t, owner.Do("GET", "/api/v1/agents/"+a.ID+"/versions", nil), 404)
	})
}

func TestAgentValidationOverHTTP(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		a := createAgent(t, owner, "Sol")
		cases := []struct {
			name   string
			body   map[string]any
			fields []string
		}{
			{"no name", map[string]any{"name": "  "}, []string{"name"}},
			{"model and temperature", map[string]any{"provider": "watson", "temperature": 3}, []string{"provider", "temperature"}},
			{"a wrong type", map[string]any{"temperature": "quente"}, []string{"temperature"}},
			{"an unknown field", map[string]any{"cor": "azul"}, []string{"cor"}},
			{"a base of no one", map[string]any{"knowledge_base_ids": []string{"0190c0de-0000-7000-8000-000000000000"}}, []string{"knowledge_base_ids"}},
			{"qualification fields", map[string]any{"qualification_fields": []map[string]any{
				{"key": "Cidade", "label": "", "type": "text"},
				{"key": "plano", "label": "Plano", "type": "enum", "options": []string{}},
			}}, []string{"qualification_fields.0.key", "qualification_fields.0.label", "qualification_fields.1.options", "handoff.when_qualified"}},
			{"handoff", map[string]any{"handoff": map[string]any{"after_unanswered": 20, "keywords": []string{"x"}}}, []string{"handoff.after_unanswered"}},
			{"business hours", map[string]any{"business_hours": map[string]any{
				"enabled": true, "time_zone": "Marte/Olimpo", "out_of_hours_message": "",
				"week": map[string]any{"mon": []map[string]string{{"start": "18:00", "end": "08:00"}}, "sat": []map[string]string{{"start": "8h", "end": "12:00"}}},
			}}, []string{"business_hours.time_zone", "business_hours.out_of_hours_message", "business_hours.week.mon.0.end", "business_hours.week.sat.0.start"}},
			{"reply length", map[string]any{"max_reply_chars": 10}, []string{"max_reply_chars"}},
		}
		for _, tc := range cases {
			for _, how := range []string{"POST", "PATCH"} {
				body := maps.Clone(tc.body)
				path := "/api/v1/agents"
				if how == "PATCH" {
					body["version"], path = 1, "/api/v1/agents/"+a.ID
				} else if _, ok := body["name"]; !ok {
					body["name"] = "Outro"
				}
				r := owner.Do(how, path, body)
				mustStatus(t, r, 400)
				var e struct {
					Error struct {
						Code   string
						Fields map[string]string
					}
				}
				r.JSON(&e)
				if got := slices.Sorted(maps.Keys(e.Error.Fields)); e.Error.Code != "invalid" || !slices.Equal(got, slices.Sorted(slices.Values(tc.fields))) {
					t.Errorf("%s %s: fields %v, want %v", tc.name, how, got, tc.fields)
				}
			}
		}
		// The version is needed to save, and a version is not part of a new agent.
		r := owner.Do("PATCH", "/api/v1/agents/"+a.ID, map[string]any{"name": "Sem versão"})
		mustStatus(t, r, 400)
		if !bodyNames(r, "version") {
			t.Fatalf("no version: %s", r.Body)
		}
		mustStatus(t, owner.Do("POST", "/api/v1/agents", map[string]any{"name": "x", "version": 2}), 400)
		mustStatus(t, owner.Do("POST", "/api/v1/agents/"+a.ID+"/rollback", map[string]int{"version": 1}), 400)
		if vs := agentVersions(t, owner, a.ID); len(vs) != 1 {
			t.Fatalf("invalid saves made versions: %+v", vs)
		}
		r = owner.Do("GET", "/api/v1/agents", nil)
		var list struct{ Items []agentBody }
		r.JSON(&list)
		if len(list.Items) != 1 {
			t.Fatalf("invalid creations made agents: %s", r.Body)
		}
	})
}

// bodyNames reports whether an error body names the field.
func bodyNames(r *apptest.Response, field string) bool {
	var e struct {
		Error struct{ Fields map[string]string }
	}
	r.JSON(&e)
	_, ok := e.Error.Fields[field]
	return ok
}

// bAgentIntact says B's agent is there, at version 1, with its name.
func bAgentIntact(t *testing.T, x *tenants, _ map[string]string) bool {
	r := x.b.Do("GET", "/api/v1/agents/"+x.bAgent, nil)
	var a agentBody
	r.JSON(&a)
	return r.StatusCode == 200 && a.Version == 1 && a.Name == "Agente B"
}
