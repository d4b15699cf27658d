package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// Kinds of mail.
const (
	KindVerifyEmail     = "verify_email"
	KindResetPassword   = "reset_password"
	KindPasswordChanged = "password_changed"
	KindNewLogin        = "new_login"
	KindChangeEmail     = "change_email"
	KindInvite          = "invite"
)

// Locales of mail; pt-BR is the default.
const (
	LocalePTBR = "pt-BR"
	LocaleEN   = "en"
)

// copy is one kind of mail in one language. Its strings are text/template
// bodies over Data; the action, when there is one, becomes a button (HTML)
// or a line with the link (text).
type copy struct {
	Subject    string
	Paragraphs []string
	Action     string // the button's label; "" for none
	Footer     string
}

// Data are a mail's inputs.
type Data struct {
	Name    string // the recipient's name
	Link    string // the action's link
	Device  string // a browser description, for new-login mail
	IP      string
	When    string // a formatted time
	Org     string // an organization's name, for an invitation
	Role    string // a role's name, for an invitation
	Inviter string // who invited, for an invitation
}

var copies = map[string]map[string]copy{
	KindInvite: {
		LocalePTBR: {
			Subject:    "{{.Inviter}} convidou você para {{.Org}} no Piloto de Vendas",
			Paragraphs: []string{"Olá!", "{{.Inviter}} convidou você para fazer parte de {{.Org}} no Piloto de Vendas, como {{.Role}}.", "O convite vale por 7 dias. Se você ainda não tem conta, vai criar uma ao aceitar."},
			Action:     "Aceitar convite",
			Footer:     "Se você não esperava este convite, ignore esta mensagem.",
		},
		LocaleEN: {
			Subject:    "{{.Inviter}} invited you to {{.Org}} on Piloto de Vendas",
			Paragraphs: []string{"Hi,", "{{.Inviter}} invited you to join {{.Org}} on Piloto de Vendas as {{.Role}}.", "The invitation works for 7 days. If you have no account yet, you will create one when you accept."},
			Action:     "Accept invitation",
			Footer:     "If you did not expect this invitation, ignore this message.",
		},
	},
	KindVerifyEmail: {
		LocalePTBR: {
			Subject:    "Confirme seu e-mail no Piloto de Vendas",
			Paragraphs: []string{"Olá, {{.Name}}!", "Para confirmar que este e-mail é seu, use o botão abaixo. O link vale por 48 horas e funciona uma única vez."},
			Action:     "Confirmar e-mail",
			Footer:     "Se você não criou uma conta no Piloto de Vendas, ignore esta mensagem.",
		},
		LocaleEN: {
			Subject:    "Confirm your email for Piloto de Vendas",
			Paragraphs: []string{"Hi {{.Name}},", "To confirm this email address is yours, use the button below. The link works once, for 48 hours."},
			Action:     "Confirm email",
			Footer:     "If you did not create a Piloto de Vendas account, ignore this message.",
		},
	},
	KindChangeEmail: {
		LocalePTBR: {
			Subject:    "Confirme seu novo e-mail no Piloto de Vendas",
			Paragraphs: []string{"Olá, {{.Name}}!", "Você pediu para usar este endereço na sua conta. Confirme com o botão abaixo; até lá, o e-mail antigo continua valendo. O link vale por 48 horas."},
			Action:     "Confirmar novo e-mail",
			Footer:     "Se não foi você, ignore esta mensagem: nada muda.",
		},
		LocaleEN: {
			Subject:    "Confirm your new email for Piloto de Vendas",
			Paragraphs: []string{"Hi {{.Name}},", "You asked to use this address for your account. Confirm with the button below; until then your old address stays. The link works for 48 hours."},
			Action:     "Confirm new email",
			Footer:     "If this was not you, ignore this message: nothing changes.",
		},
	},
	KindResetPassword: {
		LocalePTBR: {
			Subject:    "Redefina sua senha do Piloto de Vendas",
			Paragraphs: []string{"Olá, {{.Name}}!", "Recebemos um pedido para redefinir a sua senha. Use o botão abaixo para escolher uma nova. O link vale por 1 hora e funciona uma única vez; ao trocar a senha, todas as sessões abertas são encerradas."},
			Action:     "Escolher nova senha",
			Footer:     "Se você não pediu isso, ignore esta mensagem: sua senha continua a mesma.",
		},
		LocaleEN: {
			Subject:    "Reset your Piloto de Vendas password",
			Paragraphs: []string{"Hi {{.Name}},", "We received a request to reset your password. Use the button below to choose a new one. The link works once, for 1 hour; changing the password ends every open session."},
			Action:     "Choose a new password",
			Footer:     "If you did not ask for this, ignore this message: your password stays the same.",
		},
	},
	KindPasswordChanged: {
		LocalePTBR: {
			Subject:    "Sua senha do Piloto de Vendas foi alterada",
			Paragraphs: []string{"Olá, {{.Name}}!", "A senha da sua conta foi alterada em {{.When}} (IP {{.IP}})."},
			Action:     "Não fui eu: redefinir a senha",
			Footer:     "Se foi você, não precisa fazer nada.",
		},
		LocaleEN: {
			Subject:    "Your Piloto de Vendas password was changed",
			Paragraphs: []string{"Hi {{.Name}},", "Your account's password was changed on {{.When}} (IP {{.IP}})."},
			Action:     "It was not me: reset the password",
			Footer:     "If it was you, there is nothing to do.",
		},
	},
	KindNewLogin: {
		LocalePTBR: {
			Subject:    "Novo acesso à sua conta do Piloto de Vendas",
			Paragraphs: []string{"Olá, {{.Name}}!", "Sua conta foi acessada de um navegador novo em {{.When}}: {{.Device}} (IP {{.IP}})."},
			Action:     "Não fui eu: redefinir a senha",
			Footer:     "Se foi você, não precisa fazer nada. Você vê e encerra as sessões abertas em Configurações › Segurança.",
		},
		LocaleEN: {
			Subject:    "New sign-in to your Piloto de Vendas account",
			Paragraphs: []string{"Hi {{.Name}},", "Your account was signed in from a new browser on {{.When}}: {{.Device}} (IP {{.IP}})."},
			Action:     "It was not me: reset the password",
			Footer:     "If it was you, there is nothing to do. You can see and end open sessions in Settings › Security.",
		},
	},
}

