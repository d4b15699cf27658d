package api_test

import (
	"bufio"
	"context"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/store"
)

// BenchmarkEventFanout connects 1,000 streams of one organization to one
// instance (SQLite) and measures, per event, the time from the write until
// every stream has it. It reports events/s delivered to all, and the heap in
// use per connected stream.
func BenchmarkEventFanout(b *testing.B) {
	const clients = 1000
	srv := apptest.MustRun(b, store.SQLite, nil)
	owner := srv.NewClient(b)
	r := owner.Do("POST", "/api/v1/auth/signup", map[string]string{
		"name": "Ana", "email": "ana@example.com", "password": "cavalo-bateria-grampo", "organization": "Loja",
	})
	if r.StatusCode != 201 {
		b.Fatalf("signup: %d", r.StatusCode)
	}
	access := owner.Cookie(api.AccessCookie)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: 0}
	hc := &http.Client{Transport: transport}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var delivered sync.WaitGroup
	var ready sync.WaitGroup
	counts := make([]chan struct{}, clients)
	for i := range clients {
		counts[i] = make(chan struct{}, 1024)
		ready.Add(1)
		go func(ch chan struct{}) {
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/events", nil)
			req.AddCookie(&http.Cookie{Name: api.AccessCookie, Value: access})
			resp, err := hc.Do(req)
			if err != nil {
				ready.Done()
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			readied := false
			for sc.Scan() {
				line := sc.Text()
				if !readied && strings.HasPrefix(line, ": connected") {
					readied = true
					ready.Done()
				}
				if strings.HasPrefix(line, "event: organization.updated") {
					ch <- struct{}{}
				}
			}
		}(counts[i])
	}
	ready.Wait()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	heapPerStream := (float64(after.HeapInuse) - float64(before.HeapInuse)) / clients

	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		r := owner.Do("PATCH", "/api/v1/organization", map[string]string{"name": "Loja " + time.Now().Format("150405.000000")})
		if r.StatusCode != 200 {
			b.Fatalf("rename: %d", r.StatusCode)
		}
		delivered.Add(clients)
		for _, ch := range counts {
			go func(ch chan struct{}) { <-ch; delivered.Done() }(ch)
		}
		delivered.Wait()
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
	b.ReportMetric(float64(b.N*clients)/time.Since(start).Seconds(), "deliveries/s")
	b.ReportMetric(heapPerStream, "heap-B/stream")
}
