package api

import (
	"net/http"

	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/org"
)

func callerOf(r *http.Request) org.Caller {
	id := identityOf(r)
	return org.Caller{UserID: id.User.ID, OrgID: id.Organization.ID, Role: id.Role}
}

type switchOrgRequest struct {
	OrganizationID string `json:"organization_id"`
}

func (a *API) postSwitchOrg(w http.ResponseWriter, r *http.Request) error {
	var req switchOrgRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	g, err := a.Auth.SwitchOrganization(r.Context(), identityOf(r), req.OrganizationID)
	if err != nil {
		return err
	}
	a.setSessionCookies(w, g)
	a.writeSession(w, http.StatusOK, g.Identity, g.Memberships)
	return nil
}

type nameRequest struct {
	Name string `json:"name"`
}

func (a *API) postOrganizations(w http.ResponseWriter, r *http.Request) error {
	var req nameRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	o, err := a.Orgs.Create(r.Context(), identityOf(r).User.ID, req.Name)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, o)
	return nil
}

// OrganizationView is an organization with whether it has a logo.
type OrganizationView struct {
	org.Organization
	HasLogo bool `json:"has_logo"`
}

func (a *API) getOrganization(w http.ResponseWriter, r *http.Request) error {
	// Read again: the session's copy lacks settings such as round_robin.
	o, err := a.Orgs.Store.Organization(r.Context(), identityOf(r).Organization.ID)
	if err != nil {
		return err
	}
	has, err := a.Blobs.Exists(r.Context(), logoKey(o.ID))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, OrganizationView{Organization: *o, HasLogo: has})
	return nil
}

func (a *API) patchOrganization(w http.ResponseWriter, r *http.Request) error {
	var req org.Settings
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	o, err := a.Orgs.Update(r.Context(), callerOf(r), req)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, o)
	return nil
}

type deleteOrgRequest struct {
	Confirm string `json:"confirm"`
}

func (a *API) deleteOrganization(w http.ResponseWriter, r *http.Request) error {
	var req deleteOrgRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	if err := a.Orgs.Delete(r.Context(), callerOf(r), req.Confirm); err != nil {
		return err
	}
	a.Logger.Info("organization deleted", "organization", identityOf(r).Organization.ID, "user", identityOf(r).User.ID)
	clearSessionCookies(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) getMembers(w http.ResponseWriter, r *http.Request) error {
	ms, err := a.Orgs.Store.Members(r.Context(), identityOf(r).Organization.ID)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[org.Member]{Items: ms})
	return nil
}

type roleRequest struct {
	Role org.Role `json:"role"`
}

func (a *API) patchMember(w http.ResponseWriter, r *http.Request) error {
	var req roleRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	if err := a.Orgs.ChangeRole(r.Context(), callerOf(r), r.PathValue("user_id"), req.Role); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) deleteMember(w http.ResponseWriter, r *http.Request) error {
	if err := a.Orgs.Remove(r.Context(), callerOf(r), r.PathValue("user_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// InvitationView is an invitation with where it stands.
type InvitationView struct {
	org.Invitation
	Status string `json:"status"` // pending, accepted, revoked, expired
}

func (a *API) getInvitations(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Orgs.Store.Invitations(r.Context(), identityOf(r).Organization.ID)
	if err != nil {
		return err
	}
	now := a.Clock.Now()
	out := make([]InvitationView, 0, len(list))
	for _, i := range list {
		out = append(out, InvitationView{Invitation: i, Status: i.Status(now)})
	}
	WriteJSON(w, http.StatusOK, List[InvitationView]{Items: out})
	return nil
}

func (a *API) postInvitation(w http.ResponseWriter, r *http.Request) error {
	var req org.InviteRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	inv, err := a.Orgs.Invite(r.Context(), callerOf(r), req, auth.NormalizeEmail)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, InvitationView{Invitation: *inv, Status: inv.Status(a.Clock.Now())})
	return nil
}

func (a *API) deleteInvitation(w http.ResponseWriter, r *http.Request) error {
	if err := a.Orgs.Revoke(r.Context(), callerOf(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) postInvitationResend(w http.ResponseWriter, r *http.Request) error {
	if err := a.Orgs.Resend(r.Context(), callerOf(r), r.PathValue("id")); err != nil {
		return err
	}
	WriteJSON(w, http.StatusAccepted, map[string]string{"status": "queued"})
	return nil
}

func (a *API) postInvitationLookup(w http.ResponseWriter, r *http.Request) error {
	var req tokenRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	info, err := a.Auth.LookupInvitation(r.Context(), req.Token)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, info)
	return nil
}

func (a *API) postInvitationAccept(w http.ResponseWriter, r *http.Request) error {
	var req tokenRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	g, err := a.Auth.AcceptInvitation(r.Context(), identityOf(r), req.Token)
	if err != nil {
		return err
	}
	a.setSessionCookies(w, g)
	a.writeSession(w, http.StatusOK, g.Identity, g.Memberships)
	return nil
}

func (a *API) postInvitationAcceptNew(w http.ResponseWriter, r *http.Request) error {
	if err := a.limitByIP(r, "login-ip", a.Limits.LoginPerMinute); err != nil {
		return err
	}
	var req auth.AcceptInvitationRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	c := clientOf(r)
	c.Device = ensureDevice(w, r)
	g, err := a.Auth.AcceptInvitationAsNewUser(r.Context(), req, c)
	if err != nil {
		return err
	}
	a.setSessionCookies(w, g)
	a.writeSession(w, http.StatusCreated, g.Identity, g.Memberships)
	return nil
}
