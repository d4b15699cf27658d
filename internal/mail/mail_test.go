package mail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/mail"
	"github.com/pilotodevendas/piloto/internal/mail/mailtest"
)

func TestRender(t *testing.T) {
	data := mail.Data{Name: `Ana <script>alert(1)</script>`, Link: "https://app.example.com/redefinir-senha?token=abc&x=1"}
	m, err := mail.Render(mail.KindResetPassword, mail.LocalePTBR, "ana@example.com", data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Redefina sua senha do Piloto de Vendas" || !strings.Contains(m.Text, data.Link) || !strings.Contains(m.Text, "1 hora") {
		t.Fatalf("pt-BR mail: %q\n%s", m.Subject, m.Text)
	}
	if strings.Contains(m.HTML, "<script>") || !strings.Contains(m.HTML, "&lt;script&gt;") {
		t.Fatal("the HTML part does not escape the name")
	}
	if !strings.Contains(m.HTML, `href="https://app.example.com/redefinir-senha?token=abc&amp;x=1"`) {
		t.Fatalf("the HTML part lacks the link: %s", m.HTML)
	}
	en, err := mail.Render(mail.KindResetPassword, mail.LocaleEN, "ana@example.com", data)
	if err != nil || en.Subject != "Reset your Piloto de Vendas password" {
		t.Fatalf("en mail: %q, %v", en.Subject, err)
	}
	if other, _ := mail.Render(mail.KindResetPassword, "fr", "a@b.co", data); other.Subject != m.Subject {
		t.Fatal("an unknown locale does not fall back to pt-BR")
	}
	if _, err := mail.Render(mail.KindResetPassword, mail.LocalePTBR, "a@b.co", mail.Data{Name: "Ana"}); err == nil {
		t.Fatal("a mail with an action but no link rendered")
	}
	if _, err := mail.Render("nope", mail.LocalePTBR, "a@b.co", data); err == nil {
		t.Fatal("an unknown kind rendered")
	}
}

// The SMTP sender holds a real SMTP conversation: the message arrives with
// its subject (accents included), both parts and the From.
func TestSMTPDelivers(t *testing.T) {
	srv := mailtest.MustStart(t)
	s, err := mail.NewSMTP(srv.URL, "Piloto de Vendas <nao-responda@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := mail.Render(mail.KindVerifyEmail, mail.LocalePTBR, "joão@example.com", mail.Data{Name: "João", Link: "https://app.example.com/verificar-email?token=t"})
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, "joão@example.com", "Confirme seu e-mail")
	if got.From != "nao-responda@example.com" || !strings.Contains(got.Text, "Olá, João!") || !strings.Contains(got.HTML, "Confirmar e-mail") {
		t.Fatalf("arrived: from %q\n%s", got.From, got.Text)
	}
	if got.Link() != "https://app.example.com/verificar-email?token=t" {
		t.Fatalf("link = %q", got.Link())
	}
}

func TestNewSMTPRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"", "mail.example.com", "http://mail.example.com", "smtp://mail.example.com?tls=maybe"} {
		if _, err := mail.NewSMTP(u, "x@example.com"); err == nil {
			t.Errorf("NewSMTP(%q) accepted", u)
		}
	}
}
