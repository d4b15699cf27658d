package llm

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/pilotodevendas/piloto"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// Purposes of a call, in its usage record.
const (
	PurposeTest  = "test"  // "Testar" on the settings page
	PurposeReply = "reply" // an agent answering a conversation
)

// Use says what calls are for, in their usage records.
type Use struct {
	AgentID        string // "" when no agent makes the call
	ConversationID string // "" when it is not part of a conversation
	Purpose        string // PurposeTest, PurposeReply, …
}

// UsageRecord is one call's usage: tokens as the provider counted them and
// the cost from the price table (micro-reais; Priced false and cost 0 for a
// model the table does not know).
type UsageRecord struct {
	ID             string
	OrganizationID string
	AgentID        string // "" for none
	ConversationID string // "" for none
	Provider       string
	Model          string
	Purpose        string
	InputTokens    int64
	OutputTokens   int64
	CostMicroBRL   int64
	Priced         bool
	CreatedAt      time.Time
}

// UsageBucket is how finely the store sums usage in time: 15 minutes, so
// that the buckets fall whole into the days of any time zone (every UTC
// offset in use is a multiple of 15 minutes).
const UsageBucket = 15 * time.Minute

// UsageSum is a sum of calls.
type UsageSum struct {
	Calls         int64 `json:"calls"`
	InputTokens   int64 `json:"input_tokens"`
	OutputTokens  int64 `json:"output_tokens"`
	CostMicroBRL  int64 `json:"cost_micro_brl"`
	UnpricedCalls int64 `json:"unpriced_calls"`
}

func (s *UsageSum) add(o UsageSum) {
	s.Calls += o.Calls
	s.InputTokens += o.InputTokens
	s.OutputTokens += o.OutputTokens
	s.CostMicroBRL += o.CostMicroBRL
	s.UnpricedCalls += o.UnpricedCalls
}

// BucketUsage is the usage of one UsageBucket starting at Start (UTC).
type BucketUsage struct {
	Start time.Time
	UsageSum
}

// DayUsage is the usage of one day of the organization's calendar.
type DayUsage struct {
	Day          string `json:"day"` // YYYY-MM-DD
	Calls        int64  `json:"calls"`
	InputTokens  int64  `json:"input_tokens"`
	OutputTokens int64  `json:"output_tokens"`
	CostMicroBRL int64  `json:"cost_micro_brl"`
}

// AgentUsage is the usage of one agent (AgentID nil: calls tied to no agent,
// such as tests, or of an agent since deleted).
type AgentUsage struct {
	AgentID      *string `json:"agent_id"`
	AgentName    string  `json:"agent_name"`
	Calls        int64   `json:"calls"`
	InputTokens  int64   `json:"input_tokens"`
	OutputTokens int64   `json:"output_tokens"`
	CostMicroBRL int64   `json:"cost_micro_brl"`
}

// UsageReport is the usage page: totals, every day of the range (oldest
// first, days without calls included) and every agent (biggest cost
// first).
type UsageReport struct {
	From     string       `json:"from"` // YYYY-MM-DD, in TimeZone
	To       string       `json:"to"`
	TimeZone string       `json:"time_zone"`
	Total    UsageSum     `json:"total"`
	ByDay    []DayUsage   `json:"by_day"`
	ByAgent  []AgentUsage `json:"by_agent"`
}

// MaxUsageDays is the longest range of the usage page.
const MaxUsageDays = 366

// Prices returns the price table (loaded once: the shipped one with
// PILOTO_PRICES_FILE over it). It is nil when the file does not load, which
// start-up validation prevents; calls are then recorded without a cost.
func (s *Service) Prices() *Prices {
	s.pricesOnce.Do(func() {
		p, err := s.Config.Prices()
		if err != nil {
			s.logger().Error("the LLM price table does not load: costs are not recorded", "err", err)
			return
		}
		s.prices = p
	})
	return s.prices
}

// Record stores a call's usage for the organization, its cost from the
// price table at PILOTO_USD_BRL. The runtime calls it for calls it makes
// outside Metered providers; Metered providers call it themselves.
func (s *Service) Record(ctx context.Context, orgID string, use Use, provider, model string, u Usage) error {
	_, err := s.record(ctx, orgID, use, provider, model, u)
	return err
}

