package api_test

import (
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/auth/oidctest"
)

// tenants is two organizations on one server: A attacks, B owns the objects.
type tenants struct {
	srv        *apptest.Server
	a, b       *apptest.Client
	aSess      api.SessionResponse
	bSess      api.SessionResponse
	bInvite    string
	bInviteExp string
	bIdentity  string
	bBase      string
	bSource    string
	bSite      string
	bAgent     string
	bConv      string
	bTrace     string
	bChannel   string
}

// isolationCase makes an object of B for a route and says whether it is
// unchanged after A's request.
type isolationCase struct {
	body      any
	make      func(t *testing.T, x *tenants) map[string]string // path values
	unchanged func(t *testing.T, x *tenants, values map[string]string) bool
}

func bInvitation(t *testing.T, x *tenants) (status, expires string) {
	t.Helper()
	r := x.b.Do("GET", "/api/v1/invitations", nil)
	mustStatus(t, r, 200)
	var list struct {
		Items []struct {
			ID, Status string
			ExpiresAt  string `json:"expires_at"`
		}
	}
	r.JSON(&list)
	for _, i := range list.Items {
		if i.ID == x.bInvite {
			return i.Status, i.ExpiresAt
		}
	}
	return "", ""
}

func bOwnerRole(t *testing.T, x *tenants) string {
	r := x.b.Do("GET", "/api/v1/members", nil)
	mustStatus(t, r, 200)
	var list struct {
		Items []struct {
			UserID string `json:"user_id"`
			Role   string
		}
	}
	r.JSON(&list)
	for _, m := range list.Items {
		if m.UserID == x.bSess.User.ID {
			return m.Role
		}
	}
	return ""
}

var isolationCases = map[string]isolationCase{
	"DELETE /api/v1/account/sessions/{id}": {
		make: func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": sessionID(t, x.b)} },
		unchanged: func(t *testing.T, x *tenants, _ map[string]string) bool {
			return x.b.Do("GET", "/api/v1/auth/me", nil).StatusCode == 200
		},
	},
	"PATCH /api/v1/members/{user_id}": {
		body:      map[string]string{"role": "member"},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"user_id": x.bSess.User.ID} },
		unchanged: func(t *testing.T, x *tenants, _ map[string]string) bool { return bOwnerRole(t, x) == "owner" },
	},
	"DELETE /api/v1/members/{user_id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"user_id": x.bSess.User.ID} },
		unchanged: func(t *testing.T, x *tenants, _ map[string]string) bool { return bOwnerRole(t, x) == "owner" },
	},
	"DELETE /api/v1/account/identities/{id}": {
		make: func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bIdentity} },
		unchanged: func(t *testing.T, x *tenants, _ map[string]string) bool {
			r := x.b.Do("GET", "/api/v1/account/identities", nil)
			return strings.Contains(string(r.Body), x.bIdentity)
		},
	},
	"DELETE /api/v1/knowledge-bases/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bBase} },
		unchanged: bSourceIntact,
	},
	"GET /api/v1/knowledge-bases/{id}/sources": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bBase} },
		unchanged: bSourceIntact,
	},
	"POST /api/v1/knowledge-bases/{id}/files": {
		body:      map[string]string{},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bBase} },
		unchanged: func(t *testing.T, x *tenants, _ map[string]string) bool { return bSourceCount(t, x) == 1 },
	},
	"POST /api/v1/knowledge-bases/{id}/faqs": {
		body:      map[string]string{"question": "Intrusa?", "answer": "Sim."},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bBase} },
		unchanged: func(t *testing.T, x *tenants, _ map[string]string) bool { return bSourceCount(t, x) == 1 },
	},
	"GET /api/v1/sources/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bSource} },
		unchanged: bSourceIntact,
	},
	"GET /api/v1/sources/{id}/chunks": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bSource} },
		unchanged: bSourceIntact,
	},
	"POST /api/v1/sources/{id}/reingest": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bSource} },
		unchanged: bSourceIntact,
	},
	"DELETE /api/v1/sources/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bSource} },
		unchanged: bSourceIntact,
	},
	"GET /api/v1/knowledge-bases/{id}/sites": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bBase} },
		unchanged: bSiteIntact,
	},
	"POST /api/v1/knowledge-bases/{id}/sites": {
		body: map[string]any{"url": "http://127.0.0.1:1/", "crawl": true},
		make: func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bBase} },
		unchanged: func(t *testing.T, x *tenants, v map[string]string) bool {
			return bSiteCount(t, x) == 1 && bSiteIntact(t, x, v)
		},
	},
	"GET /api/v1/sites/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bSite} },
		unchanged: bSiteIntact,
	},
	"POST /api/v1/sites/{id}/sync": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bSite} },
		unchanged: bSiteIntact,
	},
	"DELETE /api/v1/sites/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bSite} },
		unchanged: bSiteIntact,
	},
	"GET /api/v1/agents/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bAgent} },
		unchanged: bAgentIntact,
	},
	"PATCH /api/v1/agents/{id}": {
		body:      map[string]any{"version": 1, "name": "Intruso"},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bAgent} },
		unchanged: bAgentIntact,
	},
	"DELETE /api/v1/agents/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bAgent} },
		unchanged: bAgentIntact,
	},
	"GET /api/v1/agents/{id}/versions": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bAgent} },
		unchanged: bAgentIntact,
	},
	"GET /api/v1/agents/{id}/versions/{version}": {
		make: func(t *testing.T, x *tenants) map[string]string {
			return map[string]string{"id": x.bAgent, "version": "1"}
		},
		unchanged: bAgentIntact,
	},
	"GET /api/v1/agents/{id}/diff": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bAgent} },
		unchanged: bAgentIntact,
	},
	"POST /api/v1/agents/{id}/rollback": {
		body:      map[string]int{"version": 1, "expected_version": 1},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bAgent} },
		unchanged: bAgentIntact,
	},
	"GET /api/v1/conversations/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"GET /api/v1/conversations/{id}/messages": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"PATCH /api/v1/conversations/{id}": {
		body:      map[string]any{"status": "closed", "labels": []string{"intrusa"}},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"POST /api/v1/conversations/{id}/messages": {
		body:      map[string]string{"text": "Mensagem intrusa"},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"POST /api/v1/conversations/{id}/read": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"POST /api/v1/conversations/{id}/takeover": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"POST /api/v1/conversations/{id}/handback": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"GET /api/v1/conversations/{id}/notes": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"POST /api/v1/conversations/{id}/notes": {
		body:      map[string]string{"text": "Nota intrusa"},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"PATCH /api/v1/leads/{id}": {
		body:      map[string]any{"stage": "lost", "assignee_id": ""},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": bLead(t, x)} },
		unchanged: bConversationIntact,
	},
	"GET /api/v1/channels/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bChannel} },
		unchanged: bChannelIntact,
	},
	"PATCH /api/v1/channels/{id}": {
		body:      map[string]any{"name": "Intruso", "access_token": "EAAGintruso999"},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bChannel} },
		unchanged: bChannelIntact,
	},
	"DELETE /api/v1/channels/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bChannel} },
		unchanged: bChannelIntact,
	},
	"POST /api/v1/channels/{id}/test": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bChannel} },
		unchanged: bChannelIntact,
	},
	"GET /api/v1/traces/{id}": {
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bTrace} },
		unchanged: bConversationIntact,
	},
	"POST /api/v1/playground/conversations/{id}/messages": {
		body:      map[string]string{"text": "Mensagem intrusa"},
		make:      func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bConv} },
		unchanged: bConversationIntact,
	},
	"DELETE /api/v1/invitations/{id}": {
		make: func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bInvite} },
		unchanged: func(t *testing.T, x *tenants, _ map[string]string) bool {
			st, _ := bInvitation(t, x)
			return st == "pending"
		},
	},
	"POST /api/v1/invitations/{id}/resend": {
		make: func(t *testing.T, x *tenants) map[string]string { return map[string]string{"id": x.bInvite} },
		unchanged: func(t *testing.T, x *tenants, _ map[string]string) bool {
			st, exp := bInvitation(t, x)
			return st == "pending" && exp == x.bInviteExp
		},
	},
}

