package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/seed"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Loja Seed": "loja-seed", "  Energia Solar São João! ": "energia-solar-sao-joao", "!!!": ""} {
		if got := seed.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSeed(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
		r, err := seed.Run(ctx, db, seed.Options{Org: "Loja Seed", Conversations: 300, Days: 10, Batch: 120, Rand: 7, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if r.Reused || r.Password == "" || r.OwnerEmail != "seed@loja-seed.example" || r.Conversations != 300 ||
			r.Messages < 300*5 || r.Messages > 300*35 || len(r.UserIDs) != 4 {
			t.Fatalf("result: %+v", r)
		}
		// Run again: the same organization, its people, more conversations.
		again, err := seed.Run(ctx, db, seed.Options{Org: "Loja Seed", Conversations: 50, Days: 10, Rand: 8, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if !again.Reused || again.OrganizationID != r.OrganizationID || again.Password != "" || again.UserIDs[0] != r.UserIDs[0] ||
			again.UserIDs[3] != r.UserIDs[3] {
			t.Fatalf("again: %+v", again)
		}

		// The inbox reads what seed made: every view has some, in order.
		svc := &inbox.Service{Store: db, Clock: piloto.NewFakeClock(now)}
		count := func(f inbox.Filter) int {
			t.Helper()
			n := 0
			f.Limit = inbox.MaxList
			for {
				list, next, err := svc.List(ctx, r.OrganizationID, r.UserIDs[0], f)
				if err != nil {
					t.Fatal(err)
				}
				for i := 1; i < len(list); i++ {
					if list[i].LastMessageAt.After(list[i-1].LastMessageAt) {
						t.Fatalf("out of order: %v after %v", list[i].LastMessageAt, list[i-1].LastMessageAt)
					}
				}
				n += len(list)
				if f.Cursor = next; next == "" {
					return n
				}
			}
		}
		all, closed := count(inbox.Filter{}), count(inbox.Filter{View: inbox.ViewClosed})
		if all+closed != 350 || all == 0 || closed == 0 {
			t.Fatalf("all %d, closed %d", all, closed)
		}
		for _, v := range []inbox.View{inbox.ViewWaiting, inbox.ViewAIActive, inbox.ViewUnassigned} {
			if count(inbox.Filter{View: v}) == 0 {
				t.Errorf("view %s is empty", v)
			}
		}
		if count(inbox.Filter{Query: "bateria", View: inbox.ViewClosed}) == 0 || count(inbox.Filter{Query: "Silva", View: inbox.ViewClosed}) == 0 {
			t.Error("search finds nothing")
		}
		// A seeded conversation reads like any other.
		list, _, err := svc.List(ctx, r.OrganizationID, r.UserIDs[0], inbox.Filter{View: inbox.ViewClosed, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		msgs, _, err := svc.Messages(ctx, r.OrganizationID, list[0].ID, "", inbox.MaxPage)
		if err != nil || len(msgs) < 5 || msgs[0].Author != inbox.AuthorLead || list[0].LastMessage == nil ||
			list[0].LastMessage.ID != msgs[len(msgs)-1].ID {
			t.Fatalf("messages: %d %v", len(msgs), err)
		}
	})
}
