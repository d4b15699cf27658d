package whatsapp

import (
	"context"
	"errors"
	"fmt"

	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/secrets"
)

// Sealed columns of a channel.
const (
	ColumnAccessToken = "access_token"
	ColumnAppSecret   = "app_secret"
	ColumnVerifyToken = "verify_token"
)

// RotationStore is what re-sealing needs of the database: every channel
// (an operator's command, across tenants) and a compare-and-swap of one
// sealed column.
type RotationStore interface {
	AllWhatsAppChannels(ctx context.Context) ([]Channel, error)
	// ResealWhatsAppSecret replaces column's sealed value from with to,
	// when the row still holds from; it reports whether it did.
	ResealWhatsAppSecret(ctx context.Context, channelID, column, from, to string) (bool, error)
}

// ResealChannels re-seals every channel's token, app secret and verify
// token not under the box's current key (`piloto rotate-secrets`), as
// llm.ResealCredentials does for LLM keys: one value at a time, a value
// that does not open counted and reported without its content.
func ResealChannels(ctx context.Context, s RotationStore, box *secrets.Box) (llm.ResealReport, error) {
	var r llm.ResealReport
	channels, err := s.AllWhatsAppChannels(ctx)
	if err != nil {
		return r, err
	}
	var errs []error
	for _, c := range channels {
		for _, f := range []struct{ column, sealed, aad string }{
			{ColumnAccessToken, c.AccessToken, TokenAAD(c.ID)},
			{ColumnAppSecret, c.AppSecret, AppSecretAAD(c.ID)},
			{ColumnVerifyToken, c.VerifyToken, VerifyTokenAAD(c.ID)},
		} {
			if f.sealed == "" {
				continue
			}
			if box.IsCurrent(f.sealed) {
				r.Current++
				continue
			}
			plain, err := box.Open(f.sealed, f.aad)
			if err != nil {
				r.Failed++
				errs = append(errs, fmt.Errorf("channel %s, %s: %w", c.ID, f.column, err))
				continue
			}
			sealed, err := box.Seal(plain, f.aad)
			if err != nil {
				return r, err
			}
			ok, err := s.ResealWhatsAppSecret(ctx, c.ID, f.column, f.sealed, sealed)
			if err != nil {
				return r, err
			}
			if ok {
				r.Resealed++
			} else {
				r.Changed++
			}
		}
	}
	return r, errors.Join(errs...)
}