// bConversationIntact says B's conversation is there with its three
// messages, open, unpaused, unlabelled, its lead new and unassigned,
// without notes, and unread by B (A's read marks are not B's).
func bConversationIntact(t *testing.T, x *tenants, _ map[string]string) bool {
	r := x.b.Do("GET", "/api/v1/conversations/"+x.bConv, nil)
	if r.StatusCode != 200 || !strings.Contains(string(r.Body), `"status":"open","ai_paused":false`) ||
		!strings.Contains(string(r.Body), `"labels":[]`) || !strings.Contains(string(r.Body), `"stage":"new","origin":"playground","assignee_id":""`) {
		return false
	}
	if n := x.b.Do("GET", "/api/v1/conversations/"+x.bConv+"/notes", nil); n.StatusCode != 200 || strings.Contains(string(n.Body), `"text"`) {
		return false
	}
	r = x.b.Do("GET", "/api/v1/conversations/"+x.bConv+"/messages", nil)
	return r.StatusCode == 200 && strings.Count(string(r.Body), `"conversation_id":`) == 3
}

// bLead returns the id of the lead of B's conversation.
func bLead(t *testing.T, x *tenants) string {
	t.Helper()
	r := x.b.Do("GET", "/api/v1/conversations/"+x.bConv, nil)
	mustStatus(t, r, 200)
	var c struct{ Lead struct{ ID string } }
	r.JSON(&c)
	return c.Lead.ID
}

// bChannelIntact says B's channel is there as B made it.
func bChannelIntact(t *testing.T, x *tenants, _ map[string]string) bool {
	r := x.b.Do("GET", "/api/v1/channels/"+x.bChannel, nil)
	return r.StatusCode == 200 && strings.Contains(string(r.Body), `"name":"Canal B"`) &&
		strings.Contains(string(r.Body), `"token_hint":"…B123"`)
}

