package reply_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/blob"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
	"github.com/riverqueue/river"
)

// BenchmarkReplyOverhead measures what Reply costs on its own, on each
// database: its wall time minus the time spent in the provider's Stream
// calls (the fake model, answering at once over loopback HTTP). The
// conversation has 500 stored messages; each iteration adds a lead question
// and Reply answers it with llmtest.Agent (search_knowledge, then an answer
// citing the passage: two model calls). The usage record of each call is
// part of the overhead; the model's share of the wall time is reported too.
//
//	go test -run '^$' -bench ReplyOverhead -benchtime 200x ./internal/agent/reply
func BenchmarkReplyOverhead(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			e := newBenchEnv(b, storetest.MustOpen(b, d))
			ctx := context.Background()
			for i := range 500 {
				author := inbox.AuthorLead
				if i%2 == 1 {
					author = inbox.AuthorAI
				}
				e.add(b, author, benchHistory[i%len(benchHistory)][i%2])
			}
			var overhead, model []time.Duration
			var wall time.Duration
			i := 0
			for b.Loop() {
				b.StopTimer()
				e.add(b, inbox.AuthorLead, benchQuestions[i%len(benchQuestions)])
				i++
				b.StartTimer()
				e.llm.spent.Store(0)
				t0 := time.Now()
				res, err := e.svc.Reply(ctx, e.org, e.conv)
				took := time.Since(t0)
				if err != nil {
					b.Fatal(err)
				}
				if res.Outcome != reply.OutcomeReplied || len(res.Messages) == 0 {
					b.Fatalf("iteration %d: %+v", i, res)
				}
				m := time.Duration(e.llm.spent.Load())
				overhead = append(overhead, took-m)
				model = append(model, m)
				wall += took
			}
			slices.Sort(overhead)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			var modelTotal time.Duration
			for _, m := range model {
				modelTotal += m
			}
			b.ReportMetric(ms(overhead[len(overhead)/2]), "p50-overhead-ms")
			b.ReportMetric(ms(overhead[len(overhead)*99/100]), "p99-overhead-ms")
			b.ReportMetric(100*float64(modelTotal)/float64(wall), "model-%")
			if n := len(e.srv.Requests()); n != 2*len(model) {
				b.Errorf("%d model calls for %d replies, want 2 each", n, len(model))
			}
		})
	}
}

// benchHistory are lead/agent exchanges of realistic WhatsApp lengths.
var benchHistory = [][2]string{
	{"Boa tarde! Vi o anúncio de vocês no Instagram e queria entender melhor como funciona a energia solar pra minha casa. Minha conta vem uns R$ 480 por mês.",
		"Boa tarde! Com uma conta de R$ 480 por mês, um sistema de uns 4 kWp costuma cobrir quase todo o consumo. A instalação residencial custa R$ 1.500 à vista no Pix, fora os equipamentos. Em qual cidade você está?"},
	{"Moro em Goiânia, no Setor Bueno. É casa térrea, telhado de cerâmica.",
		"Ótimo, telhado de cerâmica é dos mais simples de instalar. Para dimensionar certinho, você consegue me mandar uma foto da última conta de luz?"},
	{"Consigo sim, mando mais tarde. E quanto tempo demora pra instalar?",
		"Depois da vistoria técnica, a instalação leva em média dois dias. A homologação com a distribuidora pode levar algumas semanas, e o sistema começa a gerar assim que ela aprova."},
	{"E se estragar alguma coisa? Tem garantia?",
		"Tem sim: o inversor tem garantia de 10 anos contra defeitos de fabricação, e os painéis têm garantia de desempenho de 25 anos."},
	{"Entendi. Vou conversar com meu marido e te aviso, pode ser?",
		"Claro! Fico à disposição. Se quiser, posso preparar uma simulação com o valor da sua conta para vocês verem juntos."},
}

// benchQuestions are what the lead asks in the measured iterations: two the
// knowledge base answers, one it does not.
var benchQuestions = []string{
	"Qual a garantia do inversor?",
	"Quanto custa a instalação residencial?",
	"Vocês instalam aquecedor a gás também?",
}

// benchEnv is newEnv for benchmarks: a knowledge base of one small file, an
// agent without the handoff rules that would stop the conversation, and the
// provider timed by timedLLM.
type benchEnv struct {
	clock *piloto.FakeClock
	srv   *llmtest.Server
	svc   *reply.Service
	inbox *inbox.Service
	llm   *timedLLM
	org   string
	conv  string
}

