package api

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/pilotodevendas/piloto"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// maxLogo caps an organization's logo.
const maxLogo = 512 << 10

// logoTypes are the image types a logo may be, by what its bytes are (the
// Content-Type a client claims is not trusted).
var logoTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/webp": true}

func logoKey(orgID string) string { return "orgs/" + orgID + "/logo" }

// putOrganizationLogo stores the request body as the organization's logo.
func (a *API) putOrganizationLogo(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxLogo))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return piloto.Errorf(piloto.ETOOLARGE, "O logo pode ter no máximo %d KiB.", maxLogo>>10)
	}
	if err != nil {
		return err
	}
	ct := http.DetectContentType(body)
	if !logoTypes[ct] {
		return piloto.Errorf(piloto.EUNSUPPORTED, "Envie o logo em PNG, JPEG ou WebP.")
	}
	err = a.Blobs.WriteAll(r.Context(), logoKey(identityOf(r).Organization.ID), body, &blob.WriterOptions{ContentType: ct})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// getOrganizationLogo serves the organization's logo, or 404.
func (a *API) getOrganizationLogo(w http.ResponseWriter, r *http.Request) error {
	key := logoKey(identityOf(r).Organization.ID)
	attrs, err := a.Blobs.Attributes(r.Context(), key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return piloto.Errorf(piloto.ENOTFOUND, "Esta organização ainda não tem logo.")
	}
	if err != nil {
		return err
	}
	body, err := a.Blobs.ReadAll(r.Context(), key)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", attrs.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Cache-Control", "private, no-cache")
	_, err = io.Copy(w, bytes.NewReader(body))
	return err
}

// deleteOrganizationLogo removes the logo; removing none is not an error.
func (a *API) deleteOrganizationLogo(w http.ResponseWriter, r *http.Request) error {
	err := a.Blobs.Delete(r.Context(), logoKey(identityOf(r).Organization.ID))
	if err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
