package graphtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// DefaultWABAID is the WhatsApp Business Account id TextMessage puts in
// its entry.
const DefaultWABAID = "102290129340398"

// Entry is one entry of a notification: a WhatsApp Business Account and its
// changes.
type Entry struct {
	WABAID  string // entry.id
	Changes []Change
}

// Change is one change of an entry: what happened on one phone number.
type Change struct {
	Field         string // "" is "messages"
	PhoneNumberID string // value.metadata.phone_number_id
	Display       string // value.metadata.display_phone_number
	Contacts      []Contact
	Messages      []Message
	Statuses      []Status
}

// Contact is the sender's profile (value.contacts[]).
type Contact struct {
	WaID string
	Name string
}

// Message is an inbound message (value.messages[]). Type may be left empty
// when exactly one of the content fields is set: it is then the type of that
// field ("text" for Text). Raw, when set, is written instead of every other
// field (compacted), for shapes the fields cannot say.
type Message struct {
	From        string
	ID          string // wamid
	Timestamp   time.Time
	Type        string
	Text        string
	Image       *Media
	Audio       *Media // voice notes have Voice set
	Video       *Media
	Document    *Media
	Sticker     *Media
	Location    *Location
	Interactive *Interactive
	Button      *Button
	Reaction    *Reaction
	Context     *Context  // the message this one answers or forwards
	Referral    *Referral // a click-to-WhatsApp ad
	Errors      []StatusError
	Raw         json.RawMessage
}

// Media is the media of an image, audio, video, document or sticker.
type Media struct {
	ID       string
	MimeType string
	SHA256   string
	Caption  string // image, video, document
	Filename string // document
	Voice    bool   // audio: a voice note (audio.voice is always written for audio)
	Animated bool   // sticker
}

// Location is a shared location.
type Location struct {
	Latitude, Longitude float64
	Name, Address       string
}

// Interactive is the answer to an interactive message: Type "button_reply"
// (ID, Title) or "list_reply" (ID, Title, Description).
type Interactive struct {
	Type        string
	ID          string
	Title       string
	Description string
}

// Button is the answer to a template's quick-reply button.
type Button struct {
	Payload string
	Text    string
}

// Reaction is an emoji reaction to a message ("" Emoji removes it).
type Reaction struct {
	MessageID string
	Emoji     string
}

// Context is the message a message replies to.
type Context struct {
	From string
	ID   string
}

// Referral is the ad a message came from.
type Referral struct {
	SourceURL  string
	SourceID   string
	SourceType string // "ad" or "post"
	Headline   string
	Body       string
	MediaType  string
	ImageURL   string
	CtwaClid   string
}

// Status is a status update of a message we sent (value.statuses[]).
type Status struct {
	ID          string // wamid of our message
	Status      string // sent, delivered, read, failed, played
	Timestamp   time.Time
	RecipientID string
	Pricing     *Pricing
	Errors      []StatusError
	// CallbackData is the biz_opaque_callback_data the message was sent
	// with, echoed by Meta.
	CallbackData string
}

// Pricing is a status's pricing block.
type Pricing struct {
	Billable     bool
	PricingModel string // "CBP", "PMP"
	Category     string // "service", "marketing", "utility", "authentication"
}

// StatusError is an error of a failed status or an unsupported message.
type StatusError struct {
	Code    int
	Title   string
	Message string
	Details string // error_data.details
}

// TextMessage is a notification of one text message from waID (named name)
// to the phone number, as Meta posts it.
func TextMessage(phoneNumberID, displayNumber, waID, name, wamid, text string, at time.Time) []byte {
	return Envelope(Entry{WABAID: DefaultWABAID, Changes: []Change{{
		PhoneNumberID: phoneNumberID,
		Display:       displayNumber,
		Contacts:      []Contact{{WaID: waID, Name: name}},
		Messages:      []Message{{From: waID, ID: wamid, Timestamp: at, Type: "text", Text: text}},
	}}})
}

