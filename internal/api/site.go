package api

import (
	"net/http"

	"github.com/pilotodevendas/piloto/internal/knowledge"
)

// Web sites of a knowledge base: each page a source of its own, synced by a
// job (knowledge.CrawlWorker) on demand and every day.

func (a *API) getSites(w http.ResponseWriter, r *http.Request) error {
	orgID := identityOf(r).Organization.ID
	if _, err := a.Knowledge.Store.KnowledgeBase(r.Context(), orgID, r.PathValue("id")); err != nil {
		return err
	}
	list, err := a.Knowledge.Sites.Sites(r.Context(), orgID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[knowledge.Site]{Items: list})
	return nil
}

// postSite adds a site: {"url", "crawl", "max_pages"}. The URL must be a
// public http(s) address (the outbound guard's check); the first sync is
// queued.
func (a *API) postSite(w http.ResponseWriter, r *http.Request) error {
	var req knowledge.SiteInput
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	site, err := a.Knowledge.AddSite(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"), req)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, site)
	return nil
}

func (a *API) getSite(w http.ResponseWriter, r *http.Request) error {
	site, err := a.Knowledge.SiteDetail(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, site)
	return nil
}

func (a *API) postSiteSync(w http.ResponseWriter, r *http.Request) error {
	site, err := a.Knowledge.SyncSite(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusAccepted, site)
	return nil
}

func (a *API) deleteSite(w http.ResponseWriter, r *http.Request) error {
	if err := a.Knowledge.DeleteSite(r.Context(), identityOf(r).Organization.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
