package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
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
