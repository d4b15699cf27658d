package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultGraphURL is Meta's Graph API with the version we speak.
const DefaultGraphURL = "https://graph.facebook.com/v23.0"

// Graph calls Meta's Graph API at BaseURL (DefaultGraphURL; a local fake in
// tests). It is safe for concurrent use.
type Graph struct {
	BaseURL string
	Client  *http.Client // nil: a client with a 15 s timeout
}

// Graph error codes that change what we do.
const (
	CodeTokenInvalid = 190 // the access token expired or was revoked
	CodeNoAccess     = 100 // the object does not exist or the token cannot see it
)

// GraphError is a failure the Graph API reported, or a failure to reach
// it (Code 0, Status 0).
type GraphError struct {
	Status  int    // HTTP status
	Code    int    // Meta's error code
	Subcode int    // Meta's error_subcode
	Message string // Meta's message, for logs
	Trace   string // fbtrace_id, for Meta's support
	cause   error
}

func (e *GraphError) Error() string {
	if e.cause != nil {
		return "whatsapp: graph api: " + e.cause.Error()
	}
	return fmt.Sprintf("whatsapp: graph api: status %d, code %d/%d: %s (fbtrace_id %s)", e.Status, e.Code, e.Subcode, e.Message, e.Trace)
}

func (e *GraphError) Unwrap() error { return e.cause }

// UserMessage says in pt-BR what went wrong, for the channel page.
func (e *GraphError) UserMessage() string {
	switch {
	case e.Code == CodeTokenInvalid:
		return "A Meta recusou o token de acesso: ele expirou ou foi revogado. Gere um token novo (de preferência de um usuário do sistema) e salve-o no canal."
	case e.Code == CodeNoAccess:
		return "O token não dá acesso a este número. Confira o ID do número de telefone e se o token é da conta do WhatsApp Business que tem o número."
	case e.cause != nil:
		return "Não foi possível falar com a API da Meta agora. Tente de novo em instantes."
	case e.Status == http.StatusTooManyRequests || e.Code == 4 || e.Code == 80007:
		return "A Meta limitou as chamadas desta conta por alguns instantes. Tente de novo daqui a pouco."
	}
	return fmt.Sprintf("A Meta recusou o pedido (código %d). Confira os dados do canal.", e.Code)
}

// NumberInfo is what the Graph API says of a phone number.
type NumberInfo struct {
	ID                 string `json:"id"`
	DisplayPhoneNumber string `json:"display_phone_number"`
	VerifiedName       string `json:"verified_name"`
	QualityRating      string `json:"quality_rating"`
}

// Number reads a phone number with a token: it proves the token reaches
// the number. A *GraphError when Meta refuses.
func (g *Graph) Number(ctx context.Context, phoneNumberID, token string) (*NumberInfo, error) {
	u := strings.TrimRight(g.BaseURL, "/") + "/" + url.PathEscape(phoneNumberID) +
		"?fields=id,display_phone_number,verified_name,quality_rating"
	var info NumberInfo
	if err := g.call(ctx, http.MethodGet, u, token, nil, &info); err != nil {
		return nil, err
	}
	return &info, nil
}

func (g *Graph) call(ctx context.Context, method, u, token string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := g.Client
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return &GraphError{cause: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return &GraphError{Status: resp.StatusCode, cause: err}
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error struct {
				Message   string `json:"message"`
				Code      int    `json:"code"`
				Subcode   int    `json:"error_subcode"`
				FBTraceID string `json:"fbtrace_id"`
			} `json:"error"`
		}
		if json.Unmarshal(b, &e) != nil || e.Error.Code == 0 {
			return &GraphError{Status: resp.StatusCode, cause: errors.New(resp.Status)}
		}
		return &GraphError{Status: resp.StatusCode, Code: e.Error.Code, Subcode: e.Error.Subcode, Message: e.Error.Message, Trace: e.Error.FBTraceID}
	}
	if err := json.Unmarshal(b, out); err != nil {
		return &GraphError{Status: resp.StatusCode, cause: fmt.Errorf("reading the answer: %w", err)}
	}
	return nil
}

// Sent is what the Graph API answers to an accepted message: accepted,
// not delivered.
type Sent struct {
	MessageID string // the wamid
	WaID      string // who Meta keyed it to (a Brazilian number may gain its ninth digit)
}

// SendText sends a free-form text message to waID (digits) from the
// number, tagged with tag (biz_opaque_callback_data, echoed by its status
// webhooks). A *GraphError when Meta refuses.
func (g *Graph) SendText(ctx context.Context, phoneNumberID, token, waID, body, tag string) (*Sent, error) {
	req := map[string]any{
		"messaging_product": "whatsapp", "recipient_type": "individual", "to": "+" + waID, "type": "text",
		"text": map[string]any{"body": body, "preview_url": false},
	}
	if tag != "" {
		req["biz_opaque_callback_data"] = tag
	}
	var resp struct {
		Contacts []struct {
			WaID string `json:"wa_id"`
		} `json:"contacts"`
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	if err := g.post(ctx, phoneNumberID, token, req, &resp); err != nil {
		return nil, err
	}
	if len(resp.Messages) == 0 || resp.Messages[0].ID == "" {
		return nil, &GraphError{Status: http.StatusOK, cause: errors.New("the answer carries no message id")}
	}
	s := &Sent{MessageID: resp.Messages[0].ID}
	if len(resp.Contacts) > 0 {
		s.WaID = resp.Contacts[0].WaID
	}
	return s, nil
}

// MarkRead marks a lead's message read and shows the typing indicator
// (it clears when the reply arrives, or after 25 s).
func (g *Graph) MarkRead(ctx context.Context, phoneNumberID, token, wamid string) error {
	var resp struct {
		Success bool `json:"success"`
	}
	return g.post(ctx, phoneNumberID, token, map[string]any{
		"messaging_product": "whatsapp", "status": "read", "message_id": wamid,
		"typing_indicator": map[string]string{"type": "text"},
	}, &resp)
}

func (g *Graph) post(ctx context.Context, phoneNumberID, token string, body any, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	u := strings.TrimRight(g.BaseURL, "/") + "/" + url.PathEscape(phoneNumberID) + "/messages"
	return g.call(ctx, http.MethodPost, u, token, bytes.NewReader(b), out)
}
