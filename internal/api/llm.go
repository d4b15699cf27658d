package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/llm"
)

// LLMCallsPerMinute caps the calls to providers an organization's pages make
// ("Testar" and model lists), since each reaches a provider and may cost.
const LLMCallsPerMinute = 30

// llmActor is who changes a key, and where from.
func llmActor(r *http.Request) llm.Actor {
	id, c := identityOf(r), clientOf(r)
	return llm.Actor{UserID: id.User.ID, IP: c.IP, UserAgent: c.UserAgent}
}

// knownProvider reads {provider}: an unknown one is not found.
func knownProvider(r *http.Request) (string, error) {
	p := r.PathValue("provider")
	if !llm.Known(p) {
		return "", piloto.Errorf(piloto.ENOTFOUND, "Provedor de IA desconhecido.")
	}
	return p, nil
}

// limitLLM counts a call to a provider against the organization's minute.
func (a *API) limitLLM(r *http.Request) error {
	return a.Limiter.Allow(r.Context(), "llm-calls:"+identityOf(r).Organization.ID, LLMCallsPerMinute)
}

func (a *API) getLLMProviders(w http.ResponseWriter, r *http.Request) error {
	list, err := a.LLM.Providers(r.Context(), identityOf(r).Organization.ID)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, struct {
		Items []llm.ProviderStatus `json:"items"`
	}{list})
	return nil
}

// LLMKeyRequest sets an organization's key for a provider.
type LLMKeyRequest struct {
	APIKey  string `json:"api_key"`
	BaseURL string `json:"base_url"`
}

// putLLMKey saves the organization's key: the answer is the provider as the
// list shows it, the key masked. The key is never returned.
func (a *API) putLLMKey(w http.ResponseWriter, r *http.Request) error {
	p, err := knownProvider(r)
	if err != nil {
		return err
	}
	var req LLMKeyRequest
	if err := DecodeJSONLimit(r, &req, 16<<10); err != nil {
		return err
	}
	st, err := a.LLM.SetKey(r.Context(), identityOf(r).Organization.ID, llmActor(r), p, req.APIKey, req.BaseURL)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, st)
	return nil
}

func (a *API) deleteLLMKey(w http.ResponseWriter, r *http.Request) error {
	p, err := knownProvider(r)
	if err != nil {
		return err
	}
	if err := a.LLM.DeleteKey(r.Context(), identityOf(r).Organization.ID, llmActor(r), p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// LLMTestRequest names the model to test ("" for the default).
type LLMTestRequest struct {
	Model string `json:"model"`
}

// postLLMTest calls the provider with the organization's key (or the
// platform's): 200 whatever the provider said, ok or not.
func (a *API) postLLMTest(w http.ResponseWriter, r *http.Request) error {
	p, err := knownProvider(r)
	if err != nil {
		return err
	}
	var req LLMTestRequest
	if r.ContentLength != 0 {
		if err := DecodeJSONLimit(r, &req, 16<<10); err != nil {
			return err
		}
	}
	if err := a.limitLLM(r); err != nil {
		return err
	}
	res, err := a.LLM.Test(r.Context(), identityOf(r).Organization.ID, p, req.Model)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, res)
	return nil
}

func (a *API) getLLMModels(w http.ResponseWriter, r *http.Request) error {
	p, err := knownProvider(r)
	if err != nil {
		return err
	}
	if err := a.limitLLM(r); err != nil {
		return err
	}
	list, err := a.LLM.Models(r.Context(), identityOf(r).Organization.ID, p)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, list)
	return nil
}

// getUsage sums the organization's LLM calls over the last ?days days (1 to
// 366, 30 by default) of its calendar; owners only.
func (a *API) getUsage(w http.ResponseWriter, r *http.Request) error {
	days := 30
	if v := strings.TrimSpace(r.URL.Query().Get("days")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return piloto.Invalid("Escolha um período de 1 a 366 dias.", map[string]string{"days": "Use um número de 1 a 366."})
		}
		days = n
	}
	o := identityOf(r).Organization
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil || o.TimeZone == "" {
		loc = piloto.SaoPaulo
	}
	report, err := a.LLM.Usage(r.Context(), o.ID, loc, days)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, report)
	return nil
}
