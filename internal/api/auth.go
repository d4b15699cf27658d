package api

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/org"
)

// Session cookies. The __Host- prefix makes browsers insist on Secure, Path=/
// and no Domain, so no sibling subdomain can set or read them. Browsers treat
// http://localhost as secure, so development works over plain http.
const (
	AccessCookie  = "__Host-piloto_access"
	RefreshCookie = "__Host-piloto_refresh"
	// CSRFCookie holds the session's CSRF token where the app can read it
	// (same-origin deploys); the app sends it back as CSRFHeader. It is no
	// secret from the page, only from other sites.
	CSRFCookie = "piloto_csrf"
	CSRFHeader = "X-CSRF-Token"
)

// maxAuthBody caps auth request bodies before any password is hashed.
const maxAuthBody = 4 << 10

// SessionResponse is the body of signup, login, refresh and me.
type SessionResponse struct {
	User          *auth.User       `json:"user"`
	Organization  org.Organization `json:"organization"`
	Role          org.Role         `json:"role"`
	Organizations []org.Membership `json:"organizations"`
	CSRFToken     string           `json:"csrf_token"`
}

func (a *API) setSessionCookies(w http.ResponseWriter, g *auth.Grant) {
	now := a.Clock.Now()
	setCookie(w, AccessCookie, g.AccessToken, g.AccessExpires.Sub(now), http.SameSiteLaxMode, true)
	if g.RefreshToken != "" { // "" when only the access token changed (switching organization)
		setCookie(w, RefreshCookie, g.RefreshToken, g.RefreshExpires.Sub(now), http.SameSiteStrictMode, true)
	}
	setCookie(w, CSRFCookie, g.CSRFToken, g.RefreshExpires.Sub(now), http.SameSiteLaxMode, false)
}

// clearSessionCookies repeats each cookie's attributes with Max-Age=0, so
// the browser drops exactly those cookies.
func clearSessionCookies(w http.ResponseWriter) {
	setCookie(w, AccessCookie, "", -1, http.SameSiteLaxMode, true)
	setCookie(w, RefreshCookie, "", -1, http.SameSiteStrictMode, true)
	setCookie(w, CSRFCookie, "", -1, http.SameSiteLaxMode, false)
}

// setCookie sets a Secure, host-only cookie for maxAge (rounded up to whole
// seconds); a maxAge of zero or less deletes it (Max-Age=0).
func setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration, sameSite http.SameSite, httpOnly bool) {
	secs := int((maxAge + time.Second - 1) / time.Second)
	if secs <= 0 {
		secs, value = -1, "" // net/http writes MaxAge<0 as Max-Age=0
	}
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: secs,
		Secure: true, HttpOnly: httpOnly, SameSite: sameSite,
	})
}

func cookieValue(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

// clientOf describes the caller: its address (after trusted proxies, as the
// server's middleware found it) and user agent.
func clientOf(r *http.Request) auth.Client {
	ip := piloto.ClientIP(r.Context())
	if ip == "" {
		ip, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	return auth.Client{UserAgent: r.UserAgent(), IP: ip}
}

// identity authenticates the request by its access cookie: the token is
// verified and its session, user and membership loaded from the store. An
// unsafe method must also carry the session's CSRF token in X-CSRF-Token
// (the double-submit layer; the cross-origin check is the other). Errors:
// EUNAUTHORIZED, ECSRF.
func (a *API) identity(r *http.Request) (*auth.Identity, error) {
	id, err := a.Auth.Authenticate(r.Context(), cookieValue(r, AccessCookie))
	if err != nil {
		return nil, err
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		if !a.Auth.CheckCSRF(id.Session.ID, r.Header.Get(CSRFHeader)) {
			return nil, piloto.Errorf(piloto.ECSRF, "Falta o token de segurança desta sessão. Recarregue a página.")
		}
	}
	return id, nil
}

// OrgHeader carries the organization the app is showing. When it names
// another organization than the session's, the request answers 409: a stale
// tab reloads instead of writing into the wrong organization.
const OrgHeader = "X-Piloto-Org"

type identityKey struct{}

// guard wraps the handler of a non-public route: it authenticates the
// session (identity), checks the role and the organization header, and
// hands the identity to the handler in the request context.
func (a *API) guard(access Access, h HandlerFunc) HandlerFunc {
	if access == Public {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := a.identity(r)
		if err != nil {
			return err
		}
		if o := r.Header.Get(OrgHeader); o != "" && o != id.Organization.ID {
			return piloto.Errorf(piloto.EORGCHANGED, "Você trocou de organização em outra aba. Recarregue a página.")
		}
		if !org.AtLeast(id.Role, minRole[access]) {
			return piloto.Errorf(piloto.EFORBIDDEN, "Seu papel nesta organização não permite isso.")
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), identityKey{}, id)))
	}
}