func newBenchEnv(b *testing.B, db *store.DB) *benchEnv {
	b.Helper()
	ctx := context.Background()
	clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC)) // 10:00 in São Paulo
	now := clock.Now()
	u := &auth.User{ID: piloto.NewID(), Email: piloto.NewID() + "@example.com", Name: "Ana", CreatedAt: now}
	o := &org.Organization{ID: piloto.NewID(), Name: "Loja Solar", TimeZone: org.DefaultTimeZone, CreatedAt: now}
	if err := db.CreateAccount(ctx, u, o, nil, ""); err != nil {
		b.Fatal(err)
	}
	bucket, err := blob.Open(ctx, "mem://")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bucket.Close() })
	base := &knowledge.Base{ID: piloto.NewID(), OrganizationID: o.ID, Name: "Base", CreatedAt: now}
	if err := db.CreateKnowledgeBase(ctx, base); err != nil {
		b.Fatal(err)
	}
	src := &knowledge.Source{ID: piloto.NewID(), OrganizationID: o.ID, KnowledgeBaseID: base.ID, Kind: knowledge.KindFile,
		Name: "loja.md", BlobKey: "orgs/" + o.ID + "/sources/" + piloto.NewID(), SizeBytes: int64(len(kbText)),
		Status: knowledge.StatusQueued, CreatedAt: now}
	if err := bucket.WriteAll(ctx, src.BlobKey, []byte(kbText), nil); err != nil {
		b.Fatal(err)
	}
	if err := db.CreateSource(ctx, src); err != nil {
		b.Fatal(err)
	}
	w := &knowledge.IngestWorker{Store: db, Blobs: bucket, Clock: piloto.SystemClock{}, Limits: knowledge.DefaultLimits}
	if err := w.Work(ctx, &river.Job[knowledge.IngestArgs]{Args: knowledge.IngestArgs{OrganizationID: o.ID, SourceID: src.ID}}); err != nil {
		b.Fatal(err)
	}

	agents := &agent.Service{Store: db, Clock: clock}
	cfg := agent.Defaults("America/Sao_Paulo")
	cfg.Name = "Sol"
	cfg.KnowledgeBaseIDs = []string{base.ID}
	cfg.Handoff = agent.HandoffRules{Keywords: []string{}}
	a, err := agents.Create(ctx, o.ID, agent.Author{UserID: u.ID, Name: "Ana"}, cfg)
	if err != nil {
		b.Fatal(err)
	}

	srv := llmtest.NewOpenAIServer(b)
	srv.Default = llmtest.Agent
	llms := &llm.Service{Store: db, Config: llm.Config{OpenAIAPIKey: "sk-plataforma", OpenAIBaseURL: srv.URL, USDBRL: 5.40}, Clock: clock}
	timed := &timedLLM{s: llms}
	in := &inbox.Service{Store: db, Clock: clock}
	play, err := in.PlaygroundChannel(ctx, o.ID)
	if err != nil {
		b.Fatal(err)
	}
	conv, err := in.StartConversation(ctx, o.ID, play.ID, inbox.Contact{Name: "Joana"}, a.ID)
	if err != nil {
		b.Fatal(err)
	}
	return &benchEnv{clock: clock, srv: srv, inbox: in, llm: timed, org: o.ID, conv: conv.ID,
		svc: &reply.Service{Agents: agents, Inbox: in, LLM: timed, Knowledge: &knowledge.Service{Store: db, Clock: clock}, Clock: clock}}
}

// add stores a message a second after the previous one.
func (e *benchEnv) add(b *testing.B, author inbox.Author, text string) {
	b.Helper()
	e.clock.Advance(time.Second)
	if _, err := e.inbox.AddMessage(context.Background(), e.org, e.conv, inbox.Message{Author: author, Text: text}); err != nil {
		b.Fatal(err)
	}
}

// timedLLM hands out the llm.Service's providers with the time spent in the
// provider's Stream calls added to spent (nanoseconds). The usage record the
// metered provider writes after each call is left out of that time: it is
// the runtime's cost, not the model's.
type timedLLM struct {
	s     *llm.Service
	spent atomic.Int64
}

func (t *timedLLM) ProviderFor(ctx context.Context, orgID, provider, model string, use llm.Use) (llm.Provider, string, error) {
	p, model, err := t.s.ProviderFor(ctx, orgID, provider, model, use)
	if err != nil {
		return nil, "", err
	}
	if u, ok := p.(interface{ Unwrap() llm.Provider }); ok {
		// metered(timed(provider)): the record is outside the timing.
		return t.s.Metered(&timedProvider{Provider: u.Unwrap(), spent: &t.spent}, orgID, use), model, nil
	}
	return &timedProvider{Provider: p, spent: &t.spent}, model, nil
}

type timedProvider struct {
	llm.Provider
	spent *atomic.Int64
}

func (p *timedProvider) Stream(ctx context.Context, req llm.Request, fn func(llm.Event) error) (*llm.Response, error) {
	t0 := time.Now()
	defer func() { p.spent.Add(int64(time.Since(t0))) }()
	return p.Provider.Stream(ctx, req, fn)
}
