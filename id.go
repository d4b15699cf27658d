package piloto

import (
	"context"

	"github.com/google/uuid"
)

// NewID returns a new UUIDv7 as a string: time-ordered, so rows inserted
// together sit together in indexes, and sortable as text.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// ValidID reports whether s is a UUID in canonical text form. Handlers use it
// to answer ENOTFOUND for a malformed id without asking the database.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// Actor is who is making a request: a signed-in user acting in one
// organization with one role. Handlers take the organization from the Actor,
// never from the client.
type Actor struct {
	UserID    string
	SessionID string
	OrgID     string
	Role      string
}

type actorKey struct{}

// WithActor returns a copy of ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the Actor in ctx and whether there is one.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

type requestIDKey struct{}

// WithRequestID returns a copy of ctx carrying the id of the request it
// serves, for logs.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

type clientIPKey struct{}

// WithClientIP returns a copy of ctx carrying the address of the client a
// request came from (after trusted proxies).
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIP returns the client address in ctx, or "".
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}
