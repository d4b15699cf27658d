package api

import (
	"context"
	"net/http"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/mail"
)

// DeviceCookie names a browser for the account's "new sign-in" mail: a
// random value, HttpOnly, kept for a year.
const DeviceCookie = "__Host-piloto_device"

// OutboxReader lists the mail kept in development.
type OutboxReader interface {
	Outbox(ctx context.Context, limit int) ([]mail.Kept, error)
}

// ensureDevice gives the browser a device cookie when it has none and
// returns the value to use.
func ensureDevice(w http.ResponseWriter, r *http.Request) string {
	if v := cookieValue(r, DeviceCookie); len(v) >= 32 && len(v) <= 64 {
		return v
	}
	v := auth.NewDeviceID()
	setCookie(w, DeviceCookie, v, 365*24*time.Hour, http.SameSiteLaxMode, true)
	return v
}

type tokenRequest struct {
	Token string `json:"token"`
}

func (a *API) postVerifyEmail(w http.ResponseWriter, r *http.Request) error {
	var req tokenRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	u, err := a.Auth.VerifyEmail(r.Context(), req.Token)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, map[string]any{"user": u})
	return nil
}

func (a *API) postResendVerification(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	if err := a.Auth.ResendVerification(r.Context(), id); err != nil {
		return err
	}
	WriteJSON(w, http.StatusAccepted, map[string]string{"status": "queued"})
	return nil
}

type passwordResetRequest struct {
	Email string `json:"email"`
}

// postPasswordReset answers 202 whether or not the email has an account.
func (a *API) postPasswordReset(w http.ResponseWriter, r *http.Request) error {
	if err := a.limitByIP(r, "login-ip", a.Limits.LoginPerMinute); err != nil {
		return err
	}
	var req passwordResetRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	if err := a.Auth.RequestPasswordReset(r.Context(), req.Email, clientOf(r)); err != nil {
		return err
	}
	WriteJSON(w, http.StatusAccepted, map[string]string{"status": "queued"})
	return nil
}

type passwordResetConfirm struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (a *API) postPasswordResetConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := a.limitByIP(r, "login-ip", a.Limits.LoginPerMinute); err != nil {
		return err
	}
	var req passwordResetConfirm
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	c := clientOf(r)
	c.Device = ensureDevice(w, r)
	g, err := a.Auth.ResetPassword(r.Context(), req.Token, req.Password, c)
	if err != nil {
		return err
	}
	a.Logger.Info("auth: password reset", "user", g.Identity.User.ID, "request_id", piloto.RequestID(r.Context()))
	a.setSessionCookies(w, g)
	a.writeSession(w, http.StatusOK, g.Identity, g.Memberships)
	return nil
}

func (a *API) postChangePassword(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	var req auth.ChangePasswordRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	if err := a.Auth.ChangePassword(r.Context(), id, req, clientOf(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) postChangeEmail(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	var req auth.ChangeEmailRequest
	if err := DecodeJSONLimit(r, &req, maxAuthBody); err != nil {
		return err
	}
	if err := a.Auth.RequestEmailChange(r.Context(), id, req); err != nil {
		return err
	}
	WriteJSON(w, http.StatusAccepted, map[string]string{"status": "queued"})
	return nil
}

func (a *API) getSessions(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	list, err := a.Auth.Sessions(r.Context(), id)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[auth.SessionInfo]{Items: list})
	return nil
}

func (a *API) deleteSession(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	sid := r.PathValue("id")
	if !piloto.ValidID(sid) {
		return piloto.Errorf(piloto.ENOTFOUND, "Sessão não encontrada.")
	}
	if err := a.Auth.EndSession(r.Context(), id, sid, clientOf(r)); err != nil {
		return err
	}
	if sid == id.Session.ID {
		clearSessionCookies(w)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// getDevOutbox lists the mail kept instead of sent. It exists only in
// development without SMTP; elsewhere it answers 404.
func (a *API) getDevOutbox(w http.ResponseWriter, r *http.Request) error {
	if a.DevOutbox == nil {
		return piloto.Errorf(piloto.ENOTFOUND, "Rota desconhecida: %s", r.URL.Path)
	}
	list, err := a.DevOutbox.Outbox(r.Context(), 100)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[mail.Kept]{Items: list})
	return nil
}
