package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 document of every /api/v1 route, kept by
// hand beside the route table; a test fails when they disagree.
//
//go:embed openapi.json
var openAPIDoc []byte

func (a *API) getOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, err := w.Write(openAPIDoc)
	return err
}