// bSourceIntact says B's source is there and ready.
func bSourceIntact(t *testing.T, x *tenants, _ map[string]string) bool {
	r := x.b.Do("GET", "/api/v1/sources/"+x.bSource, nil)
	return r.StatusCode == 200 && strings.Contains(string(r.Body), `"status":"ready"`)
}

func bSourceCount(t *testing.T, x *tenants) int {
	r := x.b.Do("GET", "/api/v1/knowledge-bases/"+x.bBase+"/sources", nil)
	return strings.Count(string(r.Body), `"knowledge_base_id":`)
}

// sessionID returns the id of the client's current session.
func sessionID(t *testing.T, c *apptest.Client) string {
	t.Helper()
	r := c.Do("GET", "/api/v1/account/sessions", nil)
	mustStatus(t, r, 200)
	var list struct {
		Items []struct {
			ID      string
			Current bool
		}
	}
	r.JSON(&list)
	for _, x := range list.Items {
		if x.Current {
			return x.ID
		}
	}
	t.Fatal("no current session")
	return ""
}

// TestTenantIsolation walks every route of the table with a path parameter:
// organization A's owner, given the ids of organization B's objects, gets 404
// and changes nothing. A new route with an id fails here until a case
// teaches the test how to make its object.
func TestTenantIsolation(t *testing.T) {
	p, google := withGoogle(t)
	site := localSite(t)
	forEachServerOpts(t, func() apptest.Options {
		return apptest.Options{Clock: stoppedClock(), Config: google, AllowHosts: []string{site.Listener.Addr().String()}}
	}, func(t *testing.T, srv *apptest.Server) {
		x := &tenants{srv: srv}
		x.a, x.aSess = signup(t, srv, "Ana", "ana@example.com", "Loja A")
		// B signs up with Google, so B has an identity.
		p.SetNext(oidctest.Identity{Subject: "b-" + srv.URL, Email: "bia@example.com", EmailVerified: true, Name: "Bia"})
		x.b = srv.NewClient(t)
		wantLanding(t, googleSignIn(t, x.b), "/painel", "")
		x.bSess = s(t, x.b)
		r0 := x.b.Do("GET", "/api/v1/account/identities", nil)
		var ids struct{ Items []struct{ ID string } }
		r0.JSON(&ids)
		x.bIdentity = ids.Items[0].ID
		r := x.b.Do("POST", "/api/v1/invitations", map[string]string{"email": "novo@example.com", "role": "member"})
		mustStatus(t, r, 201)
		var inv struct {
			ID        string
			ExpiresAt string `json:"expires_at"`
		}
		r.JSON(&inv)
		x.bInvite, x.bInviteExp = inv.ID, inv.ExpiresAt
		x.bBase = createBase(t, x.b, "Base B")
		r = x.b.Do("POST", "/api/v1/knowledge-bases/"+x.bBase+"/faqs", map[string]string{"question": "Horário?", "answer": "Das 8h às 18h."})
		mustStatus(t, r, 201)
		var src struct{ ID string }
		r.JSON(&src)
		x.bSource = src.ID
		waitReady(t, x.b, x.bSource)
		x.bAgent = createAgent(t, x.b, "Agente B").ID
		x.bSite = createSite(t, x.b, x.bBase, site.URL+"/contato")
		x.bConv, x.bTrace = startConversation(t, srv, x.bSess.Organization.ID, x.bAgent, 3)
		r = x.b.Do("POST", "/api/v1/channels", map[string]string{"name": "Canal B", "phone_number_id": "1098765",
			"access_token": "EAAGtokenDaLojaB123"})
		mustStatus(t, r, 201)
		var bch struct{ ID string }
		r.JSON(&bch)
		x.bChannel = bch.ID

		for _, rt := range (&api.API{}).Routes() {
			// {provider} names a provider, not an object: the organization is
			// the session's (TestLLMTenantIsolation covers those routes).
			if !strings.Contains(strings.ReplaceAll(rt.Path, "{provider}", "openai"), "{") {
				continue
			}
			key := rt.Method + " " + rt.Path
			c, ok := isolationCases[key]
			if !ok {
				t.Errorf("%s takes an id, but TestTenantIsolation cannot make one: add a case", key)
				continue
			}
			values := c.make(t, x)
			path := rt.Path
			for k, v := range values {
				path = strings.ReplaceAll(path, "{"+k+"}", v)
			}
			if strings.Contains(path, "{") {
				t.Fatalf("%s: the case left %s unfilled", key, path)
			}
			r := x.a.Do(rt.Method, path, c.body)
			if r.StatusCode != 404 {
				t.Errorf("%s with B's object: status %d, want 404: %s", key, r.StatusCode, r.Body)
			}
			if !c.unchanged(t, x, values) {
				t.Errorf("%s with B's object changed it", key)
			}
		}
	})
}
