package reply

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
)

// Open reports whether now falls within the business hours cfg, read in
// cfg's time zone: a window "HH:MM"–"HH:MM" of now's weekday includes its
// start and excludes its end ("24:00" ends at midnight). Disabled hours are
// always open. Seconds count: with a window ending at 18:00, 17:59:59 is open
// and 18:00:00 is closed.
//
// Open never fails: an unknown or empty time zone is read as São Paulo (see
// Location), and a window that does not parse or does not end after it starts
// is ignored, so a day with only bad windows is closed. Validation rejects
// both on save (agent.Config.Validate).
func Open(cfg agent.BusinessHours, now time.Time) bool {
	if !cfg.Enabled {
		return true
	}
	local := now.In(Location(cfg.TimeZone))
	minute := local.Hour()*60 + local.Minute()
	for _, w := range windows(cfg.Week, local.Weekday()) {
		if w.start <= minute && minute < w.end {
			return true
		}
	}
	return false
}

// Location returns the IANA time zone name, loaded once and cached. An
// empty, "Local" or unknown name gives piloto.SaoPaulo, the organizations'
// default: an agent's time must never depend on the machine's zone.
func Location(name string) *time.Location {
	if name == "" || name == "Local" {
		return piloto.SaoPaulo
	}
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = piloto.SaoPaulo
	}
	locations.Store(name, loc)
	return loc
}

var locations sync.Map // name → *time.Location

// window is an opening window in minutes after midnight, end exclusive.
type window struct{ start, end int }

// windows returns the valid windows of day d of w.
func windows(w agent.Week, d time.Weekday) []window {
	var out []window
	for _, r := range day(w, d) {
		start, okStart := clockMinutes(r.Start, false)
		end, okEnd := clockMinutes(r.End, true)
		if okStart && okEnd && end > start {
			out = append(out, window{start, end})
		}
	}
	return out
}

// day returns the ranges of weekday d.
func day(w agent.Week, d time.Weekday) []agent.TimeRange {
	switch d {
	case time.Monday:
		return w.Mon
	case time.Tuesday:
		return w.Tue
	case time.Wednesday:
		return w.Wed
	case time.Thursday:
		return w.Thu
	case time.Friday:
		return w.Fri
	case time.Saturday:
		return w.Sat
	default:
		return w.Sun
	}
}

// clockMinutes reads "HH:MM" (00:00 to 23:59) as minutes after midnight;
// "24:00" is accepted only as an end.
func clockMinutes(s string, end bool) (int, bool) {
	if end && s == "24:00" {
		return 24 * 60, true
	}
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// weekdayNames are the pt-BR names of the weekdays, Sunday first as
// time.Weekday counts.
var weekdayNames = [7]string{"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"}

// shortWeekdays are the names HoursSummary uses, Sunday first.
var shortWeekdays = [7]string{"domingo", "segunda", "terça", "quarta", "quinta", "sexta", "sábado"}

var monthNames = [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"}

// DateTime writes t, in its own location, the way a Brazilian reads it:
// "terça-feira, 24 de novembro de 2026, 14:05". Convert t with In first.
func DateTime(t time.Time) string {
	return weekdayNames[t.Weekday()] + ", " + strconv.Itoa(t.Day()) + " de " + monthNames[t.Month()-1] + " de " +
		strconv.Itoa(t.Year()) + ", " + t.Format("15:04")
}

// HoursSummary describes the business hours in pt-BR, Monday first, joining
// consecutive days with the same windows: "segunda a sexta, 08:00–18:00;
// sábado, 08:00–12:00; domingo, fechado". Disabled hours read "a qualquer
// hora". Windows that do not parse are left out, as Open ignores them.
func HoursSummary(cfg agent.BusinessHours) string {
	if !cfg.Enabled {
		return "a qualquer hora"
	}
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	describe := func(d time.Weekday) string {
		ws := windows(cfg.Week, d)
		if len(ws) == 0 {
			return "fechado"
		}
		spans := make([]string, len(ws))
		for i, w := range ws {
			spans[i] = hhmm(w.start) + "–" + hhmm(w.end)
		}
		return strings.Join(spans, " e ")
	}
	var groups []string
	for i := 0; i < len(order); {
		desc := describe(order[i])
		j := i + 1
		for j < len(order) && describe(order[j]) == desc {
			j++
		}
		days := shortWeekdays[order[i]]
		switch j - i {
		case 1:
		case 2:
			days += " e " + shortWeekdays[order[j-1]]
		default:
			days += " a " + shortWeekdays[order[j-1]]
		}
		groups = append(groups, days+", "+desc)
		i = j
	}
	return strings.Join(groups, "; ")
}

// hhmm writes minutes after midnight as "HH:MM".
func hhmm(m int) string {
	return twoDigits(m/60) + ":" + twoDigits(m%60)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
