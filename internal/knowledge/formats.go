package knowledge

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"regexp"
	"strings"

	"github.com/ledongthuc/pdf"
)

var spaces = regexp.MustCompile(`[ \t\x{00a0}]+`)

// clean collapses runs of spaces and trims a line of text.
func clean(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

var (
	mdHeading  = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdBoldLine = regexp.MustCompile(`^\*\*([^*]{2,120})\*\*:?$`)
	mdTableSep = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)
)

func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(strings.TrimSuffix(line, "|"), "|")
	cells := strings.Split(line, "|")
	for i := range cells {
		cells[i] = clean(cells[i])
	}
	return cells
}

// parseMarkdown reads Markdown (and plain text, which is Markdown without
// marks): # headings, pipe tables, and paragraphs separated by blank lines.
// List items stay lines of their paragraph.
func parseMarkdown(src string) *Document {
	doc := &Document{}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var para []string
	flush := func() {
		if len(para) > 0 {
			if t := strings.TrimSpace(strings.Join(para, "\n")); t != "" {
				doc.Blocks = append(doc.Blocks, Block{Kind: Paragraph, Text: t})
			}
			para = nil
		}
	}
	level := 0 // of the last "#" heading
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t")
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			flush()
			level = len(m[1])
			doc.Blocks = append(doc.Blocks, Block{Kind: Heading, Level: level, Text: clean(m[2])})
			if doc.Title == "" && level == 1 {
				doc.Title = clean(m[2])
			}
			continue
		}
		// A line all in bold that starts a paragraph titles what follows
		// ("**E se eu mudar de casa?**" in a FAQ): a heading under the
		// last real one.
		if m := mdBoldLine.FindStringSubmatch(line); m != nil && len(para) == 0 && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			doc.Blocks = append(doc.Blocks, Block{Kind: Heading, Level: min(level+1, 6), Text: clean(m[1])})
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "|") && i+1 < len(lines) && mdTableSep.MatchString(strings.TrimSpace(lines[i+1])) {
			flush()
			t := Block{Kind: Table, Header: splitRow(line)}
			i += 2
			for ; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
				t.Rows = append(t.Rows, splitRow(lines[i]))
			}
			i--
			doc.Blocks = append(doc.Blocks, t)
			continue
		}
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		para = append(para, clean(line))
	}
	flush()
	return doc
}

// extractCSV reads a table whose first row names the columns.
func extractCSV(content []byte) (*Document, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(content, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return nil, unreadable("O CSV está malformado: %v", err)
	}
	if len(records) < 2 {
		return nil, unreadable("O CSV precisa de uma linha de cabeçalho e ao menos uma linha de dados.")
	}
	t := Block{Kind: Table, Header: records[0], Records: true}
	for _, rec := range records[1:] {
		t.Rows = append(t.Rows, rec)
	}
	return &Document{Blocks: []Block{t}}, nil
}

// HTML is read by extractHTML, in html.go.

// extractDOCX reads word/document.xml: paragraphs (Heading styles become
// headings) and tables (the first row is the header). The archive is read
// with a cap on what it unzips, so a zip bomb stops early.
func extractDOCX(content []byte, lim Limits) (*Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return nil, unreadable("O DOCX está corrompido.")
	}
	var f *zip.File
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			f = zf
		}
	}
	if f == nil {
		return nil, unreadable("O arquivo não é um documento do Word (falta word/document.xml).")
	}
	if f.UncompressedSize64 > uint64(lim.MaxUnzipped) {
		return nil, unreadable("O DOCX descompactado passa de %d MB.", lim.MaxUnzipped>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, unreadable("O DOCX está corrompido.")
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(lim.MaxUnzipped)+1))
	if err != nil {
		return nil, unreadable("O DOCX está corrompido.")
	}
	if len(data) > lim.MaxUnzipped {
		return nil, unreadable("O DOCX descompactado passa de %d MB.", lim.MaxUnzipped>>20)
	}
	return parseWordXML(data)
}

