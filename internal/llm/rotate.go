package llm

import (
	"context"
	"errors"
	"fmt"

	"github.com/pilotodevendas/piloto/internal/secrets"
)

// RotationStore is what re-sealing needs of the database: every
// organization's keys (an operator's command, across tenants) and a
// compare-and-swap of one sealed key.
type RotationStore interface {
	AllLLMCredentials(ctx context.Context) ([]Credential, error)
	// ResealLLMCredential replaces the sealed key from with to, when the
	// row still holds from; it reports whether it did.
	ResealLLMCredential(ctx context.Context, orgID, provider, from, to string) (bool, error)
}

// ResealReport is what a rotation did.
type ResealReport struct {
	Resealed int // re-sealed under the current key
	Current  int // already under it
	Changed  int // replaced by someone while being re-sealed (already current)
	Failed   int // did not open: sealed under a key the box does not hold, or corrupt
}

// ResealCredentials re-seals every organization's key that is not under
// the box's current key (`piloto rotate-secrets`): each opened with the key
// that sealed it (the previous one during a rotation) and sealed again, one
// row at a time. A key that does not open is counted and reported in the
// error, without its content, and the others go on.
func ResealCredentials(ctx context.Context, s RotationStore, box *secrets.Box) (ResealReport, error) {
	var r ResealReport
	creds, err := s.AllLLMCredentials(ctx)
	if err != nil {
		return r, err
	}
	var errs []error
	for _, c := range creds {
		if box.IsCurrent(c.APIKeySealed) {
			r.Current++
			continue
		}
		aad := CredentialAAD(c.OrganizationID, c.Provider)
		key, err := box.Open(c.APIKeySealed, aad)
		if err != nil {
			r.Failed++
			errs = append(errs, fmt.Errorf("organization %s, %s key: %w", c.OrganizationID, c.Provider, err))
			continue
		}
		sealed, err := box.Seal(key, aad)
		if err != nil {
			return r, err
		}
		ok, err := s.ResealLLMCredential(ctx, c.OrganizationID, c.Provider, c.APIKeySealed, sealed)
		if err != nil {
			return r, err
		}
		if ok {
			r.Resealed++
		} else {
			r.Changed++
		}
	}
	return r, errors.Join(errs...)
}
