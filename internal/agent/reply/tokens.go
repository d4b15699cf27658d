package reply

import (
	"unicode"

	"github.com/pilotodevendas/piloto/internal/llm"
)

// CountTokens estimates how many tokens s costs a model, offline and without
// a tokenizer, for budgeting Portuguese text. The method:
//
//   - a word (a run of letters) costs one token per four letters, rounded up:
//     short Portuguese words are one token, long ones two or three, as
//     byte-pair tokenizers split them;
//   - a run of digits costs one token per three digits, rounded up, as the
//     GPT tokenizers group numbers (others split them more finely);
//   - every other visible character (punctuation, symbols) costs one token,
//     and an emoji or other pictograph two;
//   - whitespace is free (tokenizers fold a space into the next word).
//
// On running Portuguese prose this gives about one token per three to four
// characters (3.2 on the sample in the tests), a little more than the
// providers' current tokenizers are expected to count: an overestimate is the
// safe side for a budget. Its error against the real tokenizers has not been
// measured (there is none offline here); treat it as ±30% and keep a margin.
func CountTokens(s string) int {
	tokens, letters, digits := 0, 0, 0
	flush := func() {
		tokens += (letters+3)/4 + (digits+2)/3
		letters, digits = 0, 0
	}
	for _, r := range s {
		switch {
		case r == 0xFE0F || r == 0x200D: // emoji variation selector and joiner: part of the emoji
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			if digits > 0 {
				flush()
			}
			letters++
		case unicode.IsDigit(r):
			if letters > 0 {
				flush()
			}
			digits++
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			if unicode.Is(unicode.So, r) || r > 0xFFFF {
				tokens += 2
			} else if !unicode.IsControl(r) {
				tokens++
			}
		}
	}
	flush()
	return tokens
}

// messageOverhead is what a message costs beyond its text: the role and the
// separators providers wrap each turn in.
const messageOverhead = 4

// MessageTokens estimates what m costs in a request: its content, the name
// and arguments of its tool calls and a fixed overhead per message and per
// call, by CountTokens.
func MessageTokens(m llm.Message) int {
	n := messageOverhead + CountTokens(m.Content)
	for _, c := range m.ToolCalls {
		n += messageOverhead + CountTokens(c.Name) + CountTokens(string(c.Arguments))
	}
	return n
}

// TrimHistory returns the most recent messages of msgs, oldest first, whose
// MessageTokens add up to at most budget. It never splits a message and
// keeps the turns intact:
//
//   - the latest lead message (the last with llm.RoleUser) and everything
//     after it are always kept, even when they alone exceed the budget: they
//     are the turn being answered, and the caller decides what to do when
//     they do not fit;
//   - an assistant message with tool calls and the tool results that follow
//     it are kept or dropped together, so no tool result is ever left without
//     the call before it;
//   - tool results without such a call before them (malformed history, or a
//     history that was cut before) are dropped.
//
// Older messages are added, newest first, until the next one (or call with
// its results) does not fit; nothing older than that is kept, so the history
// has no gaps. The result is a new slice; msgs is not modified. A budget of
// zero or less keeps only the turn being answered.
func TrimHistory(msgs []llm.Message, budget int) []llm.Message {
	type unit struct{ start, end, cost int } // msgs[start:end]
	var units []unit
	for i := 0; i < len(msgs); {
		j := i + 1
		switch {
		case msgs[i].Role == llm.RoleTool:
			// An orphan tool result: skip it and any that follow.
			for j < len(msgs) && msgs[j].Role == llm.RoleTool {
				j++
			}
			i = j
			continue
		case msgs[i].Role == llm.RoleAssistant && len(msgs[i].ToolCalls) > 0:
			for j < len(msgs) && msgs[j].Role == llm.RoleTool {
				j++
			}
		}
		u := unit{start: i, end: j}
		for _, m := range msgs[i:j] {
			u.cost += MessageTokens(m)
		}
		units = append(units, u)
		i = j
	}

	// The units from the one holding the latest lead message are kept.
	keepFrom := len(units)
	for k := len(units) - 1; k >= 0; k-- {
		if msgs[units[k].start].Role == llm.RoleUser {
			keepFrom = k
			break
		}
	}
	used := 0
	for _, u := range units[keepFrom:] {
		used += u.cost
	}
	for keepFrom > 0 && used+units[keepFrom-1].cost <= budget {
		keepFrom--
		used += units[keepFrom].cost
	}

	out := []llm.Message{}
	for _, u := range units[keepFrom:] {
		out = append(out, msgs[u.start:u.end]...)
	}
	return out
}
