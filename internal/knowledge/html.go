package knowledge

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML extraction keeps a page's main content, readability-style: the
// <main> (or the one <article>) when the page marks it; without it, the
// body less what looks like the parts around the content — elements whose
// tag, role, id or class say navigation, header, footer, sidebar,
// breadcrumb, cookie notice, sharing, comments, related links or newsletter,
// hidden elements, and blocks that are mostly links (menus, link lists) —
// as headings, paragraphs, list items and tables.

// boilerplate elements are dropped with everything inside (a <header> that
// holds a heading is kept: article headers carry their title; a <form> that
// holds headings or paragraphs too: some sites wrap the whole page in one).
var boilerplate = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Svg: true,
	atom.Template: true, atom.Button: true, atom.Dialog: true, atom.Select: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Video: true, atom.Audio: true, atom.Map: true,
}

var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// boilerplateRoles are ARIA landmark roles of the parts around the content.
var boilerplateRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true, "search": true,
	"menu": true, "menubar": true, "dialog": true, "alertdialog": true,
}

// boilerplateWords mark, at the start or the end of a word of an id or a
// class ("site-footer", "mainNav", "breadcrumbs", "cookieBanner"), the parts
// of a page around its content.
var boilerplateWords = []string{
	"menu", "nav", "footer", "header", "sidebar", "breadcrumb", "cookie", "banner", "share", "sharing",
	"social", "comment", "related", "newsletter", "masthead", "topbar", "popup", "modal", "skiplink",
	"pagination", "pager", "toolbar", "advert", "sponsor", "widget", "gdpr", "consent",
}

// titleWords are boilerplate words of parts that may hold the page's title:
// such a part is kept when it has a heading.
var titleWords = map[string]bool{"header": true, "banner": true, "masthead": true}

// contentWords rescue an element whose id or class also says it is content
// ("main-menu" is still dropped when it is mostly links).
var contentWords = []string{"content", "article", "main", "post", "entry", "story", "body", "column"}

// inlineElements flow inside a line of text.
var inlineElements = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Big: true, atom.Br: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true, atom.Em: true,
	atom.Font: true, atom.I: true, atom.Img: true, atom.Ins: true, atom.Kbd: true, atom.Label: true,
	atom.Mark: true, atom.Nobr: true, atom.Q: true, atom.S: true, atom.Samp: true, atom.Small: true,
	atom.Span: true, atom.Strike: true, atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true,
	atom.Tt: true, atom.U: true, atom.Var: true, atom.Wbr: true,
}

// textBlocks are elements read as one paragraph.
var textBlocks = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true, atom.Pre: true,
	atom.Figcaption: true,
}

// linkListCandidates are the elements dropped when they are mostly links.
var linkListCandidates = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.P: true,
	atom.Span: true, atom.Center: true,
}

var hiddenStyle = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

// minContent is how many letters of text that is not a link make a block
// real content (which link-density never drops).
const minContent = 25

// htmlStats measure an element's visible text, in non-space characters.
type htmlStats struct {
	text, linkText, links int
	hasBlock              bool // a block-level element inside
	content               bool // a block of real text inside (or itself)
}

type htmlExtractor struct {
	drop  map[*html.Node]bool
	stats map[*html.Node]*htmlStats
	doc   *Document
}

// extractHTML keeps the page's main text: headings, paragraphs, list items
// and tables (see the top of this file for what is dropped).
func extractHTML(content []byte) (*Document, error) {
	root, err := html.Parse(bytes.NewReader(content))
	if err != nil {
		return nil, unreadable("Não foi possível ler o HTML.")
	}
	x := &htmlExtractor{drop: map[*html.Node]bool{}, stats: map[*html.Node]*htmlStats{}, doc: &Document{}}
	if t := findElement(root, func(n *html.Node) bool { return n.DataAtom == atom.Title && n.Namespace == "" }); t != nil {
		x.doc.Title = squash(rawText(t))
	}
	body := mainContent(root)
	x.markBoilerplate(body)
	x.measure(body)
	x.markLinkLists(body)
	x.blocks(body)
	return x.doc, nil
}

