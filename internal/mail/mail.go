// Package mail sends the product's email: over SMTP in production, into the
// outbox table (and the log) in development, where a mailbox page shows it.
// Messages are rendered from templates in pt-BR and en, as plain text and
// HTML, and sent by a durable job with retries.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one rendered email to one recipient.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers a message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through an SMTP server.
type SMTP struct {
	from string
	host string
	opts []gomail.Option
}

// NewSMTP returns a sender for rawURL:
//
//	smtp://user:pass@host:587       STARTTLS, required (the default)
//	smtp://host:25?tls=opportunistic STARTTLS when offered
//	smtp://host:2525?tls=none       no TLS (a local relay or a test server)
//	smtps://user:pass@host:465      TLS from the start
//
// from is the From address ("Piloto de Vendas <nao-responda@example.com>").
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, errors.New("mail: PILOTO_SMTP_URL must look like smtp://user:pass@host:587")
	}
	port, _ := strconv.Atoi(u.Port())
	opts := []gomail.Option{gomail.WithTimeout(20 * time.Second)}
	switch u.Scheme {
	case "smtps":
		if port == 0 {
			port = 465
		}
		opts = append(opts, gomail.WithSSL())
	case "smtp":
		if port == 0 {
			port = 587
		}
		policy := gomail.TLSMandatory
		switch u.Query().Get("tls") {
		case "", "mandatory":
		case "opportunistic":
			policy = gomail.TLSOpportunistic
		case "none":
			policy = gomail.NoTLS
		default:
			return nil, fmt.Errorf("mail: tls=%q: use mandatory, opportunistic or none", u.Query().Get("tls"))
		}
		opts = append(opts, gomail.WithTLSPolicy(policy), gomail.WithTLSConfig(&tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}))
	default:
		return nil, fmt.Errorf("mail: unknown scheme %q: use smtp:// or smtps://", u.Scheme)
	}
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	if _, err := gomail.NewClient(u.Hostname(), opts...); err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return &SMTP{from: from, host: u.Hostname(), opts: opts}, nil
}

// Send delivers m in one SMTP conversation. Errors are the server's or the
// network's; the mail job retries them.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}
