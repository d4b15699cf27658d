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
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var spaces = regexp.MustCompile(`[ \t\x{00a0}]+`)

// clean collapses runs of spaces and trims a line of text.
func clean(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

var (
	mdHeading  = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
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
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t")
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			flush()
			doc.Blocks = append(doc.Blocks, Block{Kind: Heading, Level: len(m[1]), Text: clean(m[2])})
			if doc.Title == "" && len(m[1]) == 1 {
				doc.Title = clean(m[2])
			}
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
	t := Block{Kind: Table, Header: records[0]}
	for _, rec := range records[1:] {
		t.Rows = append(t.Rows, rec)
	}
	return &Document{Blocks: []Block{t}}, nil
}

// boilerplate elements are dropped from HTML with everything inside.
var boilerplate = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Svg: true,
	atom.Template: true, atom.Button: true,
}

var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// extractHTML keeps the page's main text: headings, paragraphs, list items
// and tables; navigation, headers, footers, scripts and forms are dropped.
func extractHTML(content []byte) (*Document, error) {
	root, err := html.Parse(bytes.NewReader(content))
	if err != nil {
		return nil, unreadable("Não foi possível ler o HTML.")
	}
	doc := &Document{}
	var body *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Title && doc.Title == "":
				doc.Title = clean(textOf(n))
				return
			case n.DataAtom == atom.Main || n.DataAtom == atom.Article:
				if body == nil {
					body = n
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if body == nil {
		body = root
	}
	var blocks func(n *html.Node)
	blocks = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if boilerplate[n.DataAtom] {
				return
			}
			if lvl, ok := headingLevel[n.DataAtom]; ok {
				if t := clean(textOf(n)); t != "" {
					doc.Blocks = append(doc.Blocks, Block{Kind: Heading, Level: lvl, Text: t})
				}
				return
			}
			switch n.DataAtom {
			case atom.P, atom.Li, atom.Dt, atom.Dd, atom.Blockquote, atom.Pre, atom.Figcaption:
				if t := clean(textOf(n)); t != "" {
					if n.DataAtom == atom.Li {
						t = "- " + t
					}
					doc.Blocks = append(doc.Blocks, Block{Kind: Paragraph, Text: t})
				}
				return
			case atom.Table:
				if t := tableOf(n); len(t.Rows) > 0 || len(t.Header) > 0 {
					doc.Blocks = append(doc.Blocks, t)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			blocks(c)
		}
	}
	blocks(body)
	return doc, nil
}

// textOf is the visible text inside n, boilerplate left out.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && boilerplate[n.DataAtom] {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Br {
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func tableOf(n *html.Node) Block {
	t := Block{Kind: Table}
	var rows func(*html.Node)
	rows = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Tr {
			var cells []string
			header := false
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
					cells = append(cells, clean(textOf(c)))
					header = header || c.DataAtom == atom.Th
				}
			}
			if header && t.Header == nil {
				t.Header = cells
			} else if len(cells) > 0 {
				t.Rows = append(t.Rows, cells)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rows(c)
		}
	}
	rows(n)
	return t
}

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
		rows, err := p.GetTextByRow()
		if err != nil {
			return nil, unreadable("O PDF está corrompido ou incompleto.")
		}
		for _, row := range rows {
			var line []string
			for _, w := range row.Content {
				line = append(line, w.S)
			}
			b.WriteString(strings.Join(line, ""))
			b.WriteString("\n")
			if b.Len() > lim.MaxText {
				return nil, unreadable("O arquivo tem texto demais (mais de %d mil caracteres). Divida-o em partes.", lim.MaxText/1000)
			}
		}
		b.WriteString("\n")
	}
	return parseMarkdown(b.String()), nil
}
