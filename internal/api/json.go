package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/pilotodevendas/piloto"
)

// maxJSONBody caps a JSON request body; uploads have their own limit.
const maxJSONBody = 1 << 20

// List is the shape of every list response: a page of items and the cursor
// of the next page ("" on the last page).
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// MarshalJSON writes an empty page as "items": [], never null.
func (l List[T]) MarshalJSON() ([]byte, error) {
	type plain List[T]
	if l.Items == nil {
		l.Items = []T{}
	}
	return json.Marshal(plain(l))
}

// WriteJSON writes v as JSON with the status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// DecodeJSON reads a JSON request body into v. It refuses a body that is not
// application/json (EUNSUPPORTED), over maxJSONBody (ETOOLARGE), with unknown
// fields, trailing data or values of the wrong type (EINVALID, naming the
// field when it can).
func DecodeJSON(r *http.Request, v any) error { return DecodeJSONLimit(r, v, maxJSONBody) }

// DecodeJSONLimit is DecodeJSON with a smaller cap of limit bytes, for routes
// whose bodies are small and whose work is expensive (passwords).
func DecodeJSONLimit(r *http.Request, v any, limit int64) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return piloto.Errorf(piloto.EUNSUPPORTED, "Envie o corpo como JSON (Content-Type: application/json).")
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, limit)
	}
	if dec.More() {
		return piloto.Errorf(piloto.EINVALID, "O corpo deve conter um único objeto JSON.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return piloto.Errorf(piloto.EINVALID, "O corpo deve conter um único objeto JSON.")
	}
	return nil
}

func decodeError(err error, limit int64) error {
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &tooLarge):
		return piloto.Errorf(piloto.ETOOLARGE, "O corpo da requisição passa de %d KiB.", limit>>10)
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return piloto.Invalid("Há um campo com tipo errado.", map[string]string{typeErr.Field: fmt.Sprintf("deve ser %s", typeErr.Type)})
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return piloto.Errorf(piloto.EINVALID, "O corpo não é um JSON válido.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return piloto.Invalid("Há um campo desconhecido.", map[string]string{field: "campo desconhecido"})
	default:
		return piloto.Errorf(piloto.EINVALID, "O corpo não é um JSON válido.")
	}
}
