package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/llm"
)

// statusOf maps each error code to its HTTP status: the one place that does.
var statusOf = map[string]int{
	piloto.EINVALID:      http.StatusBadRequest,
	piloto.EUNAUTHORIZED: http.StatusUnauthorized,
	piloto.EFORBIDDEN:    http.StatusForbidden,
	piloto.ECSRF:         http.StatusForbidden,
	piloto.ENOTFOUND:     http.StatusNotFound,
	piloto.EMETHOD:       http.StatusMethodNotAllowed,
	piloto.ECONFLICT:     http.StatusConflict,
	piloto.EORGCHANGED:   http.StatusConflict,
	piloto.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	piloto.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	piloto.ERATELIMIT:    http.StatusTooManyRequests,
	piloto.EUNAVAILABLE:  http.StatusServiceUnavailable,
	piloto.EINTERNAL:     http.StatusInternalServerError,
}

// StatusOf returns the HTTP status for an error code.
func StatusOf(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong, for people (message) and programs (code,
// fields).
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// WriteError writes err as JSON with its status. A *piloto.Error is shown as
// it is; anything else is logged with the request id and shown as a generic
// internal error, so no detail of the system leaks. A client that went away
// gets nothing.
func WriteError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return
	}
	status, body, retryAfter := errorBody(r, logger, err)
	if retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((retryAfter+time.Second-1)/time.Second)))
	}
	WriteJSON(w, status, body)
}

// errorBody is what WriteError writes for err (and a stream's error event
// carries): its status, its body and the wait it asks for. Internal errors
// are logged here.
func errorBody(r *http.Request, logger *slog.Logger, err error) (int, ErrorBody, time.Duration) {
	err = fromLLM(err)
	code := piloto.ErrorCode(err)
	detail := ErrorDetail{Code: code, Message: piloto.ErrorMessage(err)}
	var retryAfter time.Duration
	var e *piloto.Error
	if errors.As(err, &e) {
		detail.Fields = e.Fields
		retryAfter = e.RetryAfter
	} else {
		detail.Message = "Algo deu errado do nosso lado. Tente de novo em instantes."
		logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path,
			"request_id", piloto.RequestID(r.Context()), "err", err)
	}
	return StatusOf(code), ErrorBody{Error: detail}, retryAfter
}

// fromLLM turns a failed call to an LLM provider (an *llm.Error) into what
// people see: its Portuguese message, as rate_limited (with the wait the
// provider asked for) or unavailable. Its details go to the log. Other
// errors pass unchanged.
func fromLLM(err error) error {
	var pe *piloto.Error
	var le *llm.Error
	if errors.As(err, &pe) || !errors.As(err, &le) {
		return err
	}
	if le.Kind == llm.KindCanceled {
		return err
	}
	if le.Kind == llm.KindRateLimited {
		return &piloto.Error{Code: piloto.ERATELIMIT, Message: le.UserMessage(), RetryAfter: le.RetryAfter}
	}
	return &piloto.Error{Code: piloto.EUNAVAILABLE, Message: le.UserMessage()}
}
