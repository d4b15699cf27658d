package graphtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Send is a message the fake accepted: POST /{version}/{phone-number-id}/messages.
type Send struct {
	PhoneNumberID string
	To            string // as sent ("+5562…")
	Text          string
	CallbackData  string // biz_opaque_callback_data
	MessageID     string // the wamid it answered
	At            time.Time
}

// Read is a mark-as-read the fake took (with or without the typing
// indicator).
type Read struct {
	PhoneNumberID string
	MessageID     string
	Typing        bool
	At            time.Time
}

// SendError is a refusal the next send gets, in Meta's shape.
type SendError struct {
	Status  int // HTTP status; 0 is 400 (429 for the rate-limit codes)
	Code    int
	Message string
}

// Statuses makes the fake report what happens to each accepted message the
// way Meta does: it posts signed status webhooks (each of Statuses, in
// order, after Delay; "sent", "delivered" by default) to URL, echoing the
// message's biz_opaque_callback_data.
type Statuses struct {
	URL      string // our webhook endpoint
	Secret   string // the app secret that signs them
	Statuses []string
	Delay    time.Duration
}

// ReportStatuses turns status webhooks on (nil: off).
func (s *Server) ReportStatuses(st *Statuses) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses = st
}

// FailSends queues refusals for the next sends, in order.
func (s *Server) FailSends(errs ...SendError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sendErrs = append(s.sendErrs, errs...)
}

// Sends returns the messages accepted, in order.
func (s *Server) Sends() []Send {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sends)
}

// Reads returns the mark-as-read calls, in order.
func (s *Server) Reads() []Read {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reads)
}

// answerMessages answers POST /{version}/{id}/messages. Called with s.mu
// held.
func (s *Server) answerMessages(id, tok string, body []byte) (int, any) {
	owner, known := s.owner(tok)
	if !known || s.expired[tok] {
		return http.StatusUnauthorized, s.graphError("Error validating access token: Session has expired.", "OAuthException", 190, 463)
	}
	if !slices.Contains(owner, id) {
		return http.StatusBadRequest, s.graphError(fmt.Sprintf("Unsupported post request. Object with ID '%s' does not exist.", id),
			"GraphMethodException", 100, 33)
	}
	var req struct {
		MessagingProduct string `json:"messaging_product"`
		To               string `json:"to"`
		Type             string `json:"type"`
		Text             struct {
			Body string `json:"body"`
		} `json:"text"`
		Status          string `json:"status"`
		MessageID       string `json:"message_id"`
		TypingIndicator *struct {
			Type string `json:"type"`
		} `json:"typing_indicator"`
		CallbackData string `json:"biz_opaque_callback_data"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.MessagingProduct != "whatsapp" {
		return http.StatusBadRequest, s.graphError("(#100) The parameter messaging_product is required.", "OAuthException", 100, 0)
	}
	if req.Status == "read" {
		s.reads = append(s.reads, Read{PhoneNumberID: id, MessageID: req.MessageID, Typing: req.TypingIndicator != nil, At: time.Now()})
		return http.StatusOK, map[string]any{"success": true}
	}
	if len(s.sendErrs) > 0 {
		e := s.sendErrs[0]
		s.sendErrs = s.sendErrs[1:]
		status := e.Status
		if status == 0 {
			status = http.StatusBadRequest
			if e.Code == 130429 || e.Code == 131056 || e.Code == 80007 || e.Code == 4 {
				status = http.StatusTooManyRequests
			}
		}
		return status, s.graphError(cmpOr(e.Message, fmt.Sprintf("(#%d) error", e.Code)), "OAuthException", e.Code, 0)
	}
	if req.Type != "text" || strings.TrimSpace(req.Text.Body) == "" {
		return http.StatusBadRequest, s.graphError("(#100) Param text['body'] is required.", "OAuthException", 100, 0)
	}
	s.sent++
	wamid := fmt.Sprintf("wamid.fake%06d", s.sent)
	send := Send{PhoneNumberID: id, To: req.To, Text: req.Text.Body, CallbackData: req.CallbackData, MessageID: wamid, At: time.Now()}
	s.sends = append(s.sends, send)
	if st := s.statuses; st != nil {
		go s.report(*st, send)
	}
	waID := strings.TrimPrefix(req.To, "+")
	return http.StatusOK, map[string]any{"messaging_product": "whatsapp",
		"contacts": []map[string]string{{"input": req.To, "wa_id": waID}},
		"messages": []map[string]string{{"id": wamid}}}
}

// report posts the statuses of an accepted message.
func (s *Server) report(st Statuses, send Send) {
	statuses := st.Statuses
	if statuses == nil {
		statuses = []string{"sent", "delivered"}
	}
	for _, status := range statuses {
		time.Sleep(st.Delay)
		body := Envelope(Entry{Changes: []Change{{PhoneNumberID: send.PhoneNumberID, Statuses: []Status{{ID: send.MessageID,
			Status: status, Timestamp: time.Now(), RecipientID: strings.TrimPrefix(send.To, "+"), CallbackData: send.CallbackData}}}}})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		resp, err := PostWebhook(ctx, st.URL, st.Secret, body)
		cancel()
		if err == nil {
			resp.Body.Close()
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
