package llm

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"
)

// adapter is one provider's SDK behind the common behaviour of client.
type adapter interface {
	// stream makes one HTTP call: s.beat() for every chunk received, s.emit
	// for every event; an error from s.emit is returned as is.
	stream(ctx context.Context, req Request, s *sink) (*Response, error)
	// models lists model ids.
	models(ctx context.Context) ([]string, error)
	// apiError recognises an error the provider sent inside a stream.
	apiError(err error) (status int, d apiDetail, ok bool)
}

// sink carries events from an adapter to the caller.
type sink struct {
	fn      func(Event) error
	beat    func()
	emitted bool
	cbErr   error
}

func (s *sink) emit(ev Event) error {
	s.emitted = true
	if s.fn == nil {
		return nil
	}
	if err := s.fn(ev); err != nil {
		s.cbErr = err
		return err
	}
	return nil
}

var (
	errCallTimeout = errors.New("llm: call timeout")
	errIdleTimeout = errors.New("llm: idle timeout")
	// errCutShort is a stream that ended without saying it was done.
	errCutShort = errors.New("the stream ended before the answer was complete")
)

// client is a Provider: an adapter with timeouts, retries, classification of
// errors and logging.
type client struct {
	name    string
	service string
	key     string
	opts    Options
	log     *slog.Logger
	a       adapter
}

func (c *client) Name() string { return c.name }

