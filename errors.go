// Package piloto holds the vocabulary every other package shares: the error
// type and its codes, IDs, the clock and the actor of a request. It imports no
// other package of this module, no SQL driver and no HTTP handler.
package piloto

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. This list is fixed and documented (README, ARCHITECTURE, the
// OpenAPI document); the HTTP status of each is decided in one place, the API's
// error mapper. Add a code only when a client must act differently on it.
const (
	EINVALID      = "invalid"                // the input is wrong; Fields says where
	EUNAUTHORIZED = "unauthorized"           // no valid session
	EFORBIDDEN    = "forbidden"              // signed in, but not allowed
	ECSRF         = "csrf_failed"            // a cross-site or token check failed
	ENOTFOUND     = "not_found"              // no such thing, or not in this organization
	EMETHOD       = "method_not_allowed"     // the path exists, the method does not
	ECONFLICT     = "conflict"               // the state changed under the request
	EORGCHANGED   = "organization_changed"   // the session is in another organization than the request says (X-Piloto-Org): reload
	ETOOLARGE     = "too_large"              // the body is over its cap
	EUNSUPPORTED  = "unsupported_media_type" // wrong Content-Type
	ERATELIMIT    = "rate_limited"           // too many requests; Retry-After says when
	EUNAVAILABLE  = "unavailable"            // a dependency is down; try again
	EINTERNAL     = "internal"               // a bug or an unexpected failure; details only in the log
)

// Codes lists every error code, in the order of the table above.
var Codes = []string{
	EINVALID, EUNAUTHORIZED, EFORBIDDEN, ECSRF, ENOTFOUND, EMETHOD, ECONFLICT, EORGCHANGED,
	ETOOLARGE, EUNSUPPORTED, ERATELIMIT, EUNAVAILABLE, EINTERNAL,
}

// Error is an error a user may see: its Message is safe to show, written for
// people. Any other error reaching the API is reported as EINTERNAL with a
// generic message, and logged.
type Error struct {
	Code    string
	Message string
	// Fields maps a request field (snake_case, as in the JSON) to what is
	// wrong with it. Only for EINVALID.
	Fields map[string]string
	// RetryAfter says when to try again. Only for ERATELIMIT.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	return fmt.Sprintf("piloto error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error with per-field messages.
func Invalid(message string, fields map[string]string) *Error {
	return &Error{Code: EINVALID, Message: message, Fields: fields}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil and
// EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic message for any other error.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "Internal error."
	}
}
