// Package whatsapp connects organizations' WhatsApp numbers through Meta's
// WhatsApp Business Cloud API: the channels (UI: Canais) with their number
// and sealed access token, the proof that a token reaches its number
// ("Testar conexão"), and the webhooks that bring every lead message in —
// verified on the raw bytes, stored exactly once with the reply job enqueued
// in the same transaction, and only then acknowledged.
//
// Routing is by the phone number id of each entry: a number belongs to the
// one channel on the platform that proved it, so no organization can claim
// or inject into another's number. A tenant with its own Meta app gets its
// own endpoint, /webhooks/whatsapp/{channelID}, which accepts only that
// channel's number.
package whatsapp

import (
	"strings"
	"time"
	"unicode"
)

// Channel is a WhatsApp number of an organization (UI: Canal). The sealed
// fields never leave the server; View is what the app sees.
type Channel struct {
	ID             string
	OrganizationID string
	Name           string
	PhoneNumberID  string // Meta's id of the number, which webhooks carry
	WABAID         string // the WhatsApp Business Account
	DisplayNumber  string // as people read it, "+55 62 99999-0000"
	VerifiedName   string // the business name Meta shows, from the last test
	// AccessToken is sealed (secrets.Box, TokenAAD); TokenHint shows its
	// last characters.
	AccessToken string
	TokenHint   string
	// AppSecret and VerifyToken (sealed) are the tenant's own Meta app's,
	// "" for the platform's app.
	AppSecret     string
	AppSecretHint string
	VerifyToken   string
	AgentID       string // the agent that answers, "" for none
	Enabled       bool
	// ProvenAt is when "Testar conexão" proved the token reaches the number;
	// only proven channels are routed to. Changing the number or the token
	// clears it.
	ProvenAt *time.Time
	// TokenError is set when Meta said the token is invalid or expired
	// (code 190), until a test succeeds.
	TokenError     string
	TokenErrorAt   *time.Time
	LastWebhookAt  *time.Time
	DroppedEntries int64 // entries for another number sent to its own endpoint
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// OwnApp reports whether the channel uses the tenant's own Meta app.
func (c *Channel) OwnApp() bool { return c.AppSecret != "" }

// Additional data of the sealed secrets: each opens only in its place.
func TokenAAD(channelID string) string       { return "whatsapp-token:" + channelID }
func AppSecretAAD(channelID string) string   { return "whatsapp-app-secret:" + channelID }
func VerifyTokenAAD(channelID string) string { return "whatsapp-verify-token:" + channelID }

// Route is where an entry for a phone number id goes.
type Route struct {
	OrganizationID string
	ChannelID      string
	AgentID        string
	Enabled        bool
	OwnApp         bool
}

// ContactKey is the WhatsApp id a contact is keyed on: digits only, and a
// Brazilian mobile number always with its ninth digit ("55 62 9999-0000"
// and "55 62 9 9999-0000" are one person: Meta's wa_id may carry either).
func ContactKey(waID string) string {
	d := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) && r < 0x80 {
			return r
		}
		return -1
	}, waID)
	// 55, a two-digit area code (11–99), then eight digits starting with 6–9:
	// a mobile number written without its ninth digit.
	if len(d) == 12 && strings.HasPrefix(d, "55") && d[2] != '0' && d[3] != '0' && d[4] >= '6' {
		return d[:4] + "9" + d[4:]
	}
	return d
}
