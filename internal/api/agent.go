package api

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"strconv"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
)

// authorOf is who saves an agent: the caller, and where from.
func authorOf(r *http.Request) agent.Author {
	id, c := identityOf(r), clientOf(r)
	return agent.Author{UserID: id.User.ID, Name: id.User.Name, IP: c.IP, UserAgent: c.UserAgent}
}

func (a *API) getAgents(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Agents.List(r.Context(), identityOf(r).Organization.ID)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[agent.Agent]{Items: list})
	return nil
}

// decodeConfig reads a body of configuration fields over base — and, for
// a PATCH, "version", the version edited, into version. Each field sent
// replaces base's whole value (an object such as handoff too); each left
// out keeps it. Unknown fields and wrong types are field errors, as with
// DecodeJSON.
func decodeConfig(r *http.Request, base agent.Config, version *int) (agent.Config, error) {
	var sent map[string]json.RawMessage
	if err := DecodeJSON(r, &sent); err != nil {
		return base, err
	}
	if raw, ok := sent["version"]; ok {
		if version == nil {
			return base, piloto.Invalid("Há um campo desconhecido.", map[string]string{"version": "campo desconhecido"})
		}
		if err := json.Unmarshal(raw, version); err != nil {
			return base, piloto.Invalid("Há um campo com tipo errado.", map[string]string{"version": "deve ser int"})
		}
		delete(sent, "version")
	}
	// The fields sent alone, to check their names and types.
	b, err := json.Marshal(sent)
	if err != nil {
		return base, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&agent.Config{}); err != nil {
		return base, decodeError(err, maxJSONBody)
	}
	var merged map[string]json.RawMessage
	if b, err = json.Marshal(base); err != nil {
		return base, err
	}
	if err := json.Unmarshal(b, &merged); err != nil {
		return base, err
	}
	maps.Copy(merged, sent)
	if b, err = json.Marshal(merged); err != nil {
		return base, err
	}
	var cfg agent.Config
	return cfg, json.Unmarshal(b, &cfg)
}

// postAgent creates an agent: the body's fields over the defaults, so
// {"name": "…"} alone makes a working agent.
func (a *API) postAgent(w http.ResponseWriter, r *http.Request) error {
	o := identityOf(r).Organization
	cfg, err := decodeConfig(r, agent.Defaults(o.TimeZone), nil)
	if err != nil {
		return err
	}
	ag, err := a.Agents.Create(r.Context(), o.ID, authorOf(r), cfg)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, ag)
	return nil
}

func (a *API) getAgent(w http.ResponseWriter, r *http.Request) error {
	ag, err := a.Agents.Get(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, ag)
	return nil
}

// patchAgent saves an agent: the body is the version the editor loaded
// and any of the configuration's fields (see decodeConfig).
func (a *API) patchAgent(w http.ResponseWriter, r *http.Request) error {
	orgID := identityOf(r).Organization.ID
	cur, err := a.Agents.Get(r.Context(), orgID, r.PathValue("id"))
	if err != nil {
		return err
	}
	var version int
	cfg, err := decodeConfig(r, cur.Config, &version)
	if err != nil {
		return err
	}
	ag, err := a.Agents.Update(r.Context(), orgID, cur.ID, authorOf(r), version, cfg)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, ag)
	return nil
}

func (a *API) deleteAgent(w http.ResponseWriter, r *http.Request) error {
	if err := a.Agents.Delete(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"), authorOf(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// versionNumber reads a version number from the query or the path: ok is
// false when s is not a positive integer.
func versionNumber(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// getAgentVersions lists the history, newest first, a page at a time: the
// cursor is the last version of the page before.
func (a *API) getAgentVersions(w http.ResponseWriter, r *http.Request) error {
	before := 0
	if c := r.URL.Query().Get("cursor"); c != "" {
		n, ok := versionNumber(c)
		if !ok {
			return piloto.Invalid("Cursor inválido.", map[string]string{"cursor": "cursor inválido"})
		}
		before = n
	}
	list, next, err := a.Agents.Versions(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"), before)
	if err != nil {
		return err
	}
	cursor := ""
	if next > 0 {
		cursor = strconv.Itoa(next)
	}
	WriteJSON(w, http.StatusOK, List[agent.Version]{Items: list, NextCursor: cursor})
	return nil
}

var errNoVersion = piloto.Errorf(piloto.ENOTFOUND, "Versão não encontrada.")

func (a *API) getAgentVersion(w http.ResponseWriter, r *http.Request) error {
	orgID := identityOf(r).Organization.ID
	if _, err := a.Agents.Get(r.Context(), orgID, r.PathValue("id")); err != nil {
		return err
	}
	n, ok := versionNumber(r.PathValue("version"))
	if !ok {
		return errNoVersion
	}
	v, err := a.Agents.Version(r.Context(), orgID, r.PathValue("id"), n)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, v)
	return nil
}

// DiffResponse is what changes from one version of an agent to another.
type DiffResponse struct {
	From    int            `json:"from"`
	To      int            `json:"to"`
	Changes []agent.Change `json:"changes"`
}

func (a *API) getAgentDiff(w http.ResponseWriter, r *http.Request) error {
	orgID := identityOf(r).Organization.ID
	if _, err := a.Agents.Get(r.Context(), orgID, r.PathValue("id")); err != nil {
		return err
	}
	q := r.URL.Query()
	from, okFrom := versionNumber(q.Get("from"))
	to, okTo := versionNumber(q.Get("to"))
	if !okFrom || !okTo {
		fields := map[string]string{}
		if !okFrom {
			fields["from"] = "Informe o número de uma versão."
		}
		if !okTo {
			fields["to"] = "Informe o número de uma versão."
		}
		return piloto.Invalid("Escolha as duas versões a comparar.", fields)
	}
	changes, err := a.Agents.Diff(r.Context(), orgID, r.PathValue("id"), from, to)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, DiffResponse{From: from, To: to, Changes: changes})
	return nil
}

type rollbackRequest struct {
	Version         int `json:"version"`          // the version to restore
	ExpectedVersion int `json:"expected_version"` // the agent's current version, as the client saw it
}

func (a *API) postAgentRollback(w http.ResponseWriter, r *http.Request) error {
	orgID := identityOf(r).Organization.ID
	cur, err := a.Agents.Get(r.Context(), orgID, r.PathValue("id"))
	if err != nil {
		return err
	}
	var req rollbackRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.Version < 1 {
		return piloto.Invalid("Escolha a versão a restaurar.", map[string]string{"version": "Informe o número de uma versão."})
	}
	if req.ExpectedVersion < 1 {
		return piloto.Invalid("Informe a versão atual do agente.", map[string]string{"expected_version": "Informe a versão atual do agente."})
	}
	ag, err := a.Agents.Rollback(r.Context(), orgID, cur.ID, authorOf(r), req.Version, req.ExpectedVersion)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, ag)
	return nil
}
