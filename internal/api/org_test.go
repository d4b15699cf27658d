package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/store"
)

// signup creates an account with its own organization and returns a
// signed-in client and the session.
func signup(t *testing.T, srv *apptest.Server, name, email, orgName string) (*apptest.Client, api.SessionResponse) {
	t.Helper()
	c := srv.NewClient(t)
	r := c.Do("POST", "/api/v1/auth/signup", map[string]string{
		"name": name, "email": email, "password": "cavalo-bateria-grampo", "organization": orgName,
	})
	mustStatus(t, r, 201)
	var s api.SessionResponse
	r.JSON(&s)
	return c, s
}

// invite invites email with role and returns the link token from the mail.
func invite(t *testing.T, by *apptest.Client, email, role string) (id, token string) {
	t.Helper()
	r := by.Do("POST", "/api/v1/invitations", map[string]string{"email": email, "role": role})
	mustStatus(t, r, 201)
	var inv struct{ ID, Status string }
	r.JSON(&inv)
	if inv.Status != "pending" {
		t.Fatalf("new invitation: %s", r.Body)
	}
	return inv.ID, tokenIn(t, waitOutbox(t, by, email, "convidou você"))
}

func TestInvitationsAndRoles(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			clock := stoppedClock()
			srv := apptest.MustRunWithClock(t, d, clock, nil)
			owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja da Ana")

			// A new user accepts and lands in the organization as a member.
			_, token := invite(t, owner, "bia@example.com", "member")
			anon := srv.NewClient(t)
			r := anon.Do("POST", "/api/v1/invitations/lookup", map[string]string{"token": token})
			mustStatus(t, r, 200)
			if !strings.Contains(string(r.Body), `"organization":"Loja da Ana"`) || !strings.Contains(string(r.Body), `"account_exists":false`) {
				t.Fatalf("lookup: %s", r.Body)
			}
			r = anon.Do("POST", "/api/v1/invitations/accept-new", map[string]string{"token": token, "name": "Bia", "password": "outra-senha-boa-7"})
			mustStatus(t, r, 201)
			var bia api.SessionResponse
			r.JSON(&bia)
			if bia.Role != "member" || bia.Organization.Name != "Loja da Ana" || bia.User.EmailVerifiedAt == nil {
				t.Fatalf("accepted: %s", r.Body)
			}
			mustStatus(t, srv.NewClient(t).Do("POST", "/api/v1/invitations/accept-new", map[string]string{"token": token, "name": "X", "password": "outra-senha-boa-7"}), 400)

			// A member cannot change settings or invite; an admin can, but not
			// invite an owner.
			mustStatus(t, anon.Do("PATCH", "/api/v1/organization", map[string]string{"name": "Minha"}), 403)
			mustStatus(t, anon.Do("POST", "/api/v1/invitations", map[string]string{"email": "x@example.com", "role": "member"}), 403)
			mustStatus(t, anon.Do("GET", "/api/v1/members", nil), 200)
			mustStatus(t, owner.Do("PATCH", "/api/v1/members/"+bia.User.ID, map[string]string{"role": "admin"}), 204)
			r = anon.Do("PATCH", "/api/v1/organization", map[string]string{"time_zone": "America/Manaus"})
			mustStatus(t, r, 200)
			mustStatus(t, anon.Do("PATCH", "/api/v1/organization", map[string]string{"time_zone": "Mars/Olympus"}), 400)
			mustStatus(t, anon.Do("POST", "/api/v1/invitations", map[string]string{"email": "x@example.com", "role": "owner"}), 403)
			mustStatus(t, anon.Do("PATCH", "/api/v1/members/"+bia.User.ID, map[string]string{"role": "owner"}), 403)

			// An existing user accepts with their own session; the invitation
			// is for one email only.
			carla, carlaSession := signup(t, srv, "Carla", "carla@example.com", "Loja da Carla")
			_, token = invite(t, owner, "carla@example.com", "member")
			mustStatus(t, anon.Do("POST", "/api/v1/invitations/accept", map[string]string{"token": token}), 403)
			r = carla.Do("POST", "/api/v1/invitations/accept", map[string]string{"token": token})
			mustStatus(t, r, 200)
			var moved api.SessionResponse
			r.JSON(&moved)
			if moved.Organization.Name != "Loja da Ana" || len(moved.Organizations) != 2 {
				t.Fatalf("after accepting: %s", r.Body)
			}
			// The tab still showing her own organization gets 409, then she
			// switches back.
			carla.Header.Set(api.OrgHeader, carlaSession.Organization.ID)
			mustStatus(t, carla.Do("GET", "/api/v1/members", nil), 409)
			r = carla.Do("POST", "/api/v1/auth/switch-org", map[string]string{"organization_id": carlaSession.Organization.ID})
			mustStatus(t, r, 409) // the header still names the other one: reload first
			carla.Header.Del(api.OrgHeader)
			mustStatus(t, carla.Do("POST", "/api/v1/auth/switch-org", map[string]string{"organization_id": carlaSession.Organization.ID}), 200)
			carla.Header.Set(api.OrgHeader, carlaSession.Organization.ID)
			mustStatus(t, carla.Do("GET", "/api/v1/members", nil), 200)
			carla.Header.Del(api.OrgHeader)
			mustStatus(t, carla.Do("POST", "/api/v1/auth/switch-org", map[string]string{"organization_id": "01900000-0000-7000-8000-000000000000"}), 404)

			// Revoked and expired invitations, and a resend voiding the old link.
			id, token := invite(t, owner, "davi@example.com", "member")
			mustStatus(t, owner.Do("DELETE", "/api/v1/invitations/"+id, nil), 204)
			mustStatus(t, anon.Do("POST", "/api/v1/invitations/lookup", map[string]string{"token": token}), 400)

			// The last owner can neither leave nor be demoted.
			mustStatus(t, owner.Do("DELETE", "/api/v1/members/"+s(t, owner).User.ID, nil), 409)
			mustStatus(t, owner.Do("PATCH", "/api/v1/members/"+s(t, owner).User.ID, map[string]string{"role": "admin"}), 409)

			// Removing a member cuts them off at once.
			mustStatus(t, owner.Do("DELETE", "/api/v1/members/"+bia.User.ID, nil), 204)
			mustStatus(t, anon.Do("GET", "/api/v1/members", nil), 401)

			// An invitation expires after 7 days; a resend renews it with a
			// new link and voids the old one.
			evaID, token := invite(t, owner, "eva@example.com", "member")
			clock.Advance(7*24*time.Hour - time.Minute)
			mustStatus(t, anon.Do("POST", "/api/v1/invitations/lookup", map[string]string{"token": token}), 200)
			clock.Advance(time.Minute)
			mustStatus(t, anon.Do("POST", "/api/v1/invitations/lookup", map[string]string{"token": token}), 400)
			again := srv.NewClient(t)
			mustStatus(t, again.Do("POST", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": "cavalo-bateria-grampo"}), 200)
			mustStatus(t, again.Do("POST", "/api/v1/invitations/"+evaID+"/resend", nil), 202)
			fresh := waitForNewLink(t, again, "eva@example.com", token)
			mustStatus(t, anon.Do("POST", "/api/v1/invitations/lookup", map[string]string{"token": token}), 400)
			mustStatus(t, anon.Do("POST", "/api/v1/invitations/lookup", map[string]string{"token": fresh}), 200)
		})
	}
}

