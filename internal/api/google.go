package api

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
)

// OAuthCookie binds a sign-in at Google to the browser that began it.
// SameSite=Lax: the provider's redirect back is a top-level navigation.
const OAuthCookie = "__Host-piloto_oauth"

// ProvidersResponse says which sign-in providers are configured, and
// whether the development mailbox exists.
type ProvidersResponse struct {
	Google    bool `json:"google"`
	DevOutbox bool `json:"dev_outbox"`
}

func (a *API) getProviders(w http.ResponseWriter, r *http.Request) error {
	WriteJSON(w, http.StatusOK, ProvidersResponse{Google: a.Google != nil, DevOutbox: a.DevOutbox != nil})
	return nil
}

// getGoogleLogin redirects the browser to Google.
func (a *API) getGoogleLogin(w http.ResponseWriter, r *http.Request) error {
	if a.Google == nil {
		return piloto.Errorf(piloto.ENOTFOUND, "Entrar com Google não está configurado.")
	}
	authURL, cookie, err := a.Google.Start(r.Context(), r.URL.Query().Get("next"))
	if err != nil {
		a.Logger.Error("google sign-in could not start", "err", err, "request_id", piloto.RequestID(r.Context()))
		http.Redirect(w, r, a.AppURL+"/entrar?erro=google_failed", http.StatusFound)
		return nil
	}
	setCookie(w, OAuthCookie, cookie, auth.FlowLifetime, http.SameSiteLaxMode, true)
	http.Redirect(w, r, authURL, http.StatusFound)
	return nil
}

// getGoogleCallback finishes the sign-in and sends the browser to the app:
// to the path it started from (or /painel) signed in, or to /entrar with the
// reason it failed.
func (a *API) getGoogleCallback(w http.ResponseWriter, r *http.Request) error {
	if a.Google == nil {
		return piloto.Errorf(piloto.ENOTFOUND, "Entrar com Google não está configurado.")
	}
	q := r.URL.Query()
	c := clientOf(r)
	c.Device = ensureDevice(w, r)
	setCookie(w, OAuthCookie, "", -1, http.SameSiteLaxMode, true) // single use, whatever happens
	g, next, err := a.Google.Finish(r.Context(), cookieValue(r, OAuthCookie), q.Get("state"), q.Get("code"), q.Get("error"), c)
	if err != nil {
		reason := "google_failed"
		var ge *auth.GoogleError
		if errors.As(err, &ge) {
			reason = ge.Reason
		}
		a.Logger.Info("auth: google sign-in refused", "reason", reason, "err", err, "request_id", piloto.RequestID(r.Context()))
		http.Redirect(w, r, a.AppURL+"/entrar?erro="+url.QueryEscape(reason), http.StatusFound)
		return nil
	}
	a.Logger.Info("auth: google sign-in", "user", g.Identity.User.ID, "session", g.Identity.Session.ID)
	a.setSessionCookies(w, g)
	if next == "" {
		next = "/painel"
	}
	http.Redirect(w, r, a.AppURL+next, http.StatusFound)
	return nil
}

func (a *API) getIdentities(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Identities.Identities(r.Context(), identityOf(r).User.ID)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[auth.Identity3P]{Items: list})
	return nil
}

func (a *API) deleteIdentity(w http.ResponseWriter, r *http.Request) error {
	if err := a.Identities.UnlinkIdentity(r.Context(), identityOf(r).User.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
