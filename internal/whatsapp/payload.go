package whatsapp

import (
	"strconv"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto/internal/inbox"
)

// envelope is a webhook notification as Meta sends it. Fields not listed
// are kept in the stored payload and ignored here.
type envelope struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      string `json:"id"` // the WABA
		Changes []struct {
			Field string `json:"field"`
			Value struct {
				Metadata struct {
					DisplayPhoneNumber string `json:"display_phone_number"`
					PhoneNumberID      string `json:"phone_number_id"`
				} `json:"metadata"`
				Contacts []struct {
					Profile struct {
						Name string `json:"name"`
					} `json:"profile"`
					WaID string `json:"wa_id"`
				} `json:"contacts"`
				Messages []wireMessage `json:"messages"`
				Statuses []wireStatus  `json:"statuses"`
			} `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

type wireMedia struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	Voice    bool   `json:"voice"`
}

type wireMessage struct {
	From      string `json:"from"`
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"`
	Text      struct {
		Body string `json:"body"`
	} `json:"text"`
	Image    *wireMedia `json:"image"`
	Audio    *wireMedia `json:"audio"`
	Video    *wireMedia `json:"video"`
	Document *wireMedia `json:"document"`
	Sticker  *wireMedia `json:"sticker"`
	Button   struct {
		Text string `json:"text"`
	} `json:"button"`
	Interactive struct {
		Type        string `json:"type"`
		ButtonReply struct {
			Title string `json:"title"`
		} `json:"button_reply"`
		ListReply struct {
			Title       string `json:"title"`
			Description string `json:"description"`
		} `json:"list_reply"`
	} `json:"interactive"`
	Reaction struct {
		Emoji string `json:"emoji"`
	} `json:"reaction"`
}

type wireStatus struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Timestamp   string `json:"timestamp"`
	RecipientID string `json:"recipient_id"`
	// BizOpaqueCallbackData is the tag we sent the message with: our
	// message id.
	BizOpaqueCallbackData string `json:"biz_opaque_callback_data"`
	Errors                []struct {
		Code      int    `json:"code"`
		Title     string `json:"title"`
		Message   string `json:"message"`
		ErrorData struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"errors"`
}

// unixTime reads Meta's timestamps (Unix seconds as a string); zero when
// it does not read.
func unixTime(s string) time.Time {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// message turns an inbound message into what the inbox stores: its text
// (a caption, a button's or list item's title), its media, and whether the
// agent can read it. ok is false for what is not a message of the lead
// (a reaction without emoji, an empty system notice).
func (w wireMessage) message() (m inbox.Message, ok bool) {
	m = inbox.Message{Author: inbox.AuthorLead, ProviderMessageID: w.ID, Status: inbox.MessageReceived}
	media := func(x *wireMedia) {
		if x != nil {
			m.MediaRef, m.MediaType, m.Text = x.ID, x.MimeType, strings.TrimSpace(x.Caption)
		}
	}
	switch w.Type {
	case "text":
		m.Text = w.Text.Body
	case "button":
		m.Text = w.Button.Text
	case "interactive":
		m.Text = w.Interactive.ButtonReply.Title
		if w.Interactive.Type == "list_reply" {
			m.Text = strings.TrimSpace(w.Interactive.ListReply.Title + " " + w.Interactive.ListReply.Description)
		}
	case "reaction":
		if w.Reaction.Emoji == "" {
			return m, false // a reaction removed
		}
		m.Text = w.Reaction.Emoji
	case "image":
		media(w.Image)
		m.Unsupported = true
	case "audio":
		media(w.Audio)
		m.Unsupported = true
	case "video":
		media(w.Video)
		m.Unsupported = true
	case "document":
		media(w.Document)
		m.Unsupported = true
	case "sticker":
		media(w.Sticker)
		m.Unsupported = true
	default: // location, contacts, order, system, unsupported…
		m.Unsupported = true
	}
	if m.Unsupported && m.MediaRef == "" && m.Text == "" {
		m.MediaType = "whatsapp/" + w.Type // stored with its kind, so the inbox can say what it was
		if w.Type == "" {
			m.MediaType = "whatsapp/unsupported"
		}
	}
	if m.MediaType == "" && m.MediaRef != "" {
		m.MediaType = "application/octet-stream"
	}
	if m.Text == "" && m.MediaRef == "" && !m.Unsupported {
		return m, false
	}
	return m, w.ID != ""
}

// Inbound is one lead message to store, routed to its channel.
type Inbound struct {
	Route   Route
	Contact inbox.Contact // WaID is the ContactKey; Name from the profile
	Message inbox.Message
	// Ids of what the store may make; set by Ingest.
	ContactID, LeadID, ConversationID string
}

// StatusUpdate is a delivery status of a message the organization sent.
type StatusUpdate struct {
	OrganizationID    string
	ProviderMessageID string
	Status            inbox.MessageStatus
	At                time.Time
	Error             string // for failed: "131047 Re-engagement message: …"
	// Tag is the message's own id we sent it with (biz_opaque_callback_data):
	// it finds a message whose send was cut off before its wamid was stored.
	Tag string
}

// Batch is what one webhook POST stores, in one transaction.
type Batch struct {
	WebhookID  string
	ChannelID  string // the own-app endpoint's channel, "" for the shared one
	Body       []byte
	ReceivedAt time.Time
	Messages   []Inbound
	Statuses   []StatusUpdate
	// Touched are the channels that got entries (their last webhook time).
	Touched []string
	// Unrouted counts entries per phone number id no proven channel has;
	// Dropped counts entries the own-app endpoint's channel got for
	// another number.
	Unrouted map[string]int
	Dropped  int
}

// Stored is what the store did with one Inbound.
type Stored struct {
	Added          bool // false: a redelivery, stored already
	ConversationID string
	MessageID      string
}
