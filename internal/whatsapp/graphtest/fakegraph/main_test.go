package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/whatsapp/graphtest"
)

func TestFakeGraph(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--number", "1234:EAAG-a:+55 62 99999-0000:Loja: Solar", "--number", "5678:EAAG-b:+55 11 98888-0000:Outra"}, pw)
	}()
	r := bufio.NewReader(pr)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	prefix, base, _ := strings.Cut(strings.TrimSpace(line), " on ")
	if prefix != "fakegraph: Graph API" || !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/v23.0") {
		t.Fatalf("first line %q", line)
	}
	go io.Copy(io.Discard, r)

	call := func(id, token string) (int, map[string]any) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/"+id+"?fields=id,display_phone_number,verified_name,quality_rating", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	if status, m := call("1234", "EAAG-a"); status != 200 || m["verified_name"] != "Loja: Solar" || m["display_phone_number"] != "+55 62 99999-0000" {
		t.Errorf("%d %v", status, m)
	}
	if status, _ := call("1234", "EAAG-b"); status != 400 {
		t.Errorf("another number's token: %d", status)
	}
	if status, _ := call("1234", "EAAG-x"); status != 401 {
		t.Errorf("unknown token: %d", status)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestBadNumber(t *testing.T) {
	if err := run(context.Background(), []string{"--number", "1234"}, io.Discard); err == nil {
		t.Error("a --number without token was accepted")
	}
}

// TestStatusesAndStats: with --webhook-url every accepted send gets its
// signed "sent" and "delivered" webhooks, and /stats counts the sends per
// callback tag.
func TestStatusesAndStats(t *testing.T) {
	type hook struct {
		signed bool
		body   string
	}
	hooks := make(chan hook, 10)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		hooks <- hook{signed: r.Header.Get(graphtest.SignatureHeader) == graphtest.Sign("s3cret", body), body: string(body)}
	}))
	defer receiver.Close()

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--number", "1234:EAAG-a:+55 62 99999-0000:Loja",
			"--webhook-url", receiver.URL, "--secret", "s3cret", "--status-delay", "1ms"}, pw)
	}()
	r := bufio.NewReader(pr)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	_, base, _ := strings.Cut(strings.TrimSpace(line), " on ")
	go io.Copy(io.Discard, r)

	send := func(tag string) int {
		body := `{"messaging_product":"whatsapp","to":"+5562999990001","type":"text","text":{"body":"oi"},"biz_opaque_callback_data":"` + tag + `"}`
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/1234/messages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer EAAG-a")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tag := range []string{"m1", "m2", "m1"} {
		if s := send(tag); s != 200 {
			t.Fatalf("send %s: %d", tag, s)
		}
	}
	counts := map[string]int{}
	for range 6 {
		select {
		case h := <-hooks:
			if !h.signed {
				t.Errorf("unsigned status webhook %s", h.body)
			}
			for _, st := range []string{`"sent"`, `"delivered"`} {
				if strings.Contains(h.body, `"status":`+st) {
					counts[st]++
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("status webhooks so far: %v", counts)
		}
	}
	if counts[`"sent"`] != 3 || counts[`"delivered"`] != 3 {
		t.Errorf("statuses: %v", counts)
	}

	resp, err := http.Get(strings.TrimSuffix(base, "/v23.0") + "/stats")
	if err != nil {
		t.Fatal(err)
	}
	var st Stats
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil || st != (Stats{Sends: 3, DistinctCallbacks: 2, DuplicatedCallbacks: 1}) {
		t.Errorf("stats: %+v, %v", st, err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestWebhookURLNeedsSecret(t *testing.T) {
	if err := run(context.Background(), []string{"--webhook-url", "http://127.0.0.1:1/webhooks/whatsapp"}, io.Discard); err == nil {
		t.Error("--webhook-url without --secret was accepted")
	}
}
