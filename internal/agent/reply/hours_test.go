package reply

import (
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
)

func TestOpen(t *testing.T) {
	weekdays := agent.Defaults("America/Sao_Paulo").BusinessHours
	saturdayOnly := agent.BusinessHours{Enabled: true, TimeZone: "America/Sao_Paulo",
		Week: agent.Week{Sat: []agent.TimeRange{{Start: "09:00", End: "13:00"}}}}
	lateNight := agent.BusinessHours{Enabled: true, TimeZone: "America/Sao_Paulo",
		Week: agent.Week{Fri: []agent.TimeRange{{Start: "08:00", End: "12:00"}, {Start: "20:00", End: "24:00"}}}}
	tokyo := agent.BusinessHours{Enabled: true, TimeZone: "Asia/Tokyo",
		Week: agent.Week{Tue: []agent.TimeRange{{Start: "09:00", End: "18:00"}}}}
	newYork := agent.BusinessHours{Enabled: true, TimeZone: "America/New_York",
		Week: agent.Week{Mon: []agent.TimeRange{{Start: "09:00", End: "17:00"}}}}
	broken := agent.BusinessHours{Enabled: true, TimeZone: "America/Sao_Paulo",
		Week: agent.Week{Mon: []agent.TimeRange{{Start: "9h", End: "18:00"}, {Start: "18:00", End: "10:00"}, {Start: "24:00", End: "24:00"}}}}

	sp := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, piloto.SaoPaulo)
	}
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		hours agent.BusinessHours
		now   time.Time
		want  bool
	}{
		{"disabled is always open", agent.BusinessHours{}, sp(2026, 11, 29, 3, 0, 0), true},
		{"disabled ignores an empty week", agent.BusinessHours{Enabled: false, TimeZone: "Asia/Tokyo"}, utc(2026, 1, 1, 0, 0), true},
		{"enabled with an empty week is closed", agent.BusinessHours{Enabled: true, TimeZone: "America/Sao_Paulo"}, sp(2026, 11, 25, 10, 0, 0), false},
		{"weekday inside", weekdays, sp(2026, 11, 25, 14, 5, 0), true},
		{"start is inclusive", weekdays, sp(2026, 11, 25, 8, 0, 0), true},
		{"a second before the start", weekdays, sp(2026, 11, 25, 7, 59, 59), false},
		{"a second before the end", weekdays, sp(2026, 11, 25, 17, 59, 59), true},
		{"end is exclusive", weekdays, sp(2026, 11, 25, 18, 0, 0), false},
		{"Saturday morning", weekdays, sp(2026, 11, 28, 11, 59, 0), true},
		{"Saturday afternoon", weekdays, sp(2026, 11, 28, 12, 0, 0), false},
		{"Sunday closed", weekdays, sp(2026, 11, 29, 10, 0, 0), false},
		// UTC 11:00 is 08:00 in São Paulo (UTC-3 all year, no DST since 2019).
		{"UTC input read in São Paulo", weekdays, utc(2026, 11, 25, 11, 0), true},
		{"UTC input before opening in São Paulo", weekdays, utc(2026, 11, 25, 10, 59), false},
		{"no DST in January", weekdays, utc(2026, 1, 14, 10, 59), false},
		{"no DST in January, open", weekdays, utc(2026, 1, 14, 11, 0), true},
		// Wednesday 00:30 UTC is still Tuesday 21:30 in São Paulo.
		{"UTC day differs from local day", weekdays, utc(2026, 11, 25, 0, 30), false},
		{"Saturday only: Saturday", saturdayOnly, sp(2026, 11, 28, 9, 0, 0), true},
		{"Saturday only: Saturday after", saturdayOnly, sp(2026, 11, 28, 13, 0, 0), false},
		{"Saturday only: Friday", saturdayOnly, sp(2026, 11, 27, 10, 0, 0), false},
		{"Saturday only: Sunday", saturdayOnly, sp(2026, 11, 29, 10, 0, 0), false},
		{"second window", lateNight, sp(2026, 11, 27, 20, 0, 0), true},
		{"between windows", lateNight, sp(2026, 11, 27, 12, 30, 0), false},
		{"24:00 includes 23:59", lateNight, sp(2026, 11, 27, 23, 59, 59), true},
		{"24:00 ends at midnight", lateNight, sp(2026, 11, 28, 0, 0, 0), false},
		// Tuesday 09:00 in Tokyo is Monday 21:00 in São Paulo.
		{"Tokyo", tokyo, sp(2026, 11, 23, 21, 0, 0), true},
		{"Tokyo before", tokyo, sp(2026, 11, 23, 20, 59, 0), false},
		// New York: 09:00 is 14:00 UTC in winter (EST) and 13:00 UTC in summer (EDT).
		{"New York winter", newYork, utc(2026, 1, 12, 14, 0), true},
		{"New York winter before", newYork, utc(2026, 1, 12, 13, 59), false},
		{"New York summer", newYork, utc(2026, 7, 13, 13, 0), true},
		{"New York summer end", newYork, utc(2026, 7, 13, 21, 0), false},
		{"unknown zone reads as São Paulo", agent.BusinessHours{Enabled: true, TimeZone: "Mars/Olympus",
			Week: agent.Week{Wed: []agent.TimeRange{{Start: "08:00", End: "09:00"}}}}, utc(2026, 11, 25, 11, 30), true},
		{"empty zone reads as São Paulo", agent.BusinessHours{Enabled: true,
			Week: agent.Week{Wed: []agent.TimeRange{{Start: "08:00", End: "09:00"}}}}, utc(2026, 11, 25, 12, 0), false},
		{"bad windows are ignored", broken, sp(2026, 11, 23, 12, 0, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Open(tt.hours, tt.now); got != tt.want {
				t.Errorf("Open(%s) = %v, want %v", tt.now.In(Location(tt.hours.TimeZone)), got, tt.want)
			}
		})
	}
}

