package api_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/api"
)

func newMux(logs *bytes.Buffer) (*api.API, *http.ServeMux) {
	a := &api.API{Logger: slog.New(slog.NewTextHandler(logs, nil))}
	mux := http.NewServeMux()
	a.Register(mux)
	return a, mux
}

func TestRoutesScenarios(t *testing.T) {
	_, mux := newMux(&bytes.Buffer{})
	cases := []struct {
		name, method, path string
		status             int
		code               string // error code, or "" for success
		header             [2]string
	}{
		{"version", "GET", "/api/v1/version", 200, "", [2]string{"Content-Type", "application/json; charset=utf-8"}},
		{"version HEAD", "HEAD", "/api/v1/version", 200, "", [2]string{}},
		{"openapi", "GET", "/api/v1/openapi.json", 200, "", [2]string{}},
		{"unknown api path", "GET", "/api/v1/nope", 404, piloto.ENOTFOUND, [2]string{}},
		{"unknown version", "GET", "/api/v2/version", 404, piloto.ENOTFOUND, [2]string{}},
		{"wrong method", "DELETE", "/api/v1/version", 405, piloto.EMETHOD, [2]string{"Allow", "GET"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.header[0] != "" && rec.Header().Get(tc.header[0]) != tc.header[1] {
				t.Errorf("%s = %q, want %q", tc.header[0], rec.Header().Get(tc.header[0]), tc.header[1])
			}
			if tc.code != "" {
				var body api.ErrorBody
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
					t.Fatalf("error body is not JSON: %s", rec.Body)
				}
				if body.Error.Code != tc.code || body.Error.Message == "" {
					t.Errorf("error = %+v, want code %s with a message", body.Error, tc.code)
				}
			}
		})
	}
}

func TestVersionBody(t *testing.T) {
	_, mux := newMux(&bytes.Buffer{})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/version", nil))
	var v api.VersionResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v.Version == "" {
		t.Fatalf("version body %s (%v)", rec.Body, err)
	}
}

func TestWriteErrorHidesInternalErrors(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	cases := []struct {
		err     error
		status  int
		code    string
		fields  bool
		leakage string
	}{
		{errors.New("pq: password authentication failed for user admin"), 500, piloto.EINTERNAL, false, "password authentication"},
		{piloto.Invalid("Confira os campos.", map[string]string{"email": "obrigatório"}), 400, piloto.EINVALID, true, ""},
		{piloto.Errorf(piloto.ERATELIMIT, "Calma."), 429, piloto.ERATELIMIT, false, ""},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		api.WriteError(rec, httptest.NewRequest("GET", "/x", nil), logger, tc.err)
		var body api.ErrorBody
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != tc.status || body.Error.Code != tc.code || (body.Error.Fields != nil) != tc.fields {
			t.Errorf("%v → %d %+v", tc.err, rec.Code, body.Error)
		}
		if tc.leakage != "" {
			if strings.Contains(rec.Body.String(), tc.leakage) {
				t.Errorf("response leaks the internal error: %s", rec.Body)
			}
			if !strings.Contains(logs.String(), tc.leakage) {
				t.Errorf("internal error not logged: %s", logs.String())
			}
		}
	}
}

func TestEveryCodeHasAStatus(t *testing.T) {
	seen := map[int]bool{}
	for _, c := range piloto.Codes {
		s := api.StatusOf(c)
		if s < 400 {
			t.Errorf("code %s maps to %d", c, s)
		}
		seen[s] = true
	}
	if api.StatusOf("made_up") != 500 {
		t.Error("an unknown code must be 500")
	}
}

func TestDecodeJSON(t *testing.T) {
	type req struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	cases := []struct {
		name, ctype, body string
		code              string
		field             string
	}{
		{"ok", "application/json", `{"name":"Ana","count":2}`, "", ""},
		{"ok with charset", "application/json; charset=utf-8", `{"name":"Ana"}`, "", ""},
		{"form post", "application/x-www-form-urlencoded", `name=Ana`, piloto.EUNSUPPORTED, ""},
		{"text/plain", "text/plain", `{"name":"Ana"}`, piloto.EUNSUPPORTED, ""},
		{"syntax", "application/json", `{"name":`, piloto.EINVALID, ""},
		{"empty", "application/json", ``, piloto.EINVALID, ""},
		{"unknown field", "application/json", `{"nome":"Ana"}`, piloto.EINVALID, "nome"},
		{"wrong type", "application/json", `{"count":"dois"}`, piloto.EINVALID, "count"},
		{"two objects", "application/json", `{"name":"a"}{"name":"b"}`, piloto.EINVALID, ""},
		{"too large", "application/json", `{"name":"` + strings.Repeat("a", 2<<20) + `"}`, piloto.ETOOLARGE, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
			r.Header.Set("Content-Type", tc.ctype)
			var v req
			err := api.DecodeJSON(r, &v)
			if got := piloto.ErrorCode(err); got != tc.code {
				t.Fatalf("code %q, want %q (%v)", got, tc.code, err)
			}
			var pe *piloto.Error
			if tc.field != "" && (!errors.As(err, &pe) || pe.Fields[tc.field] == "") {
				t.Fatalf("error %v does not name field %s", err, tc.field)
			}
		})
	}
}

// The OpenAPI document and the route table agree: every registered route is
// documented and every documented operation is registered.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	a, mux := newMux(&bytes.Buffer{})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
		Comps   struct {
			Schemas map[string]struct {
				Enum []string `json:"enum"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	registered := map[string]bool{}
	for _, rt := range a.Routes() {
		key := strings.ToLower(rt.Method) + " " + rt.Path
		registered[key] = true
		op, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("route %s %s is missing from openapi.json", rt.Method, rt.Path)
			continue
		}
		var o struct {
			Summary   string                     `json:"summary"`
			Responses map[string]json.RawMessage `json:"responses"`
		}
		if err := json.Unmarshal(op, &o); err != nil || o.Summary == "" || len(o.Responses) == 0 {
			t.Errorf("%s %s: an operation needs a summary and responses", rt.Method, rt.Path)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if m == "parameters" {
				continue
			}
			if !registered[m+" "+p] {
				t.Errorf("openapi.json documents %s %s, which is not registered", strings.ToUpper(m), p)
			}
		}
	}
	if enum := doc.Comps.Schemas["ErrorCode"].Enum; !slices.Equal(enum, piloto.Codes) {
		t.Errorf("ErrorCode enum %v, want %v", enum, piloto.Codes)
	}
}