// identityOf returns the caller of a guarded route.
func identityOf(r *http.Request) *auth.Identity {
	return r.Context().Value(identityKey{}).(*auth.Identity)
}

// limitByIP allows Limits.Login requests a minute from one client address
// to the route group named by key.
func (a *API) limitByIP(r *http.Request, key string, limit int) error {
	return a.Limiter.Allow(r.Context(), key+":"+clientOf(r).IP, limit)
}

func (a *API) writeSession(w http.ResponseWriter, status int, id *auth.Identity, ms []org.Membership) {
	if ms == nil {
		ms = []org.Membership{}
	}
	WriteJSON(w, status, SessionResponse{
		User: id.User, Organization: id.Organization, Role: id.Role,
		Organizations: ms, CSRFToken: a.Auth.CSRFToken(id.Session.ID),
	})
}

func (a *API) postSignup(w http.ResponseWriter, r *http.Request) error {
	if err := a.limitByIP(r, "login-ip", a.Limits.LoginPerMinute); err != nil {
		return err
	}
	var req auth.SignupRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	c := clientOf(r)
	c.Device = ensureDevice(w, r)
	g, err := a.Auth.Signup(r.Context(), req, c)
	if err != nil {
		return err
	}
	a.Logger.Info("auth: signup", "user", g.Identity.User.ID, "organization", g.Identity.Organization.ID,
		"session", g.Identity.Session.ID, "request_id", piloto.RequestID(r.Context()))
	a.setSessionCookies(w, g)
	a.writeSession(w, http.StatusCreated, g.Identity, g.Memberships)
	return nil
}

func (a *API) postLogin(w http.ResponseWriter, r *http.Request) error {
	if err := a.limitByIP(r, "login-ip", a.Limits.LoginPerMinute); err != nil {
		return err
	}
	var req auth.LoginRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	c := clientOf(r)
	c.Device = ensureDevice(w, r)
	g, err := a.Auth.Login(r.Context(), req, c)
	if err != nil {
		if piloto.ErrorCode(err) == piloto.EUNAUTHORIZED {
			a.Logger.Info("auth: login failed", "ip", clientOf(r).IP, "request_id", piloto.RequestID(r.Context()))
		}
		return err
	}
	a.Logger.Info("auth: login", "user", g.Identity.User.ID, "session", g.Identity.Session.ID,
		"request_id", piloto.RequestID(r.Context()))
	a.setSessionCookies(w, g)
	a.writeSession(w, http.StatusOK, g.Identity, g.Memberships)
	return nil
}

func (a *API) postRefresh(w http.ResponseWriter, r *http.Request) error {
	g, err := a.Auth.Refresh(r.Context(), cookieValue(r, RefreshCookie), clientOf(r))
	if err != nil {
		if piloto.ErrorCode(err) == piloto.EUNAUTHORIZED {
			clearSessionCookies(w)
			a.Logger.Info("auth: refresh refused", "ip", clientOf(r).IP, "request_id", piloto.RequestID(r.Context()))
		}
		return err
	}
	a.setSessionCookies(w, g)
	a.writeSession(w, http.StatusOK, g.Identity, nil)
	return nil
}

func (a *API) postLogout(w http.ResponseWriter, r *http.Request) error {
	if refresh := cookieValue(r, RefreshCookie); refresh != "" {
		if err := a.Auth.Logout(r.Context(), refresh, clientOf(r)); err != nil {
			return err
		}
	} else if id, err := a.Auth.Authenticate(r.Context(), cookieValue(r, AccessCookie)); err == nil {
		if err := a.Auth.EndSession(r.Context(), id, id.Session.ID, clientOf(r)); err != nil && piloto.ErrorCode(err) != piloto.ENOTFOUND {
			return err
		}
	}
	a.Logger.Info("auth: logout", "request_id", piloto.RequestID(r.Context()))
	clearSessionCookies(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) postLogoutAll(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	if err := a.Auth.LogoutAll(r.Context(), id, clientOf(r)); err != nil {
		return err
	}
	a.Logger.Info("auth: logout everywhere", "user", id.User.ID, "request_id", piloto.RequestID(r.Context()))
	clearSessionCookies(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) getMe(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	ms, err := a.Auth.Memberships(r.Context(), id)
	if err != nil {
		return err
	}
	a.writeSession(w, http.StatusOK, id, ms)
	return nil
}
