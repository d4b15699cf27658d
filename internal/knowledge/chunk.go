package knowledge

import (
	"strings"
	"unicode/utf8"
)

// Chunk sizes, in characters, heading path included.
const (
	TargetChunk = 800
	MaxChunk    = 1200
)

// Chunk is a piece of a document the agent can be given whole.
type Chunk struct {
	Seq     int
	Heading string // the heading path, "Garantias › Inversores"
	Text    string // what the chunk says, the heading path first
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// Split cuts a document into chunks that follow its structure: a chunk
// never crosses a heading, paragraphs are packed up to TargetChunk, a
// paragraph too long for MaxChunk is cut at sentence ends (then words), and
// every chunk starts with its heading path. A table row is never split from
// its header: rows are written as Markdown table rows, packed under the
// table's header row, except that a record of a CSV file becomes a chunk of
// its own written as "column: value" pairs.
func Split(doc *Document) []Chunk {
	var (
		out   []Chunk
		path  []Block // the current headings, by level
		parts []string
	)
	headingPath := func() string {
		var names []string
		for _, h := range path {
			names = append(names, h.Text)
		}
		return strings.Join(names, " › ")
	}
	prefix := func() string {
		if h := headingPath(); h != "" {
			return h + "\n\n"
		}
		return ""
	}
	flush := func() {
		if len(parts) == 0 {
			return
		}
		out = append(out, Chunk{Seq: len(out), Heading: headingPath(), Text: prefix() + strings.Join(parts, "\n\n")})
		parts = nil
	}
	add := func(piece string) {
		room := MaxChunk - runes(prefix())
		for _, p := range fit(piece, room) {
			size := runes(strings.Join(append(parts, p), "\n\n"))
			if len(parts) > 0 && (size > room || size > TargetChunk) {
				flush()
			}
			parts = append(parts, p)
		}
	}
	for _, b := range doc.Blocks {
		switch b.Kind {
		case Heading:
			flush()
			for len(path) > 0 && path[len(path)-1].Level >= b.Level {
				path = path[:len(path)-1]
			}
			path = append(path, b)
		case Paragraph:
			add(b.Text)
		case Table:
			flush()
			if b.Records {
				for _, row := range b.Rows {
					add(describeRow(b.Header, row))
					flush()
				}
				continue
			}
			head := mdRow(b.Header)
			room := min(MaxChunk-runes(prefix()), TargetChunk) - runes(head) - 1
			var rows []string
			emit := func() {
				if len(rows) > 0 {
					parts = []string{strings.TrimPrefix(head+"\n"+strings.Join(rows, "\n"), "\n")}
					flush()
					rows = nil
				}
			}
			for _, row := range b.Rows {
				for _, r := range fit(mdRow(row), room) {
					if len(rows) > 0 && runes(strings.Join(append(rows, r), "\n")) > room {
						emit()
					}
					rows = append(rows, r)
				}
			}
			emit()
		}
	}
	flush()
	return out
}

// describeRow writes a record so it stands on its own:
// "codigo: RES-03; plano: Residencial 3 kWp; …".
func describeRow(header, row []string) string {
	var pairs []string
	for i, v := range row {
		v = clean(v)
		if v == "" {
			continue
		}
		if i < len(header) && clean(header[i]) != "" {
			pairs = append(pairs, clean(header[i])+": "+v)
		} else {
			pairs = append(pairs, v)
		}
	}
	return strings.Join(pairs, "; ")
}

// mdRow writes a table row as Markdown, "| RES-03 | Residencial 3 kWp |":
// each chunk of a table starts with the header row, so a row is always
// read under its column names. An empty row (no header) gives "".
func mdRow(cells []string) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString("| " + clean(c) + " ")
	}
	if b.Len() == 0 {
		return ""
	}
	return b.String() + "|"
}

// fit cuts text into pieces of at most room characters: at sentence ends
// where it can, else at spaces, else anywhere.
func fit(text string, room int) []string {
	if room < 100 {
		room = 100 // a heading path that long is cut with the text
	}
	if runes(text) <= room {
		return []string{text}
	}
	var out []string
	var cur strings.Builder
	for _, s := range sentences(text) {
		if runes(cur.String())+runes(s)+1 > room && cur.Len() > 0 {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
		for runes(s) > room { // one sentence longer than the room: cut at a space
			cut := []rune(s)[:room]
			i := strings.LastIndex(string(cut), " ")
			if i <= 0 {
				i = len(string(cut))
			}
			out = append(out, strings.TrimSpace(s[:i]))
			s = strings.TrimSpace(s[i:])
		}
		if cur.Len() > 0 {
			cur.WriteString(" ")
		}
		cur.WriteString(s)
	}
	if t := strings.TrimSpace(cur.String()); t != "" {
		out = append(out, t)
	}
	return out
}

// sentences splits text after ". ", "! ", "? " and line breaks.
func sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		end := c == '\n' || ((c == '.' || c == '!' || c == '?') && i+1 < len(text) && text[i+1] == ' ')
		if end {
			if s := strings.TrimSpace(text[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