// waitForNewLink waits for an invitation mail to `to` whose token is not old.
func waitForNewLink(t *testing.T, c *apptest.Client, to, old string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		r := c.Do("GET", "/api/v1/dev/outbox", nil)
		var list struct{ Items []struct{ To, Text string } }
		r.JSON(&list)
		for _, m := range list.Items {
			if m.To == to {
				if tok := tokenIn(t, m.Text); tok != old {
					return tok
				}
				break // newest first: the newest still has the old link
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no new invitation mail to %s", to)
	return ""
}

// s returns the client's current session.
func s(t *testing.T, c *apptest.Client) api.SessionResponse {
	t.Helper()
	r := c.Do("GET", "/api/v1/auth/me", nil)
	mustStatus(t, r, 200)
	var out api.SessionResponse
	r.JSON(&out)
	return out
}

func TestDeleteOrganization(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		owner, sess := signup(t, srv, "Ana", "ana@example.com", "Loja da Ana")
		mustStatus(t, owner.Do("POST", "/api/v1/organizations", map[string]string{"name": "Outra Loja"}), 201)
		mustStatus(t, owner.Do("DELETE", "/api/v1/organization", map[string]string{"confirm": "loja da ana"}), 400)
		mustStatus(t, owner.Do("DELETE", "/api/v1/organization", map[string]string{"confirm": sess.Organization.Name}), 204)
		mustStatus(t, owner.Do("GET", "/api/v1/auth/me", nil), 401)
		// The account lives on in its other organization.
		r := srv.NewClient(t).Do("POST", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": "cavalo-bateria-grampo"})
		mustStatus(t, r, 200)
		if !strings.Contains(string(r.Body), "Outra Loja") || strings.Contains(string(r.Body), "Loja da Ana") {
			t.Fatalf("after deleting: %s", r.Body)
		}
	})
}
