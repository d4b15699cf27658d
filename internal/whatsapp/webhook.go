package whatsapp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/secrets"
	"github.com/riverqueue/river"
)

// MaxWebhookBody is the largest notification accepted: Meta's are up to
// about 3 MB. A larger body is refused (413) after reading at most this
// much of it.
const MaxWebhookBody = 3 << 20

// IngestStore is what the webhooks need of the database (store.DB).
type IngestStore interface {
	// WhatsAppRoute returns the proven channel of a phone number id;
	// ENOTFOUND when none proved it.
	WhatsAppRoute(ctx context.Context, phoneNumberID string) (*Route, error)
	// WhatsAppChannelForWebhook returns a channel by id alone; ENOTFOUND.
	WhatsAppChannelForWebhook(ctx context.Context, id string) (*Channel, error)
	// IngestWhatsApp stores a batch in one transaction, calling enqueue in
	// it for each conversation that got a new message.
	IngestWhatsApp(ctx context.Context, b *Batch, enqueue func(tx *sql.Tx, orgID, conversationID string) error) ([]Stored, error)
}

// Jobs enqueues inside a transaction (jobs.Client).
type Jobs interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (int64, error)
}

// Webhooks serves Meta's notifications: GET verifies the endpoint, POST
// brings messages and statuses. Shared is /webhooks/whatsapp (the
// platform's Meta app); Own is /webhooks/whatsapp/{channelID} (a tenant's
// app). It is safe for concurrent use.
type Webhooks struct {
	Store IngestStore
	Jobs  Jobs
	Box   *secrets.Box
	Clock piloto.Clock
	// AppSecret and VerifyToken are the platform app's
	// (PILOTO_WHATSAPP_APP_SECRET, PILOTO_WHATSAPP_VERIFY_TOKEN); without
	// them the shared endpoint refuses everything.
	AppSecret   string
	VerifyToken string
	Logger      *slog.Logger
}

func (h *Webhooks) logger() *slog.Logger {
	if h.Logger == nil {
		return slog.Default()
	}
	return h.Logger
}

// Register adds the webhook routes to mux.
func (h *Webhooks) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /webhooks/whatsapp", h.verifyShared)
	mux.HandleFunc("POST /webhooks/whatsapp", h.postShared)
	mux.HandleFunc("GET /webhooks/whatsapp/{channel}", h.verifyOwn)
	mux.HandleFunc("POST /webhooks/whatsapp/{channel}", h.postOwn)
}

// verify answers Meta's subscription check: exactly the challenge as
// text/plain when the token matches, 403 otherwise.
func verify(w http.ResponseWriter, r *http.Request, token string) {
	q := r.URL.Query()
	if token == "" || q.Get("hub.mode") != "subscribe" ||
		subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), []byte(token)) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, q.Get("hub.challenge"))
}

func (h *Webhooks) verifyShared(w http.ResponseWriter, r *http.Request) {
	verify(w, r, h.VerifyToken)
}