func (c *client) Stream(ctx context.Context, req Request, fn func(Event) error) (*Response, error) {
	if req.Model == "" {
		req.Model = c.opts.Model
	}
	if req.Model == "" {
		return nil, errors.New("llm: no model named in the request or the options")
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var resp *Response
	start := time.Now()
	attempts, err := c.run(ctx, "stream", req.Model, true, fn, func(ctx context.Context, s *sink) error {
		var err error
		resp, err = c.a.stream(ctx, req, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	if resp.Model == "" {
		resp.Model = req.Model
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "llm call",
		slog.String("provider", c.name), slog.String("model", resp.Model), slog.Int("attempts", attempts),
		slog.Int("input_tokens", resp.Usage.InputTokens), slog.Int("output_tokens", resp.Usage.OutputTokens),
		slog.String("stop", resp.StopReason), slog.Int("tool_calls", len(resp.ToolCalls)),
		slog.Duration("duration", time.Since(start)))
	return resp, nil
}

func (c *client) Models(ctx context.Context) ([]string, error) {
	var ids []string
	_, err := c.run(ctx, "models", "", false, nil, func(ctx context.Context, _ *sink) error {
		var err error
		ids, err = c.a.models(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		ids[i] = strings.TrimPrefix(id, "models/")
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// run makes attempts of op until one succeeds, the error is not retryable,
// an event has reached the caller, or the attempts, the budget or the
// context run out.
func (c *client) run(ctx context.Context, op, model string, idle bool, fn func(Event) error, call func(context.Context, *sink) error) (attempts int, _ error) {
	start := time.Now()
	emitted := false
	for attempt := 1; ; attempt++ {
		s := &sink{fn: fn, beat: func() {}}
		t0 := time.Now()
		err := c.attempt(ctx, idle, s, call)
		emitted = emitted || s.emitted
		if err == nil {
			return attempt, nil
		}
		if s.cbErr != nil {
			return attempt, s.cbErr
		}
		e := c.classify(ctx, err, model)
		if ctx.Err() != nil {
			return attempt, e
		}
		wait := c.backoff(attempt, e.RetryAfter)
		retry := e.Retryable() && !emitted && attempt < c.opts.MaxAttempts &&
			e.RetryAfter <= c.opts.MaxRetryWait && time.Since(start)+wait <= c.opts.RetryBudget
		if d, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(d) {
			retry = false
		}
		attrs := []slog.Attr{
			slog.String("provider", c.name), slog.String("op", op), slog.String("model", model),
			slog.Int("attempt", attempt), slog.String("kind", e.Kind), slog.Int("status", e.Status),
			slog.String("code", e.Code), slog.String("detail", e.Message),
			slog.Duration("duration", time.Since(t0)),
		}
		if !retry {
			c.log.LogAttrs(ctx, slog.LevelWarn, "llm call failed", attrs...)
			return attempt, e
		}
		c.log.LogAttrs(ctx, slog.LevelInfo, "llm call failed; retrying", append(attrs, slog.Duration("wait", wait))...)
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return attempt, contextError(c.name, c.service, model, ctx.Err())
		}
	}
}

// attempt makes one call under the call timeout and, when idle is set, the
// idle timeout (to the first chunk and between chunks).
func (c *client) attempt(ctx context.Context, idle bool, s *sink, call func(context.Context, *sink) error) (err error) {
	x := &exchange{}
	actx, cancel := context.WithTimeoutCause(ctx, c.opts.Timeout, errCallTimeout)
	defer cancel()
	ictx, icancel := context.WithCancelCause(actx)
	defer icancel(nil)
	if idle {
		timer := time.AfterFunc(c.opts.IdleTimeout, func() { icancel(errIdleTimeout) })
		defer timer.Stop()
		s.beat = func() { timer.Reset(c.opts.IdleTimeout) }
	}
	err = call(context.WithValue(ictx, exchangeKey{}, x), s)
	if err != nil && s.cbErr == nil {
		return &attemptError{err: err, ctx: ictx, x: x}
	}
	return err
}

// attemptError carries what classify needs out of attempt.
type attemptError struct {
	err error
	ctx context.Context
	x   *exchange
}

func (e *attemptError) Error() string { return e.err.Error() }

// classify turns an attempt's failure into an *Error.
func (c *client) classify(ctx context.Context, err error, model string) *Error {
	if ctx.Err() != nil {
		return contextError(c.name, c.service, model, ctx.Err())
	}
	e := &Error{Provider: c.name, Service: c.service, Model: model}
	ae, ok := err.(*attemptError)
	if !ok {
		e.Kind, e.Message = KindBadRequest, sanitize(err.Error(), c.key)
		return e
	}
	switch context.Cause(ae.ctx) {
	case errIdleTimeout:
		e.Kind, e.Message, e.cause = KindTimeout, "no data for "+c.opts.IdleTimeout.String(), context.DeadlineExceeded
		return e
	case errCallTimeout:
		e.Kind, e.Message, e.cause = KindTimeout, "no complete answer within "+c.opts.Timeout.String(), context.DeadlineExceeded
		return e
	}
	status, header, body := ae.x.snapshot()
	var d apiDetail
	switch st, sd, isAPI := c.a.apiError(ae.err); {
	case status >= 400:
		d = parseErrorBody(body)
	case isAPI:
		d = sd
		if st < 400 {
			st = statusFromType(sd)
		}
		status = st
	case status == 0 && isBlocked(ae.err):
		// The outbound guard refused the destination (an organization's
		// base URL): nothing was sent, and trying again will not help.
		e.Kind, e.Message = KindBlocked, sanitize(ae.err.Error(), c.key)
		return e
	case status == 0 && !isNetwork(ae.err):
		// Nothing was sent: the request could not be built.
		e.Kind, e.Message = KindBadRequest, sanitize(ae.err.Error(), c.key)
		return e
	default:
		// The connection failed, or the stream broke or was malformed.
		e.Kind, e.Message = KindUnavailable, sanitize(ae.err.Error(), c.key)
		return e
	}
	e.Kind = kindOf(status, d)
	if model == "" && (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) {
		e.Kind = KindUnsupported // no model list at this base URL
	}
	e.Status = status
	e.Code = firstNonEmpty(append([]string{d.Code, d.Type}, append(d.Reasons, d.Status)...)...)
	e.Message = sanitize(d.Message, c.key)
	if e.Kind == KindRateLimited || e.Kind == KindUnavailable {
		e.RetryAfter = retryAfter(header, d, time.Now())
	}
	return e
}

// backoff is the wait before attempt+1: what the provider asked for, else
// RetryBase·2^(attempt-1) with jitter (a random value in its upper half),
// capped at MaxRetryWait.
func (c *client) backoff(attempt int, asked time.Duration) time.Duration {
	if asked > 0 {
		return asked
	}
	d := c.opts.RetryBase << (attempt - 1)
	if d <= 0 || d > c.opts.MaxRetryWait {
		d = c.opts.MaxRetryWait
	}
	return d/2 + rand.N(d/2+1)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
