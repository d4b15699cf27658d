// Package seed fills an organization with realistic made-up conversations
// (piloto seed): for trying the inbox with a full history and for
// measuring it (BenchmarkInboxList and BenchmarkInboxSearch).
//
// It makes, or reuses by name, an organization whose owner is
// seed@<slug>.example, three sellers (vendedor1..3@<slug>.example, the
// same password), an agent and a WhatsApp channel without a number (never
// proven, so no webhook reaches it), then N contacts, each with a lead and
// one conversation spread over the last D days: 5 to 35 messages (20 on
// average) alternating lead and AI in Brazilian Portuguese, a trace for
// every AI message, qualification values and stages, labels, assignees,
// handoffs (waiting_human with the runtime's system message), takeovers
// and closed conversations (by a person, or quiet after 24 h).
//
// Rows go in with multi-row INSERTs, a batch of conversations per
// transaction, without live events.
package seed

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
)

// Options say what to seed.
type Options struct {
	Org           string // the organization's name
	Conversations int
	Days          int
	// Batch is how many conversations go in one transaction (0: 1,000).
	Batch int
	// Rand makes the same history for the same seed (0: random).
	Rand uint64
	// Now is the end of the history (zero: the clock's now).
	Now time.Time
	// Log, when set, gets a line of progress per 10,000 conversations.
	Log io.Writer
}

// Result says what was made.
type Result struct {
	OrganizationID string
	OwnerEmail     string
	Password       string // "" when the organization existed already
	Reused         bool
	AgentID        string
	ChannelID      string
	UserIDs        []string // the owner, then the sellers
	Conversations  int
	Messages       int
	Elapsed        time.Duration
}