// Envelope is a webhook notification with Meta's exact field names:
// {"object":"whatsapp_business_account","entry":[…]}. Text is written as
// UTF-8 (accents and emoji are not \u-escaped; neither are <, > and &), so
// a signature over these bytes differs from one over a re-serialised body.
// EscapeNonASCII gives the escaped form. It panics on a Message.Raw that is
// not JSON.
func Envelope(entries ...Entry) []byte {
	env := wireEnvelope{Object: "whatsapp_business_account", Entry: []wireEntry{}}
	for _, e := range entries {
		we := wireEntry{ID: e.WABAID, Changes: []wireChange{}}
		for _, c := range e.Changes {
			v := wireValue{MessagingProduct: "whatsapp", Metadata: wireMetadata{Display: c.Display, PhoneNumberID: c.PhoneNumberID}}
			for _, ct := range c.Contacts {
				v.Contacts = append(v.Contacts, wireContact{Profile: wireProfile{Name: ct.Name}, WaID: ct.WaID})
			}
			for _, m := range c.Messages {
				v.Messages = append(v.Messages, m.wire())
			}
			for _, s := range c.Statuses {
				v.Statuses = append(v.Statuses, s.wire())
			}
			field := c.Field
			if field == "" {
				field = "messages"
			}
			we.Changes = append(we.Changes, wireChange{Value: v, Field: field})
		}
		env.Entry = append(env.Entry, we)
	}
	b, err := marshal(env)
	if err != nil {
		panic(fmt.Sprintf("graphtest: Envelope: %v", err))
	}
	return b
}

// EscapeNonASCII rewrites every non-ASCII character of a JSON body as a
// \uXXXX escape (surrogate pairs beyond the BMP), as some of Meta's
// deliveries are written. The JSON means the same; the bytes, and so the
// signature, differ.
func EscapeNonASCII(body []byte) []byte {
	var b bytes.Buffer
	for len(body) > 0 {
		r, n := utf8.DecodeRune(body)
		switch {
		case r < utf8.RuneSelf:
			b.WriteByte(body[0])
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		body = body[n:]
	}
	return b.Bytes()
}

// marshal writes v as compact JSON without HTML escaping and without the
// encoder's trailing newline.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func (m Message) wire() any {
	if m.Raw != nil {
		return m.Raw
	}
	w := wireMessage{From: m.From, ID: m.ID, Timestamp: unix(m.Timestamp), Type: m.Type}
	if m.Context != nil {
		w.Context = &wireContext{From: m.Context.From, ID: m.Context.ID}
	}
	if r := m.Referral; r != nil {
		w.Referral = &wireReferral{SourceURL: r.SourceURL, SourceID: r.SourceID, SourceType: r.SourceType, Headline: r.Headline,
			Body: r.Body, MediaType: r.MediaType, ImageURL: r.ImageURL, CtwaClid: r.CtwaClid}
	}
	typ := ""
	if m.Text != "" || m.Type == "text" {
		w.Text, typ = &wireText{Body: m.Text}, "text"
	}
	media := func(md *Media, kind string) *wireMedia {
		if md == nil {
			return nil
		}
		typ = kind
		wm := &wireMedia{Caption: md.Caption, Filename: md.Filename, MimeType: md.MimeType, SHA256: md.SHA256, ID: md.ID}
		if kind == "audio" {
			wm.Voice = &md.Voice
		}
		if kind == "sticker" {
			wm.Animated = &md.Animated
		}
		return wm
	}
	w.Image = media(m.Image, "image")
	w.Audio = media(m.Audio, "audio")
	w.Video = media(m.Video, "video")
	w.Document = media(m.Document, "document")
	w.Sticker = media(m.Sticker, "sticker")
	if l := m.Location; l != nil {
		w.Location, typ = &wireLocation{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address}, "location"
	}
	if i := m.Interactive; i != nil {
		wi := &wireInteractive{Type: i.Type}
		reply := &wireReply{ID: i.ID, Title: i.Title, Description: i.Description}
		if i.Type == "list_reply" {
			wi.ListReply = reply
		} else {
			wi.Type, reply.Description = "button_reply", ""
			wi.ButtonReply = reply
		}
		w.Interactive, typ = wi, "interactive"
	}
	if b := m.Button; b != nil {
		w.Button, typ = &wireButton{Payload: b.Payload, Text: b.Text}, "button"
	}
	if r := m.Reaction; r != nil {
		w.Reaction, typ = &wireReaction{MessageID: r.MessageID, Emoji: r.Emoji}, "reaction"
	}
	for _, e := range m.Errors {
		w.Errors = append(w.Errors, e.wire())
	}
	if w.Type == "" {
		w.Type = typ
		if typ == "" && len(m.Errors) > 0 {
			w.Type = "unsupported"
		}
	}
	return w
}

func (s Status) wire() wireStatus {
	w := wireStatus{ID: s.ID, Status: s.Status, Timestamp: unix(s.Timestamp), RecipientID: s.RecipientID, CallbackData: s.CallbackData}
	if p := s.Pricing; p != nil {
		w.Pricing = &wirePricing{Billable: p.Billable, PricingModel: p.PricingModel, Category: p.Category}
	}
	for _, e := range s.Errors {
		w.Errors = append(w.Errors, e.wire())
	}
	return w
}