// mainContent is the element holding the page's content: its <main> (or
// role=main), else its one outermost <article>, else its <body>.
func mainContent(root *html.Node) *html.Node {
	if m := findElement(root, func(n *html.Node) bool {
		return (n.DataAtom == atom.Main || attr(n, "role") == "main") && !hidden(n)
	}); m != nil {
		return m
	}
	var articles []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Article && !hidden(n) {
			articles = append(articles, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if len(articles) == 1 {
		return articles[0]
	}
	if b := findElement(root, func(n *html.Node) bool { return n.DataAtom == atom.Body }); b != nil {
		return b
	}
	return root
}

// findElement returns the first element under n (n included, document
// order) for which ok holds.
func findElement(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, ok); f != nil {
			return f
		}
	}
	return nil
}

// markBoilerplate marks the elements under root dropped by their tag, role,
// id, class or hidden state.
func (x *htmlExtractor) markBoilerplate(root *html.Node) {
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if x.isBoilerplate(c) {
			x.drop[c] = true
			continue
		}
		x.markBoilerplate(c)
	}
}

func (x *htmlExtractor) isBoilerplate(n *html.Node) bool {
	switch {
	case hidden(n):
		return true
	case n.DataAtom == atom.Header:
		return !hasElement(n, isHeading)
	case n.DataAtom == atom.Form:
		return !hasElement(n, func(d *html.Node) bool { return isHeading(d) || d.DataAtom == atom.P || d.DataAtom == atom.Table })
	case boilerplate[n.DataAtom]:
		return true
	case boilerplateRoles[strings.ToLower(strings.TrimSpace(attr(n, "role")))]:
		return true
	case n.DataAtom == atom.Body || n.DataAtom == atom.Main || n.DataAtom == atom.Article || n.DataAtom == atom.A:
		return false
	}
	word := boilerplateWord(attr(n, "id") + " " + attr(n, "class"))
	if word == "" {
		return false
	}
	return !titleWords[word] || !hasElement(n, isHeading)
}

// boilerplateWord returns the boilerplate word an id or class list carries,
// or "" when it has none or also says it is content.
func boilerplateWord(names string) string {
	names = strings.ToLower(names)
	words := strings.FieldsFunc(names, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	found := ""
	for _, w := range words {
		for _, c := range contentWords {
			if strings.Contains(w, c) {
				return ""
			}
		}
		for _, b := range boilerplateWords {
			if found == "" && (strings.HasPrefix(w, b) || strings.HasSuffix(w, b) || strings.HasSuffix(w, b+"s")) {
				found = b
			}
		}
	}
	return found
}

func isHeading(n *html.Node) bool { return headingLevel[n.DataAtom] > 0 }

// hasElement reports whether an element under n satisfies ok.
func hasElement(n *html.Node, ok func(*html.Node) bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (ok(c) || hasElement(c, ok)) {
			return true
		}
	}
	return false
}

// hidden reports whether n says it is not shown.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch {
		case a.Key == "hidden":
			return true
		case a.Key == "aria-hidden" && strings.EqualFold(strings.TrimSpace(a.Val), "true"):
			return true
		case a.Key == "style" && hiddenStyle.MatchString(a.Val):
			return true
		}
	}
	return false
}

