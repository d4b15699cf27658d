package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/knowledge"
)

func (a *API) getKnowledgeBases(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Knowledge.Store.KnowledgeBases(r.Context(), identityOf(r).Organization.ID)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[knowledge.Base]{Items: list})
	return nil
}

func (a *API) postKnowledgeBase(w http.ResponseWriter, r *http.Request) error {
	var req nameRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	b, err := a.Knowledge.CreateBase(r.Context(), identityOf(r).Organization.ID, req.Name)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, b)
	return nil
}

func (a *API) deleteKnowledgeBase(w http.ResponseWriter, r *http.Request) error {
	if err := a.Knowledge.DeleteBase(r.Context(), identityOf(r).Organization.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) getSources(w http.ResponseWriter, r *http.Request) error {
	orgID := identityOf(r).Organization.ID
	if _, err := a.Knowledge.Store.KnowledgeBase(r.Context(), orgID, r.PathValue("id")); err != nil {
		return err
	}
	list, err := a.Knowledge.Store.Sources(r.Context(), orgID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[knowledge.Source]{Items: list})
	return nil
}

// postFile takes one file as multipart/form-data (field "file"), at most
// PILOTO_MAX_UPLOAD_MB; its ingestion runs as a job.
func (a *API) postFile(w http.ResponseWriter, r *http.Request) error {
	if _, err := a.Knowledge.Store.KnowledgeBase(r.Context(), identityOf(r).Organization.ID, r.PathValue("id")); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, a.MaxUploadBytes+1<<20)
	f, hdr, err := r.FormFile("file")
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return piloto.Errorf(piloto.ETOOLARGE, "O arquivo passa de %d MB.", a.MaxUploadBytes>>20)
	case err != nil:
		return piloto.Invalid("Envie o arquivo no campo \"file\" de um formulário multipart.", map[string]string{"file": "arquivo ausente"})
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, a.MaxUploadBytes+1))
	if err != nil {
		return err
	}
	if int64(len(content)) > a.MaxUploadBytes {
		return piloto.Errorf(piloto.ETOOLARGE, "O arquivo passa de %d MB.", a.MaxUploadBytes>>20)
	}
	src, err := a.Knowledge.AddFile(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"), hdr.Filename, content)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, src)
	return nil
}

func (a *API) postFAQ(w http.ResponseWriter, r *http.Request) error {
	var req knowledge.FAQ
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	orgID := identityOf(r).Organization.ID
	if _, err := a.Knowledge.Store.KnowledgeBase(r.Context(), orgID, r.PathValue("id")); err != nil {
		return err
	}
	src, err := a.Knowledge.AddFAQ(r.Context(), orgID, r.PathValue("id"), req)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, src)
	return nil
}

func (a *API) getSource(w http.ResponseWriter, r *http.Request) error {
	src, err := a.Knowledge.Store.Source(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, src)
	return nil
}

func (a *API) getSourceChunks(w http.ResponseWriter, r *http.Request) error {
	orgID := identityOf(r).Organization.ID
	if _, err := a.Knowledge.Store.Source(r.Context(), orgID, r.PathValue("id")); err != nil {
		return err
	}
	chunks, err := a.Knowledge.Store.Chunks(r.Context(), orgID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[knowledge.StoredChunk]{Items: chunks})
	return nil
}

func (a *API) postReingest(w http.ResponseWriter, r *http.Request) error {
	src, err := a.Knowledge.Reingest(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusAccepted, src)
	return nil
}

func (a *API) deleteSource(w http.ResponseWriter, r *http.Request) error {
	if err := a.Knowledge.DeleteSource(r.Context(), identityOf(r).Organization.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// getKnowledgeSearch runs a search over the organization's knowledge:
// ?q=TEXT, optionally &limit=N (1–50, default 5) and &base_id=ID (repeated)
// to search some knowledge bases only.
func (a *API) getKnowledgeSearch(w http.ResponseWriter, r *http.Request) error {
	q := knowledge.Query{Text: r.URL.Query().Get("q"), BaseIDs: r.URL.Query()["base_id"]}
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			return piloto.Invalid("Confira os campos destacados.", map[string]string{"limit": "Peça de 1 a 50 resultados."})
		}
		q.Limit = n
	}
	hits, err := a.Knowledge.Search(r.Context(), identityOf(r).Organization.ID, q)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[knowledge.Hit]{Items: hits})
	return nil
}