func (e StatusError) wire() wireError {
	w := wireError{Code: e.Code, Title: e.Title, Message: e.Message}
	if e.Details != "" {
		w.ErrorData = &wireErrorData{Details: e.Details}
	}
	return w
}

// The wire shapes, with Meta's field names.
type (
	wireEnvelope struct {
		Object string      `json:"object"`
		Entry  []wireEntry `json:"entry"`
	}
	wireEntry struct {
		ID      string       `json:"id"`
		Changes []wireChange `json:"changes"`
	}
	wireChange struct {
		Value wireValue `json:"value"`
		Field string    `json:"field"`
	}
	wireValue struct {
		MessagingProduct string        `json:"messaging_product"`
		Metadata         wireMetadata  `json:"metadata"`
		Contacts         []wireContact `json:"contacts,omitempty"`
		Messages         []any         `json:"messages,omitempty"`
		Statuses         []wireStatus  `json:"statuses,omitempty"`
	}
	wireMetadata struct {
		Display       string `json:"display_phone_number"`
		PhoneNumberID string `json:"phone_number_id"`
	}
	wireContact struct {
		Profile wireProfile `json:"profile"`
		WaID    string      `json:"wa_id"`
	}
	wireProfile struct {
		Name string `json:"name"`
	}
	wireMessage struct {
		Context     *wireContext     `json:"context,omitempty"`
		From        string           `json:"from"`
		ID          string           `json:"id"`
		Timestamp   string           `json:"timestamp"`
		Type        string           `json:"type"`
		Text        *wireText        `json:"text,omitempty"`
		Image       *wireMedia       `json:"image,omitempty"`
		Audio       *wireMedia       `json:"audio,omitempty"`
		Video       *wireMedia       `json:"video,omitempty"`
		Document    *wireMedia       `json:"document,omitempty"`
		Sticker     *wireMedia       `json:"sticker,omitempty"`
		Location    *wireLocation    `json:"location,omitempty"`
		Interactive *wireInteractive `json:"interactive,omitempty"`
		Button      *wireButton      `json:"button,omitempty"`
		Reaction    *wireReaction    `json:"reaction,omitempty"`
		Referral    *wireReferral    `json:"referral,omitempty"`
		Errors      []wireError      `json:"errors,omitempty"`
	}
	wireContext struct {
		From string `json:"from"`
		ID   string `json:"id"`
	}
	wireText struct {
		Body string `json:"body"`
	}
	wireMedia struct {
		Caption  string `json:"caption,omitempty"`
		Filename string `json:"filename,omitempty"`
		MimeType string `json:"mime_type"`
		SHA256   string `json:"sha256"`
		ID       string `json:"id"`
		Voice    *bool  `json:"voice,omitempty"`
		Animated *bool  `json:"animated,omitempty"`
	}
	wireLocation struct {
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
		Name      string  `json:"name,omitempty"`
		Address   string  `json:"address,omitempty"`
	}
	wireInteractive struct {
		Type        string     `json:"type"`
		ButtonReply *wireReply `json:"button_reply,omitempty"`
		ListReply   *wireReply `json:"list_reply,omitempty"`
	}
	wireReply struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Description string `json:"description,omitempty"`
	}
	wireButton struct {
		Payload string `json:"payload"`
		Text    string `json:"text"`
	}
	wireReaction struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji,omitempty"`
	}
	wireReferral struct {
		SourceURL  string `json:"source_url,omitempty"`
		SourceID   string `json:"source_id,omitempty"`
		SourceType string `json:"source_type,omitempty"`
		Headline   string `json:"headline,omitempty"`
		Body       string `json:"body,omitempty"`
		MediaType  string `json:"media_type,omitempty"`
		ImageURL   string `json:"image_url,omitempty"`
		CtwaClid   string `json:"ctwa_clid,omitempty"`
	}
	wireStatus struct {
		ID           string       `json:"id"`
		Status       string       `json:"status"`
		Timestamp    string       `json:"timestamp"`
		RecipientID  string       `json:"recipient_id"`
		CallbackData string       `json:"biz_opaque_callback_data,omitempty"`
		Pricing      *wirePricing `json:"pricing,omitempty"`
		Errors       []wireError  `json:"errors,omitempty"`
	}
	wirePricing struct {
		Billable     bool   `json:"billable"`
		PricingModel string `json:"pricing_model"`
		Category     string `json:"category"`
	}
	wireError struct {
		Code      int            `json:"code"`
		Title     string         `json:"title"`
		Message   string         `json:"message,omitempty"`
		ErrorData *wireErrorData `json:"error_data,omitempty"`
	}
	wireErrorData struct {
		Details string `json:"details"`
	}
)