// record stores a call's usage and returns its cost in micro-reais (0 when
// the model has no price).
func (s *Service) record(ctx context.Context, orgID string, use Use, provider, model string, u Usage) (int64, error) {
	rec := &UsageRecord{
		ID: piloto.NewID(), OrganizationID: orgID, AgentID: use.AgentID, ConversationID: use.ConversationID,
		Provider: provider, Model: model, Purpose: use.Purpose,
		InputTokens: int64(max(u.InputTokens, 0)), OutputTokens: int64(max(u.OutputTokens, 0)),
		CreatedAt: s.Clock.Now(),
	}
	if rec.Purpose == "" {
		rec.Purpose = PurposeReply
	}
	if p := s.Prices(); p != nil {
		rec.CostMicroBRL, rec.Priced = p.Cost(model, u, s.Config.USDBRL)
	}
	return rec.CostMicroBRL, s.Store.RecordLLMUsage(ctx, rec)
}

// Metered wraps p so that every call it completes records its usage for
// the organization and use (a failed record is logged, not returned: the
// answer was given) and sets the Response's CostMicroBRL. Calls that fail
// record nothing: the providers do not say what they consumed.
func (s *Service) Metered(p Provider, orgID string, use Use) Provider {
	return &metered{Provider: p, s: s, orgID: orgID, use: use}
}

type metered struct {
	Provider
	s     *Service
	orgID string
	use   Use
}

func (m *metered) Unwrap() Provider { return m.Provider }

func (m *metered) Stream(ctx context.Context, req Request, fn func(Event) error) (*Response, error) {
	resp, err := m.Provider.Stream(ctx, req, fn)
	if resp != nil {
		model := resp.Model
		if p := m.s.Prices(); model == "" || (p != nil && !hasPrice(p, model) && hasPrice(p, req.Model)) {
			model = req.Model // priced under the name asked for when the answer's is unknown
		}
		cost, rerr := m.s.record(context.WithoutCancel(ctx), m.orgID, m.use, m.Provider.Name(), model, resp.Usage)
		resp.CostMicroBRL = cost
		if rerr != nil {
			m.s.logger().ErrorContext(ctx, "recording LLM usage failed", "organization_id", m.orgID,
				"provider", m.Provider.Name(), "model", model, "err", rerr)
		}
	}
	return resp, err
}

func hasPrice(p *Prices, model string) bool {
	_, ok := p.Lookup(model)
	return ok
}

// Usage sums the organization's calls over the last days days (1 to
// MaxUsageDays; today included) of its calendar in loc. EINVALID naming
// days.
func (s *Service) Usage(ctx context.Context, orgID string, loc *time.Location, days int) (*UsageReport, error) {
	if days < 1 || days > MaxUsageDays {
		return nil, piloto.Invalid("Escolha um período de 1 a 366 dias.", map[string]string{"days": "Use um número de 1 a 366."})
	}
	if loc == nil {
		loc = piloto.SaoPaulo
	}
	y, m, d := s.Clock.Now().In(loc).Date()
	first := time.Date(y, m, d-days+1, 0, 0, 0, 0, time.UTC) // civil dates, free of DST
	last := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	localMidnight := func(day time.Time) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc).UTC()
	}
	from, to := localMidnight(first), localMidnight(last.AddDate(0, 0, 1))

	buckets, err := s.Store.LLMUsageBuckets(ctx, orgID, from, to)
	if err != nil {
		return nil, err
	}
	agents, err := s.Store.LLMUsageByAgent(ctx, orgID, from, to)
	if err != nil {
		return nil, err
	}

	r := &UsageReport{From: first.Format(time.DateOnly), To: last.Format(time.DateOnly), TimeZone: loc.String(),
		ByDay: make([]DayUsage, 0, days), ByAgent: agents}
	byDay := map[string]*UsageSum{}
	for _, b := range buckets {
		day := b.Start.In(loc).Format(time.DateOnly)
		if byDay[day] == nil {
			byDay[day] = &UsageSum{}
		}
		byDay[day].add(b.UsageSum)
		r.Total.add(b.UsageSum)
	}
	for day := first; !day.After(last); day = day.AddDate(0, 0, 1) {
		key := day.Format(time.DateOnly)
		du := DayUsage{Day: key}
		if sum := byDay[key]; sum != nil {
			du.Calls, du.InputTokens, du.OutputTokens, du.CostMicroBRL = sum.Calls, sum.InputTokens, sum.OutputTokens, sum.CostMicroBRL
		}
		r.ByDay = append(r.ByDay, du)
	}
	if r.ByAgent == nil {
		r.ByAgent = []AgentUsage{}
	}
	slices.SortStableFunc(r.ByAgent, func(a, b AgentUsage) int {
		return cmp.Or(cmp.Compare(b.CostMicroBRL, a.CostMicroBRL), cmp.Compare(b.Calls, a.Calls),
			cmp.Compare(a.AgentName, b.AgentName))
	})
	return r, nil
}