func TestClockMinutes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		end  bool
		want int
		ok   bool
	}{
		{"00:00", false, 0, true}, {"08:30", false, 510, true}, {"23:59", true, 1439, true},
		{"24:00", true, 1440, true}, {"24:00", false, 0, false}, {"24:01", true, 0, false},
		{"8:00", false, 0, false}, {"+1:00", false, 0, false}, {"12:60", false, 0, false}, {"", true, 0, false},
	} {
		got, ok := clockMinutes(tt.in, tt.end)
		if got != tt.want || ok != tt.ok {
			t.Errorf("clockMinutes(%q, %v) = %d, %v; want %d, %v", tt.in, tt.end, got, ok, tt.want, tt.ok)
		}
	}
}

func TestHoursSummary(t *testing.T) {
	for _, tt := range []struct {
		name  string
		hours agent.BusinessHours
		want  string
	}{
		{"defaults", agent.Defaults("America/Sao_Paulo").BusinessHours,
			"segunda a sexta, 08:00–18:00; sábado, 08:00–12:00; domingo, fechado"},
		{"disabled", agent.BusinessHours{}, "a qualquer hora"},
		{"two windows and pairs", agent.BusinessHours{Enabled: true, Week: agent.Week{
			Mon: []agent.TimeRange{{Start: "08:00", End: "12:00"}, {Start: "13:00", End: "24:00"}},
			Tue: []agent.TimeRange{{Start: "08:00", End: "12:00"}, {Start: "13:00", End: "24:00"}},
			Sat: []agent.TimeRange{{Start: "09:00", End: "13:00"}}}},
			"segunda e terça, 08:00–12:00 e 13:00–24:00; quarta a sexta, fechado; sábado, 09:00–13:00; domingo, fechado"},
	} {
		if got := HoursSummary(tt.hours); got != tt.want {
			t.Errorf("%s: HoursSummary = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDateTime(t *testing.T) {
	for _, tt := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 24, 14, 5, 0, 0, piloto.SaoPaulo), "terça-feira, 24 de novembro de 2026, 14:05"},
		{time.Date(2026, 3, 1, 0, 0, 0, 0, piloto.SaoPaulo), "domingo, 1 de março de 2026, 00:00"},
		{time.Date(2027, 1, 2, 23, 59, 0, 0, piloto.SaoPaulo), "sábado, 2 de janeiro de 2027, 23:59"},
	} {
		if got := DateTime(tt.t); got != tt.want {
			t.Errorf("DateTime(%s) = %q, want %q", tt.t, got, tt.want)
		}
	}
}