// measure computes the stats of n and every element under it that is not
// dropped.
func (x *htmlExtractor) measure(n *html.Node) *htmlStats {
	s := &htmlStats{}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			s.text += visibleLen(c.Data)
		case html.ElementNode:
			if x.drop[c] {
				continue
			}
			cs := x.measure(c)
			s.text += cs.text
			s.linkText += cs.linkText
			s.links += cs.links
			s.content = s.content || cs.content
			s.hasBlock = s.hasBlock || cs.hasBlock || !inlineElements[c.DataAtom]
		}
	}
	if n.DataAtom == atom.A {
		s.linkText, s.links = s.text, s.links+1
	}
	leaf := textBlocks[n.DataAtom] || headingLevel[n.DataAtom] > 0 || n.DataAtom == atom.Td || n.DataAtom == atom.Th ||
		!s.hasBlock && !inlineElements[n.DataAtom]
	if leaf && s.text-s.linkText >= minContent && s.linkText*2 <= s.text {
		s.content = true
	}
	x.stats[n] = s
	return s
}

// markLinkLists drops, under n, the blocks that are mostly links and hold no
// real text: menus, lists of links, rows of buttons.
func (x *htmlExtractor) markLinkLists(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || x.drop[c] {
			continue
		}
		if s := x.stats[c]; s != nil && linkListCandidates[c.DataAtom] && s.links > 0 && s.linkText*2 > s.text && !s.content &&
			(s.links >= 2 || s.text-s.linkText < 30) {
			x.drop[c] = true
			continue
		}
		x.markLinkLists(c)
	}
}

// blocks reads the blocks under n. Runs of text and inline elements between
// blocks (text straight in a <div>) become paragraphs, unless mostly links.
func (x *htmlExtractor) blocks(n *html.Node) {
	var run strings.Builder
	runLinks := 0
	flush := func() {
		t := squash(run.String())
		if t != "" && runLinks*2 <= visibleLen(t) {
			x.doc.Blocks = append(x.doc.Blocks, Block{Kind: Paragraph, Text: t})
		}
		run.Reset()
		runLinks = 0
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			run.WriteString(c.Data)
		case html.ElementNode:
			if x.drop[c] {
				continue
			}
			if s := x.stats[c]; inlineElements[c.DataAtom] && s != nil && !s.hasBlock {
				run.WriteString(x.text(c))
				runLinks += s.linkText
				continue
			}
			flush()
			x.block(c)
		}
	}
	flush()
}

// block reads one block element.
func (x *htmlExtractor) block(n *html.Node) {
	if lvl, ok := headingLevel[n.DataAtom]; ok {
		if t := squash(x.text(n)); t != "" {
			x.doc.Blocks = append(x.doc.Blocks, Block{Kind: Heading, Level: lvl, Text: t})
		}
		return
	}
	switch {
	case textBlocks[n.DataAtom]:
		t := squash(x.text(n))
		if n.DataAtom == atom.Pre {
			t = strings.Trim(clean(x.text(n)), "\n")
		}
		if t != "" {
			if n.DataAtom == atom.Li {
				t = "- " + t
			}
			x.doc.Blocks = append(x.doc.Blocks, Block{Kind: Paragraph, Text: t})
		}
	case n.DataAtom == atom.Table:
		if t := x.table(n); len(t.Rows) > 0 || len(t.Header) > 0 {
			x.doc.Blocks = append(x.doc.Blocks, t)
		}
	default:
		x.blocks(n)
	}
}

// text is the visible text inside n, dropped elements left out.
func (x *htmlExtractor) text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && (x.drop[n] || boilerplate[n.DataAtom] && n.DataAtom != atom.Header && n.DataAtom != atom.Form):
			return
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func (x *htmlExtractor) table(n *html.Node) Block {
	t := Block{Kind: Table}
	var rows func(*html.Node)
	rows = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Tr {
			var cells []string
			header := false
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
					cells = append(cells, squash(x.text(c)))
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
			if c.Type == html.ElementNode && x.drop[c] {
				continue
			}
			rows(c)
		}
	}
	rows(n)
	return t
}

// rawText is all the text under n (for <title>, which holds only text).
func rawText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// squash collapses every run of white space (new lines included: in HTML
// they are spaces) into one space, and trims.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// visibleLen counts the characters of s that are not spaces.
func visibleLen(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}