func (h *Webhooks) verifyOwn(w http.ResponseWriter, r *http.Request) {
	c, err := h.Store.WhatsAppChannelForWebhook(r.Context(), r.PathValue("channel"))
	if err != nil || !c.OwnApp() {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	token, err := h.Box.Open(c.VerifyToken, VerifyTokenAAD(c.ID))
	if err != nil {
		h.logger().Error("a channel's verify token does not open", "channel_id", c.ID, "err", err)
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	verify(w, r, token)
}

// ValidSignature reports whether header (X-Hub-Signature-256) is
// "sha256=" and the hex HMAC-SHA256 of body under secret, compared in
// constant time.
func ValidSignature(secret string, body []byte, header string) bool {
	hexSum, ok := strings.CutPrefix(header, "sha256=")
	if !ok || secret == "" {
		return false
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// readBody reads at most MaxWebhookBody bytes; false (after answering
// 413) when the body is larger.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.ContentLength > MaxWebhookBody {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "payload too large")
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWebhookBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "payload too large")
		return nil, false
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid", "could not read the body")
		return nil, false
	}
	return body, true
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": message}})
}

func (h *Webhooks) postShared(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	if !ValidSignature(h.AppSecret, body, r.Header.Get("X-Hub-Signature-256")) {
		writeError(w, http.StatusUnauthorized, "unauthorized", "invalid signature")
		return
	}
	h.ingest(w, r, body, nil)
}

func (h *Webhooks) postOwn(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	c, err := h.Store.WhatsAppChannelForWebhook(r.Context(), r.PathValue("channel"))
	if piloto.ErrorCode(err) == piloto.ENOTFOUND || err == nil && !c.OwnApp() {
		writeError(w, http.StatusUnauthorized, "unauthorized", "invalid signature")
		return
	}
	if err != nil {
		h.logger().Error("whatsapp webhook: reading the channel failed", "err", err)
		writeError(w, http.StatusServiceUnavailable, "unavailable", "try again")
		return
	}
	secret, err := h.Box.Open(c.AppSecret, AppSecretAAD(c.ID))
	if err != nil {
		h.logger().Error("a channel's app secret does not open", "channel_id", c.ID, "err", err)
	}
	if err != nil || !ValidSignature(secret, body, r.Header.Get("X-Hub-Signature-256")) {
		writeError(w, http.StatusUnauthorized, "unauthorized", "invalid signature")
		return
	}
	h.ingest(w, r, body, c)
}

// ingest routes and stores a verified notification, then answers 200; a
// failure to store answers 503 so that Meta delivers it again. own is the
// own-app endpoint's channel (nil for the shared endpoint): it accepts only
// entries for its own number.
func (h *Webhooks) ingest(w http.ResponseWriter, r *http.Request, body []byte, own *Channel) {
	ctx := r.Context()
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		writeError(w, http.StatusBadRequest, "invalid", "the body is not a WhatsApp notification")
		return
	}
	now := h.Clock.Now()
	b := &Batch{WebhookID: piloto.NewID(), Body: body, ReceivedAt: now, Unrouted: map[string]int{}}
	if own != nil {
		b.ChannelID = own.ID
	}
	routes := map[string]*Route{}
	touched := map[string]bool{}
	for _, entry := range env.Entry {
		for _, change := range entry.Changes {
			if change.Field != "messages" {
				continue
			}
			v := change.Value
			number := v.Metadata.PhoneNumberID
			route, err := h.route(ctx, number, own, routes)
			if err != nil {
				h.logger().ErrorContext(ctx, "whatsapp webhook: routing failed", "err", err)
				writeError(w, http.StatusServiceUnavailable, "unavailable", "try again")
				return
			}
			if route == nil {
				if own != nil {
					b.Dropped++
				} else {
					b.Unrouted[number]++
				}
				continue
			}
			if !touched[route.ChannelID] {
				touched[route.ChannelID] = true
				b.Touched = append(b.Touched, route.ChannelID)
			}
			names := map[string]string{}
			for _, c := range v.Contacts {
				names[ContactKey(c.WaID)] = strings.TrimSpace(c.Profile.Name)
			}
			for _, wm := range v.Messages {
				m, ok := wm.message()
				if !ok {
					continue
				}
				key := ContactKey(wm.From)
				if key == "" {
					continue
				}
				m.ID, m.OrganizationID, m.Direction, m.CreatedAt = piloto.NewID(), route.OrganizationID, inbox.DirectionIn, now
				b.Messages = append(b.Messages, Inbound{Route: *route, Message: m,
					Contact:   inbox.Contact{WaID: key, Phone: "+" + key, Name: names[key]},
					ContactID: piloto.NewID(), LeadID: piloto.NewID(), ConversationID: piloto.NewID()})
			}
			for _, st := range v.Statuses {
				if s, ok := statusUpdate(st, route.OrganizationID, now); ok {
					b.Statuses = append(b.Statuses, s)
				}
			}
		}
	}
	stored, err := h.Store.IngestWhatsApp(ctx, b, h.enqueue(ctx))
	if err != nil {
		h.logger().ErrorContext(ctx, "whatsapp webhook: storing failed; Meta will deliver it again", "err", err)
		writeError(w, http.StatusServiceUnavailable, "unavailable", "try again")
		return
	}
	added := 0
	for _, s := range stored {
		if s.Added {
			added++
		}
	}
	unrouted := 0
	for _, n := range b.Unrouted {
		unrouted += n
	}
	if unrouted > 0 || b.Dropped > 0 {
		h.logger().WarnContext(ctx, "whatsapp webhook: entries dropped", "unrouted", unrouted, "dropped_own_endpoint", b.Dropped,
			"channel_id", b.ChannelID)
	}
	h.logger().DebugContext(ctx, "whatsapp webhook stored", "messages", len(b.Messages), "added", added, "statuses", len(b.Statuses))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, "ok")
}

// route finds where entries for number go: for the own-app endpoint its
// channel, when proven and of that number; for the shared endpoint the
// proven channel of the number that does not use its own app. nil when
// none (dropped).
func (h *Webhooks) route(ctx context.Context, number string, own *Channel, cache map[string]*Route) (*Route, error) {
	if number == "" {
		return nil, nil
	}
	if own != nil {
		if number != own.PhoneNumberID || own.ProvenAt == nil {
			return nil, nil
		}
		return &Route{OrganizationID: own.OrganizationID, ChannelID: own.ID, AgentID: own.AgentID, Enabled: own.Enabled, OwnApp: true}, nil
	}
	if r, ok := cache[number]; ok {
		return r, nil
	}
	r, err := h.Store.WhatsAppRoute(ctx, number)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		r, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	if r != nil && r.OwnApp {
		r = nil // its notifications come signed by its own app, to its own endpoint
	}
	cache[number] = r
	return r, nil
}

// statusUpdate reads a status notification; ok is false for a status we
// do not track.
func statusUpdate(st wireStatus, orgID string, now time.Time) (StatusUpdate, bool) {
	s := StatusUpdate{OrganizationID: orgID, ProviderMessageID: st.ID, At: unixTime(st.Timestamp), Tag: st.BizOpaqueCallbackData}
	if s.At.IsZero() {
		s.At = now
	}
	switch st.Status {
	case "sent", "delivered", "read", "failed":
		s.Status = inbox.MessageStatus(st.Status)
	case "played": // a voice note listened to: read, as far as the inbox shows
		s.Status = inbox.MessageRead
	default:
		return s, false
	}
	if st.Status == "failed" {
		var parts []string
		for _, e := range st.Errors {
			msg := e.Title
			if e.ErrorData.Details != "" {
				msg += ": " + e.ErrorData.Details
			} else if e.Message != "" && e.Message != e.Title {
				msg += ": " + e.Message
			}
			parts = append(parts, strings.TrimSpace(strconv.Itoa(e.Code)+" "+msg))
		}
		s.Error = strings.Join(parts, "; ")
		if s.Error == "" {
			s.Error = "falhou sem código"
		}
	}
	return s, st.ID != ""
}