func parseWordXML(data []byte) (*Document, error) {
	doc := &Document{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		inTable int
		row     []string
		rows    [][]string
		text    strings.Builder
		style   string
		inPara  bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, unreadable("O DOCX está corrompido.")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tbl":
				inTable++
				rows = nil
			case "tr":
				row = nil
			case "p":
				inPara, style = true, ""
				if inTable == 0 {
					text.Reset()
				}
			case "pStyle":
				for _, a := range t.Attr {
					if a.Name.Local == "val" {
						style = a.Value
					}
				}
			case "tab":
				text.WriteString(" ")
			case "br":
				text.WriteString("\n")
			}
		case xml.CharData:
			if inPara {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p":
				inPara = false
				if inTable > 0 {
					text.WriteString(" ")
					continue
				}
				s := clean(text.String())
				if s == "" {
					continue
				}
				if lvl := wordHeadingLevel(style); lvl > 0 {
					doc.Blocks = append(doc.Blocks, Block{Kind: Heading, Level: lvl, Text: s})
					if doc.Title == "" && (lvl == 1 || style == "Title") {
						doc.Title = s
					}
				} else {
					doc.Blocks = append(doc.Blocks, Block{Kind: Paragraph, Text: s})
				}
			case "tc":
				row = append(row, clean(text.String()))
				text.Reset()
			case "tr":
				rows = append(rows, row)
			case "tbl":
				inTable--
				if inTable == 0 && len(rows) > 0 {
					doc.Blocks = append(doc.Blocks, Block{Kind: Table, Header: rows[0], Rows: rows[1:]})
				}
			}
		}
	}
	return doc, nil
}

func wordHeadingLevel(style string) int {
	s := strings.ToLower(style)
	switch {
	case s == "title":
		return 1
	case strings.HasPrefix(s, "heading") && len(s) == len("heading")+1:
		return int(s[len(s)-1]-'0') + 0
	}
	return 0
}

// extractPDF reads a PDF's text page by page; paragraphs are split on blank
// lines. Tables come out as lines of text (PDF keeps no table structure).
// pdfSection is a numbered section title, "7. Danos durante a obra": PDF
// text keeps no headings, and numbered sections are how contracts, terms
// and manuals mark theirs.
var pdfSection = regexp.MustCompile(`^\d{1,2}(\.\d{1,2})*\.?\s+\p{Lu}`)

// looksLikeHeading says whether a line of PDF text reads as a title: short,
// and not ending a sentence or continuing onto the next line.
func looksLikeHeading(line string) bool {
	return runes(line) <= 80 && !strings.ContainsAny(line[len(line)-1:], ".,;:")
}

// extractPDF reads the text of each page, line by line (text in a PDF has
// no paragraphs; lines of one paragraph are joined again by the chunker),
// and takes the first line and numbered section lines as headings.
func extractPDF(content []byte, lim Limits) (*Document, error) {
	r, err := pdf.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return nil, unreadable("O PDF está corrompido ou incompleto.")
	}
	if r.NumPage() > lim.MaxPages {
		return nil, unreadable("O PDF tem %d páginas; o limite é %d.", r.NumPage(), lim.MaxPages)
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		text, err := p.GetPlainText(nil)
		if err != nil {
			return nil, unreadable("O PDF está corrompido ou incompleto.")
		}
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			switch {
			case b.Len() == 0 && line != "" && looksLikeHeading(line):
				b.WriteString("# " + line + "\n\n")
			case pdfSection.MatchString(line) && looksLikeHeading(line):
				b.WriteString("\n## " + line + "\n\n")
			default:
				b.WriteString(line + "\n")
			}
			if b.Len() > lim.MaxText {
				return nil, unreadable("O arquivo tem texto demais (mais de %d mil caracteres). Divida-o em partes.", lim.MaxText/1000)
			}
		}
		b.WriteString("\n")
	}
	return parseMarkdown(b.String()), nil
}
