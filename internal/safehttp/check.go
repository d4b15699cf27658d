package safehttp

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"

	"github.com/pilotodevendas/piloto"
)

// MaxURLLength is the longest URL CheckURL accepts.
const MaxURLLength = 2048

// Messages of CheckURL, shown to the user next to the field.
const (
	msgEmpty    = "Informe o endereço."
	msgTooLong  = "O endereço é longo demais (máximo de 2.048 caracteres)."
	msgInvalid  = "Endereço inválido. Use um endereço completo, como https://exemplo.com.br/webhook."
	msgScheme   = "O endereço deve começar com https:// ou http://."
	msgUserinfo = "O endereço não pode conter usuário nem senha."
	msgHost     = "O domínio do endereço não é válido."
	msgPort     = "A porta do endereço não é válida."
	msgBlocked  = "Esse endereço leva a uma rede interna ou reservada e não é permitido. Use um endereço público da internet."
	msgNotFound = "Não encontramos o domínio %s. Confira o endereço."
	msgDNSDown  = "Não conseguimos verificar o domínio %s agora. Tente de novo em instantes."
)

// CheckURL validates a URL a tenant typed, when it is saved, so a mistake is
// shown at once rather than when the first fetch fails: it must be an absolute
// http or https URL of at most MaxURLLength characters, without a user name or
// password, whose host is a DNS name or a canonical IP literal that resolves
// (through Config.Resolver) only to public addresses — with the same
// exceptions as the Client (AllowPrivate, AllowHosts). The caller trims
// surrounding spaces first.
//
// It returns nil, or a *piloto.Error whose Message is in Portuguese and safe
// to show: EINVALID for a wrong or refused URL or an unknown domain,
// EUNAVAILABLE when DNS could not answer. It never says which address a name
// resolved to. Passing it does not make later fetches safe by itself: DNS
// answers change, which is why the Client checks again at every connection.
func (c *Client) CheckURL(ctx context.Context, raw string) error {
	invalid := func(msg string) error { return &piloto.Error{Code: piloto.EINVALID, Message: msg} }
	switch {
	case raw == "":
		return invalid(msgEmpty)
	case len(raw) > MaxURLLength:
		return invalid(msgTooLong)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || !u.IsAbs() {
		if err == nil && u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			return invalid(msgScheme)
		}
		return invalid(msgInvalid)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return invalid(msgScheme)
	}
	if u.User != nil {
		return invalid(msgUserinfo)
	}
	if u.Host == "" {
		return invalid(msgInvalid)
	}
	t, err := parseTarget(u)
	if err != nil {
		var be *BlockedError
		if errors.As(err, &be) && be.Reason == reasonPort {
			return invalid(msgPort)
		}
		return invalid(msgHost)
	}
	if c.trusted(t.addr) {
		return nil
	}
	if t.ip.IsValid() {
		if reasonFor(t.ip) != "" {
			return invalid(msgBlocked)
		}
		return nil
	}
	ips, err := c.lookup(ctx, t.host)
	if err != nil {
		var de *net.DNSError
		if errors.As(err, &de) && de.IsNotFound {
			return piloto.Errorf(piloto.EINVALID, msgNotFound, strings.TrimSuffix(t.host, "."))
		}
		return piloto.Errorf(piloto.EUNAVAILABLE, msgDNSDown, strings.TrimSuffix(t.host, "."))
	}
	for _, ip := range ips {
		if reasonFor(ip) != "" {
			return invalid(msgBlocked)
		}
	}
	return nil
}
