package reply

import (
	"regexp"
	"strings"
	"unicode"
)

// FormatReply turns a model's answer into the WhatsApp messages to send and
// the ids of the passages it cited.
//
// Citations: markers like [p:ID], or [p:ID1, p:ID2] for several, are removed
// from the text (with the space before them) and their ids returned in the
// order they first appear, without repeats; nil when there are none.
//
// Markdown the model may write becomes WhatsApp formatting: **x** and __x__
// become *x*, ~~x~~ becomes ~x~, a "# Title" line (any level) becomes
// *Title*, "* item" and "+ item" become "- item" ("- item" and "1. item" are
// kept), a table becomes one "a | b" line per row without its separator row,
// [t](u) and ![t](u) become "t: u" (just u when t is empty or u), horizontal
// rules are removed, and code blocks are left as they are (WhatsApp shows
// ``` blocks in monospace). Runs of blank lines become one.
//
// Parts: with maxChars > 0 the text is split into parts of at most maxChars
// characters (runes), cutting at the last paragraph break that fits, else the
// last line break, else the last sentence end, else the last space; never
// inside a *bold* span. Each part is trimmed. A word or *bold* span longer
// than maxChars leaves no such cut: the text is then cut hard at maxChars,
// even inside the word or span. With maxChars <= 0 the text is one part. An
// answer that is empty after formatting gives no parts.
func FormatReply(text string, maxChars int) (parts []string, cited []string) {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text, cited = stripCitations(text)
	text = whatsApp(text)
	if text == "" {
		return nil, cited
	}
	return split(text, maxChars), cited
}

var (
	citation   = regexp.MustCompile(`[ \t]*\[\s*p:\s*[^\s\],;]+(?:\s*[,;]\s*(?:p:\s*)?[^\s\],;]+)*\s*\]`)
	citationID = regexp.MustCompile(`(?:p:\s*)?([^\s\[\],;]+)`)
)