// Slug is name in lower case ASCII letters, digits and dashes, for the
// seed's emails.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range inbox.Fold(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// Run seeds db (migrated) as o says.
func Run(ctx context.Context, db *store.DB, o Options) (*Result, error) {
	start := time.Now()
	if strings.TrimSpace(o.Org) == "" || o.Conversations < 0 || o.Days < 1 {
		return nil, fmt.Errorf("seed: needs --org, --conversations ≥ 0 and --days ≥ 1")
	}
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC().Truncate(time.Microsecond)
	seed := o.Rand
	if seed == 0 {
		seed = mrand.Uint64()
	}
	rng := mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	slug := Slug(o.Org)
	if slug == "" {
		slug = "seed"
	}
	res := &Result{OwnerEmail: "seed@" + slug + ".example"}

	orgID, err := db.SeedOrganization(ctx, o.Org, res.OwnerEmail)
	if err != nil {
		return nil, err
	}
	hasher, err := auth.NewHasher(auth.ProductionHashParams, 1)
	if err != nil {
		return nil, err
	}
	password := ""
	hash := ""
	if orgID == "" {
		password = newPassword()
		if hash, err = hasher.Hash(ctx, password); err != nil {
			return nil, err
		}
		now := o.Now.Add(-time.Duration(o.Days) * 24 * time.Hour)
		owner := &auth.User{ID: piloto.NewID(), Email: res.OwnerEmail, Name: "Sócia Seed", CreatedAt: now,
			EmailVerifiedAt: &now, PasswordHash: hash}
		or := &org.Organization{ID: piloto.NewID(), Name: strings.TrimSpace(o.Org), TimeZone: org.DefaultTimeZone, CreatedAt: now}
		if err := db.CreateAccount(ctx, owner, or, nil, ""); err != nil {
			return nil, fmt.Errorf("seed: the owner %s: %w", res.OwnerEmail, err)
		}
		orgID = or.ID
		res.Password = password
	} else {
		res.Reused = true
	}
	res.OrganizationID = orgID
	members, err := db.Members(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var ownerID string
	byEmail := map[string]string{}
	for _, m := range members {
		if m.Role == org.RoleOwner && m.Email == res.OwnerEmail {
			ownerID = m.UserID
		}
		byEmail[m.Email] = m.UserID
	}
	res.UserIDs = []string{ownerID}
	for i := 1; i <= 3; i++ {
		now := o.Now.Add(-time.Duration(o.Days) * 24 * time.Hour)
		email := "vendedor" + strconv.Itoa(i) + "@" + slug + ".example"
		if id, ok := byEmail[email]; ok {
			res.UserIDs = append(res.UserIDs, id)
			continue
		}
		if hash == "" {
			// A reused organization keeps its password; sellers it lacks get
			// one of their own, printed.
			password = newPassword()
			if hash, err = hasher.Hash(ctx, password); err != nil {
				return nil, err
			}
			res.Password = password
		}
		id, err := db.SeedMember(ctx, orgID, &auth.User{ID: piloto.NewID(), Email: email, Name: sellerNames[i-1],
			CreatedAt: now, EmailVerifiedAt: &now, PasswordHash: hash}, org.RoleMember)
		if err != nil {
			return nil, err
		}
		res.UserIDs = append(res.UserIDs, id)
	}

	clock := piloto.SystemClock{}
	cfg := agent.Defaults(org.DefaultTimeZone)
	cfg.Name = "Sol"
	ag, err := (&agent.Service{Store: db, Clock: clock}).Create(ctx, orgID, agent.Author{UserID: ownerID, Name: "Seed"}, cfg)
	if err != nil {
		return nil, err
	}
	res.AgentID = ag.ID
	ch, err := (&inbox.Service{Store: db, Clock: clock}).CreateChannel(ctx, orgID, inbox.ChannelWhatsApp, "WhatsApp Comercial (seed)")
	if err != nil {
		return nil, err
	}
	res.ChannelID = ch.ID

	g := &gen{rng: rng, now: o.Now, span: time.Duration(o.Days) * 24 * time.Hour, org: orgID, agent: ag.ID,
		channel: ch.ID, users: res.UserIDs, base: 5_500_000_000 + rng.IntN(1_000_000)*1000}
	for done := 0; done < o.Conversations; {
		n := min(o.Batch, o.Conversations-done)
		b := &inbox.Batch{}
		for i := range n {
			g.conversation(b, done+i)
		}
		if err := db.InsertInboxBatch(ctx, orgID, b); err != nil {
			return nil, err
		}
		done += n
		res.Conversations += n
		res.Messages += len(b.Messages)
		if o.Log != nil && (done%10_000 < n || done == o.Conversations) {
			fmt.Fprintf(o.Log, "seed: %d conversations, %d messages, %s\n", done, res.Messages, time.Since(start).Round(time.Millisecond))
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func newPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "seed-" + base64.RawURLEncoding.EncodeToString(b)
}

// gen makes the rows of conversations.
type gen struct {
	rng     *mrand.Rand
	now     time.Time
	span    time.Duration
	org     string
	agent   string
	channel string
	users   []string
	base    int // the phone numbers' base
}

func (g *gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// conversation adds the i-th contact, its lead and conversation, and their
// messages and traces to b.
func (g *gen) conversation(b *inbox.Batch, i int) {
	r := g.rng
	name := g.pick(firstNames) + " " + g.pick(lastNames)
	city := g.pick(cities)
	product := g.pick(products)
	n := 5 + r.IntN(31) // 5 to 35 messages, 20 on average
	// Start so that the conversation ends before now: messages 30 s to 10 min apart.
	gaps := make([]time.Duration, n)
	total := time.Duration(0)
	for k := range gaps {
		gaps[k] = time.Duration(30+r.IntN(570)) * time.Second
		total += gaps[k]
	}
	startAt := g.now.Add(-total - time.Duration(r.Int64N(int64(g.span-total)))).Truncate(time.Microsecond)
	phone := strconv.Itoa(g.base + i)
	waID := "55" + strconv.Itoa(11+r.IntN(89)) + "9" + phone[len(phone)-8:]
	c := inbox.Contact{ID: piloto.NewID(), OrganizationID: g.org, WaID: waID, Phone: "+" + waID, Name: name,
		CreatedAt: startAt, UpdatedAt: startAt}
	b.Contacts = append(b.Contacts, c)

	conv := inbox.BatchConversation{Conversation: inbox.Conversation{ID: piloto.NewID(), OrganizationID: g.org,
		Channel: inbox.Channel{ID: g.channel}, Contact: c, AgentID: g.agent, Status: inbox.StatusOpen,
		CreatedAt: startAt}}
	at := startAt
	var last, lastIn time.Time
	handoff := r.IntN(100) < 12 // handed off to a person
	takeover := !handoff && r.IntN(100) < 6
	for k := range n {
		at = at.Add(gaps[k])
		m := inbox.Message{ID: piloto.NewID(), OrganizationID: g.org, ConversationID: conv.ID, Seq: int64(k + 1), CreatedAt: at}
		switch {
		case k == n-1 && handoff:
			m.Author, m.Direction, m.Status = inbox.AuthorSystem, inbox.DirectionOut, inbox.MessagePending
			m.Text = "Conversa transferida para um humano: " + g.pick(handoffReasons)
		case k%2 == 0:
			m.Author, m.Direction, m.Status = inbox.AuthorLead, inbox.DirectionIn, inbox.MessageReceived
			m.Text = g.fill(g.pick(leadLines), name, city, product)
			m.ProviderMessageID = "wamid.seed." + m.ID
			lastIn = at
		case takeover && k > n/2:
			m.Author, m.Direction, m.Status = inbox.AuthorHuman, inbox.DirectionOut, inbox.MessageRead
			m.AuthorUserID = g.users[r.IntN(len(g.users))]
			m.Text = g.fill(g.pick(humanLines), name, city, product)
		default:
			m.Author, m.Direction, m.Status = inbox.AuthorAI, inbox.DirectionOut, inbox.MessageRead
			m.Text = g.fill(g.pick(aiLines), name, city, product)
			sent := at.Add(time.Second)
			m.SentAt, m.DeliveredAt = &sent, &sent
			in, out := int64(900+r.IntN(2500)), int64(40+r.IntN(200))
			b.Traces = append(b.Traces, inbox.Trace{ID: piloto.NewID(), OrganizationID: g.org, ConversationID: conv.ID,
				MessageID: m.ID, AgentID: g.agent, AgentVersion: 1, InputTokens: in, OutputTokens: out,
				CostMicroBRL: in*3 + out*12, LatencyMS: int64(700 + r.IntN(4000)), CreatedAt: at,
				Detail: inbox.TraceDetail{Provider: "openai", Model: "gpt-4o-mini", PromptChars: int(in) * 4, Outcome: "reply",
					ToolCalls: []inbox.ToolCall{}, Passages: []inbox.Passage{}}})
		}
		b.Messages = append(b.Messages, m)
		last = at
	}
	conv.Seq, conv.LastMessageAt, conv.UpdatedAt = int64(n), last, last
	if !lastIn.IsZero() {
		conv.LastInboundAt = &lastIn
	}

	lead := inbox.Lead{ID: piloto.NewID(), OrganizationID: g.org, ContactID: c.ID, Stage: inbox.StageNew, Origin: "whatsapp",
		CreatedAt: startAt, UpdatedAt: last}
	switch p := r.IntN(100); {
	case p < 30:
		lead.Stage = inbox.StageQualifying
	case p < 50:
		lead.Stage = inbox.StageQualified
	case p < 60:
		lead.Stage = inbox.StageWithSeller
	case p < 68:
		lead.Stage = inbox.StageWon
	case p < 78:
		lead.Stage = inbox.StageLost
	}
	if lead.Stage != inbox.StageNew {
		lead.Fields = []inbox.LeadField{
			{Key: "cidade", Value: city, Evidence: "moro em " + city, Confidence: 0.9, UpdatedAt: last},
			{Key: "interesse", Value: product, Evidence: "quero " + product, Confidence: 0.8, UpdatedAt: last},
		}
	}
	if lead.Stage.Closed() {
		lead.ClosedAt = &last
	}
	if handoff || takeover || r.IntN(100) < 15 {
		lead.AssigneeID = g.users[r.IntN(len(g.users))]
	}
	conv.Lead = &lead
	b.Leads = append(b.Leads, lead)

	switch {
	case handoff:
		conv.Status = inbox.StatusWaitingHuman
	case takeover:
		conv.AIPaused = true
	}
	if r.IntN(100) < 20 {
		conv.Labels = []string{g.pick(labels)}
	}
	// Quiet for 24 h closes a conversation; some a person closed sooner.
	switch {
	case last.Before(g.now.Add(-inbox.DefaultQuiet)):
		closedAt := last.Add(inbox.DefaultQuiet + time.Duration(r.IntN(600))*time.Second)
		conv.Status, conv.ClosedBy, conv.ClosedAt, conv.UpdatedAt = inbox.StatusClosed, inbox.ClosedByQuiet, &closedAt, closedAt
		if r.IntN(100) < 30 {
			closedAt = last.Add(time.Duration(60+r.IntN(3600)) * time.Second)
			conv.ClosedBy, conv.ClosedByUserID, conv.ClosedAt = inbox.ClosedByPerson, g.users[r.IntN(len(g.users))], &closedAt
		}
	case !handoff && r.IntN(100) < 10:
		closedAt := last.Add(time.Duration(60+r.IntN(600)) * time.Second)
		if closedAt.After(g.now) {
			closedAt = g.now
		}
		conv.Status, conv.ClosedBy, conv.ClosedByUserID, conv.ClosedAt = inbox.StatusClosed, inbox.ClosedByPerson,
			g.users[r.IntN(len(g.users))], &closedAt
	}
	b.Conversations = append(b.Conversations, conv)
}

// fill puts the conversation's details in a line.
func (g *gen) fill(line, name, city, product string) string {
	first, _, _ := strings.Cut(name, " ")
	return strings.NewReplacer("{nome}", first, "{cidade}", city, "{produto}", product,
		"{valor}", strconv.Itoa(8+g.rng.IntN(60))+"."+strconv.Itoa(100+g.rng.IntN(900)),
		"{conta}", strconv.Itoa(150+g.rng.IntN(1500)), "{dias}", strconv.Itoa(2+g.rng.IntN(28))).Replace(line)
}

var sellerNames = []string{"Bia Vendas", "Caio Comercial", "Duda Atendimento"}

var firstNames = []string{"Ana", "João", "Maria", "José", "Francisco", "Antônio", "Carlos", "Paulo", "Pedro", "Lucas",
	"Luiz", "Marcos", "Luís", "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Juliana",
	"Fernanda", "Patrícia", "Aline", "Sandra", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana",
	"Vanessa", "Mariana", "Gabriela", "Vitória", "Larissa", "Cláudia", "Beatriz", "Conceição", "Raimundo", "Sebastião",
	"Joaquim", "Thiago", "Rodrigo", "Vinícius", "Leonardo", "Renata", "Simone", "Débora"}

var lastNames = []string{"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
	"Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
	"Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso",
	"Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Conceição", "Brandão", "Magalhães", "Falcão"}

var cities = []string{"Goiânia", "São Paulo", "Belo Horizonte", "Brasília", "Anápolis", "Uberlândia", "Campinas",
	"Ribeirão Preto", "Cuiabá", "Campo Grande", "Curitiba", "Londrina", "Salvador", "Recife", "Fortaleza", "Natal",
	"João Pessoa", "Maceió", "Aracaju", "Teresina", "São Luís", "Belém", "Manaus", "Palmas", "Vitória", "Florianópolis",
	"Porto Alegre", "Rio Verde", "Itumbiara", "Catalão"}

var products = []string{"kit de energia solar de 5 kWp", "sistema fotovoltaico residencial", "bateria de lítio",
	"inversor híbrido", "carregador para carro elétrico", "painéis solares para o comércio", "usina solar para a fazenda",
	"bomba solar para irrigação", "manutenção dos painéis", "ampliação do sistema"}

var labels = []string{"vip", "orçamento enviado", "retornar", "indicação", "urgente", "financiamento", "visita técnica"}

var handoffReasons = []string{"o lead pediu para falar com uma pessoa", "pergunta sem resposta na base de conhecimento",
	"pedido de desconto acima do permitido", "reclamação", "negociação de contrato"}

var leadLines = []string{
	"Oi, boa tarde! Vi o anúncio de vocês no Instagram",
	"Olá, quero saber o preço do {produto}",
	"Quanto custa o {produto}?",
	"Minha conta de luz vem uns R$ {conta} por mês, compensa?",
	"Moro em {cidade}, vocês atendem aqui?",
	"Vocês parcelam? Tem financiamento?",
	"Qual o prazo de instalação?",
	"Preciso de um orçamento pra minha casa",
	"É pra minha empresa, a gente gasta bastante energia",
	"Tem garantia? Quantos anos?",
	"E se faltar luz, o sistema continua funcionando?",
	"Quero colocar bateria pra não ficar sem energia",
	"vcs fazem visita técnica?",
	"qto fica a instalação completa?",
	"Pode me mandar uma proposta por aqui mesmo?",
	"Meu telhado é de fibrocimento, dá pra instalar?",
	"Achei meio caro, tem desconto à vista?",
	"Vou conversar com meu marido e te retorno",
	"Pode ser na semana que vem, de manhã",
	"Obrigada pelas informações!",
	"Quero falar com um vendedor, por favor",
	"Meu nome é {nome}, pode anotar",
	"O financiamento é pelo banco ou por vocês?",
	"Quanto tempo leva pra se pagar?",
	"Tenho interesse sim, como faço pra fechar?",
	"Ok, aguardo o contato",
	"Bom dia! Ainda tem a promoção?",
	"Vocês trabalham com carregador de carro elétrico?",
	"A instalação suja muito? Precisa quebrar parede?",
	"Qual a marca dos painéis?",
}

var aiLines = []string{
	"Olá, {nome}! Tudo bem? Sou a Sol, assistente virtual. Como posso ajudar?",
	"Atendemos {cidade} e região, sim! Para um orçamento preciso saber o valor médio da sua conta de luz.",
	"Com uma conta de R$ {conta}, um {produto} costuma se pagar em 3 a 5 anos.",
	"O {produto} sai a partir de R$ {valor}, com instalação inclusa.",
	"Parcelamos em até 60 vezes pelo financiamento solar, com carência de 90 dias.",
	"A instalação leva de {dias} dias após a aprovação do projeto na distribuidora.",
	"Os painéis têm garantia de 25 anos de eficiência e o inversor, 10 anos.",
	"Sem bateria, o sistema desliga quando falta luz, por segurança. Com o inversor híbrido e bateria, continua funcionando.",
	"Posso agendar uma visita técnica gratuita. Qual o melhor dia e horário?",
	"Perfeito, {nome}! Anotei aqui. Um consultor vai te enviar a proposta completa.",
	"Instalamos em telhado cerâmico, metálico e de fibrocimento, sim.",
	"Trabalhamos com painéis de 550 W monocristalinos de primeira linha.",
	"À vista no Pix temos 5% de desconto sobre o valor da proposta.",
	"Claro! Fico no aguardo. Qualquer dúvida é só chamar por aqui.",
	"A instalação é limpa: os cabos passam por eletrodutos externos, sem quebrar paredes.",
	"Para calcular certinho, pode me mandar uma foto da sua última conta de energia?",
	"Ótimo! Qual é o seu CEP para eu verificar a distribuidora?",
	"Temos sim carregadores de 7 kW para carro elétrico, instalados na sua garagem.",
}

var humanLines = []string{
	"Oi {nome}, aqui é da equipe comercial. Assumi seu atendimento!",
	"Consegui uma condição especial: R$ {valor} à vista.",
	"Te mandei a proposta por e-mail, pode conferir?",
	"Podemos agendar a visita para quinta às 9h?",
	"Fechado! Vou preparar o contrato.",
}