var htmlLayout = htmltemplate.Must(htmltemplate.New("html").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1c2b27">
<div style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
<p style="margin:0 0 24px;font-weight:600;color:#0f7a5a">Piloto de Vendas</p>
{{range .Paragraphs}}<p style="margin:0 0 16px;line-height:1.5">{{.}}</p>
{{end}}{{if .Action}}<p style="margin:24px 0"><a href="{{.Link}}" style="display:inline-block;background:#0f7a5a;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">{{.Action}}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#5b6b66;word-break:break-all">{{.Link}}</p>
{{end}}<p style="margin:24px 0 0;font-size:13px;color:#5b6b66">{{.Footer}}</p>
</div></body></html>
`))

// Render returns the mail of kind in locale (pt-BR when the locale is not
// known) for to, with data filled in.
func Render(kind, locale, to string, data Data) (Message, error) {
	byLocale, ok := copies[kind]
	if !ok {
		return Message{}, fmt.Errorf("mail: unknown kind %q", kind)
	}
	c, ok := byLocale[locale]
	if !ok {
		locale, c = LocalePTBR, byLocale[LocalePTBR]
	}
	fill := func(s string) (string, error) {
		t, err := texttemplate.New("").Option("missingkey=error").Parse(s)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		err = t.Execute(&b, data)
		return b.String(), err
	}
	subject, err := fill(c.Subject)
	if err != nil {
		return Message{}, err
	}
	var paragraphs []string
	for _, p := range c.Paragraphs {
		s, err := fill(p)
		if err != nil {
			return Message{}, err
		}
		paragraphs = append(paragraphs, s)
	}
	if c.Action != "" && data.Link == "" {
		return Message{}, fmt.Errorf("mail: %s needs a link", kind)
	}

	var text strings.Builder
	for _, p := range paragraphs {
		text.WriteString(p + "\n\n")
	}
	if c.Action != "" {
		text.WriteString(c.Action + ":\n" + data.Link + "\n\n")
	}
	text.WriteString(c.Footer + "\n\n— Piloto de Vendas\n")

	var html bytes.Buffer
	if err := htmlLayout.Execute(&html, map[string]any{
		"Lang": locale, "Subject": subject, "Paragraphs": paragraphs,
		"Action": c.Action, "Link": htmltemplate.URL(data.Link), "Footer": c.Footer,
	}); err != nil {
		return Message{}, err
	}
	return Message{To: to, Subject: subject, Text: text.String(), HTML: html.String()}, nil
}