// stripCitations removes the citation markers of text and returns their ids.
func stripCitations(text string) (string, []string) {
	var ids []string
	seen := map[string]bool{}
	text = citation.ReplaceAllStringFunc(text, func(m string) string {
		inner := strings.TrimSpace(m)
		inner = strings.TrimSpace(inner[1 : len(inner)-1])
		for _, sub := range citationID.FindAllStringSubmatch(inner, -1) {
			if id := sub[1]; !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		return ""
	})
	return text, ids
}

var (
	heading   = regexp.MustCompile(`^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$`)
	bullet    = regexp.MustCompile(`^([ \t]*)[*+][ \t]+`)
	rule      = regexp.MustCompile(`^[ \t]*([-*_])[ \t]*(?:[-*_][ \t]*){2,}$`)
	tableSep  = regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$`)
	boldStars = regexp.MustCompile(`\*\*([^*\n]+?)\*\*`)
	boldUnder = regexp.MustCompile(`(^|[^\w])__([^_\n]+?)__([^\w]|$)`)
	strike    = regexp.MustCompile(`~~([^~\n]+?)~~`)
	link      = regexp.MustCompile(`!?\[([^\]\n]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	blankRuns = regexp.MustCompile(`\n{3,}`)
)

// whatsApp converts the Markdown of text to WhatsApp formatting.
func whatsApp(text string) string {
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	code := false
	for _, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			code = !code
			out = append(out, line)
			continue
		}
		if code {
			out = append(out, line)
			continue
		}
		line = strings.TrimRight(line, " \t")
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.Contains(line, "|") && tableSep.MatchString(line):
			continue
		case rule.MatchString(line):
			out = append(out, "")
			continue
		case strings.HasPrefix(trimmed, "|") && strings.Count(trimmed, "|") >= 2:
			cells := strings.Split(strings.Trim(trimmed, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			line = strings.Join(cells, " | ")
		case heading.MatchString(line):
			title := heading.FindStringSubmatch(line)[1]
			title = strings.Trim(strings.ReplaceAll(title, "**", ""), "*_ ")
			if title == "" {
				out = append(out, "")
				continue
			}
			line = "*" + title + "*"
		default:
			line = bullet.ReplaceAllString(line, "$1- ")
		}
		line = link.ReplaceAllStringFunc(line, func(m string) string {
			sub := link.FindStringSubmatch(m)
			label, url := strings.TrimSpace(sub[1]), sub[2]
			if label == "" || label == url {
				return url
			}
			return label + ": " + url
		})
		line = boldStars.ReplaceAllString(line, "*$1*")
		for range 2 { // matches share no boundary, so adjacent ones take two passes
			line = boldUnder.ReplaceAllString(line, "$1*$2*$3")
		}
		line = strike.ReplaceAllString(line, "~$1~")
		out = append(out, line)
	}
	text = strings.Join(out, "\n")
	text = blankRuns.ReplaceAllString(text, "\n\n")
	return strings.TrimSpace(text)
}

// split cuts text into parts of at most max runes (see FormatReply).
func split(text string, max int) []string {
	r := []rune(text)
	if max <= 0 || len(r) <= max {
		return []string{text}
	}
	var parts []string
	for len(r) > 0 {
		if len(r) <= max {
			parts = appendPart(parts, r)
			break
		}
		cut := bestCut(r, max)
		parts = appendPart(parts, r[:cut])
		r = []rune(strings.TrimLeftFunc(string(r[cut:]), unicode.IsSpace))
	}
	return parts
}

func appendPart(parts []string, r []rune) []string {
	if s := strings.TrimSpace(string(r)); s != "" {
		parts = append(parts, s)
	}
	return parts
}

// bestCut returns where to end the next part of r, whose length exceeds
// max: a position p in 1..max, so the part is r[:p], at the best boundary
// that is not inside a bold span.
func bestCut(r []rune, max int) int {
	inBold := boldMask(r, max+1)
	allowed := func(p int) bool { return p > 0 && !inBold[p] && strings.TrimSpace(string(r[:p])) != "" }
	// Candidates by priority; each scan goes from the end of the window back.
	for _, isCut := range []func(p int) bool{
		func(p int) bool { return r[p] == '\n' && p+1 < len(r) && r[p+1] == '\n' }, // paragraph
		func(p int) bool { return r[p] == '\n' },                                   // line
		func(p int) bool { return unicode.IsSpace(r[p]) && sentenceEnd(r[:p]) },    // sentence
		func(p int) bool { return unicode.IsSpace(r[p]) },                          // word
	} {
		for p := max; p > 0; p-- {
			if p < len(r) && isCut(p) && allowed(p) {
				return p
			}
		}
	}
	return max
}

// sentenceEnd reports whether r ends a sentence: with . ! ? or …, possibly
// followed by closing quotes, brackets or a bold asterisk.
func sentenceEnd(r []rune) bool {
	i := len(r) - 1
	for i >= 0 && strings.ContainsRune(`"'”’)]*_~`, r[i]) {
		i--
	}
	return i >= 0 && strings.ContainsRune(".!?…", r[i])
}

// boldMask returns, for each position p < n, whether a cut before r[p] would
// fall strictly inside a WhatsApp bold span: an asterisk at the start or after
// a character that is not a letter, digit or asterisk, text on one line that
// neither starts nor ends with a space, and an asterisk at the end or before
// a character that is not a letter, digit or asterisk.
func boldMask(r []rune, n int) []bool {
	mask := make([]bool, n)
	word := func(c rune) bool { return c == '*' || unicode.IsLetter(c) || unicode.IsDigit(c) }
	for i := 0; i < len(r); i++ {
		if r[i] != '*' || (i > 0 && word(r[i-1])) || i+1 >= len(r) || unicode.IsSpace(r[i+1]) || r[i+1] == '*' {
			continue
		}
		for j := i + 2; j < len(r) && r[j] != '\n'; j++ {
			if r[j] != '*' {
				continue
			}
			if !unicode.IsSpace(r[j-1]) && (j+1 == len(r) || !word(r[j+1])) {
				for p := i + 1; p <= j && p < n; p++ {
					mask[p] = true
				}
				i = j
			}
			break
		}
	}
	return mask
}
