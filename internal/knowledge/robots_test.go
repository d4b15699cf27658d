package knowledge

import (
	"net/url"
	"strings"
	"testing"
)

func TestRobots(t *testing.T) {
	file := `# robots.txt of a shop
User-agent: *
Disallow: /carrinho
Disallow: /busca?
Allow: /carrinho/ajuda

User-agent: Googlebot
User-agent: PilotoDeVendas/2.0
Disallow: /interno/
Allow: /interno/publico
Disallow: /*.php$
Disallow: /promo*/rascunho
Disallow: /ação

User-agent: pilotodevendas
Disallow: /tmp
`
	r := parseRobots([]byte(file), CrawlerToken)
	cases := map[string]bool{
		"/":                          true,
		"/carrinho":                  true, // only our groups apply: "*" does not
		"/interno/":                  false,
		"/interno/precos":            false,
		"/interno/publico":           true, // the longer Allow wins
		"/interno/publico/x":         true,
		"/index.php":                 false,
		"/index.php?x=1":             true, // "$" anchors the end
		"/index.phpx":                true,
		"/promocao/rascunho":         false,
		"/promo/rascunho/2":          false,
		"/promo/final":               true,
		"/tmp/a":                     false, // a second group for us is merged
		"/a%C3%A7%C3%A3o/x":          false, // a non-ASCII rule matches the encoded path
		"/robots.txt":                true,
		"/interno/publico?pagina=2":  true,
		"/Interno/precos":            true, // paths are case-sensitive
		"/interno-nao-e-a-pasta/pag": true,
	}
	for path, want := range cases {
		u, _ := url.Parse("https://loja.example" + path)
		if got := r.allowed(u); got != want {
			t.Errorf("%s: allowed = %v, want %v", path, got, want)
		}
	}

	star := parseRobots([]byte("User-agent: *\nDisallow: /carrinho\nDisallow: /busca?\nAllow: /carrinho/ajuda\nUser-agent: Outro\nDisallow: /\n"), CrawlerToken)
	for path, want := range map[string]bool{"/carrinho/x": false, "/carrinho/ajuda": true, "/busca?q=kit": false, "/busca": true, "/": true} {
		u, _ := url.Parse("https://loja.example" + path)
		if got := star.allowed(u); got != want {
			t.Errorf("* group, %s: allowed = %v, want %v", path, got, want)
		}
	}

	for name, body := range map[string]string{
		"empty":                "",
		"empty disallow":       "User-agent: *\nDisallow:\n",
		"rules without agent":  "Disallow: /\n",
		"other agent only":     "User-agent: Outro\nDisallow: /\n",
		"garbage":              "<html>not a robots file</html>",
		"crlf and blank lines": "User-agent: *\r\n\r\nDisallow: /x\r\n",
	} {
		u, _ := url.Parse("https://loja.example/pagina")
		if !parseRobots([]byte(body), CrawlerToken).allowed(u) {
			t.Errorf("%s: /pagina refused", name)
		}
	}
	u, _ := url.Parse("https://loja.example/x/y")
	if parseRobots([]byte("User-agent: *\r\n\r\nDisallow: /x\r\n"), CrawlerToken).allowed(u) {
		t.Error("CRLF lines are not read")
	}
	if (&robots{blockAll: true}).allowed(u) {
		t.Error("an unreadable robots.txt allows")
	}
}

func TestNormalizeLink(t *testing.T) {
	base, _ := url.Parse("https://Loja.Example:443/produtos/kits?ordem=preco")
	cases := map[string]string{
		"#topo":                          "",
		"":                               "",
		"mailto:vendas@loja.example":     "",
		"tel:+5562999990000":             "",
		"javascript:void(0)":             "",
		"data:text/html,oi":              "",
		"/catalogo.pdf":                  "",
		"fotos/painel.JPG":               "",
		"inversores":                     "https://loja.example/produtos/inversores",
		"../contato#form":                "https://loja.example/contato",
		"?pagina=2":                      "https://loja.example/produtos/kits?pagina=2",
		"//loja.example/sobre":           "https://loja.example/sobre",
		"http://LOJA.example:80":         "http://loja.example/",
		"https://user:pw@loja.example/x": "",
		"ftp://loja.example/arquivo":     "",
	}
	for ref, want := range cases {
		got := ""
		if u, ok := normalizeLink(base, ref); ok {
			got = u.String()
		}
		if got != want {
			t.Errorf("%q → %q, want %q", ref, got, want)
		}
	}
}

func TestPageLinks(t *testing.T) {
	pageURL, _ := url.Parse("https://loja.example/produtos/")
	page := `<html><head><base href="https://loja.example/catalogo/"><meta name="robots" content="noindex"></head><body>
	<a href="kits">Kits</a> <a href="/contato" rel="nofollow">Contato</a> <map><area href="/mapa"></map>
	<a href="https://outra.example/x">Outra</a> <a href="#topo">Topo</a></body></html>`
	links, noIndex, noFollow := pageLinks([]byte(page), pageURL)
	var got []string
	for _, l := range links {
		got = append(got, l.String())
	}
	want := []string{"https://loja.example/catalogo/kits", "https://loja.example/mapa", "https://outra.example/x"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("links %v, want %v", got, want)
	}
	if !noIndex || noFollow {
		t.Errorf("noindex %v, nofollow %v", noIndex, noFollow)
	}
	if _, _, nf := pageLinks([]byte(`<meta name="PilotoDeVendas" content="nofollow">`), pageURL); !nf {
		t.Error("a nofollow addressed to us is not read")
	}
}

// Pages in Latin-1 (by header or by <meta>) are read as UTF-8.
func TestToUTF8(t *testing.T) {
	latin1 := []byte("<html><body><p>Pre\xe7o da instala\xe7\xe3o</p></body></html>")
	if got := string(toUTF8(latin1, "text/html; charset=iso-8859-1")); !strings.Contains(got, "Preço da instalação") {
		t.Errorf("by header: %q", got)
	}
	meta := append([]byte(`<html><head><meta charset="windows-1252"></head>`), latin1[6:]...)
	if got := string(toUTF8(meta, "text/html")); !strings.Contains(got, "Preço da instalação") {
		t.Errorf("by meta: %q", got)
	}
	utf := []byte("<p>Preço já em UTF-8</p>")
	if got := string(toUTF8(utf, "text/html; charset=utf-8")); got != string(utf) {
		t.Errorf("UTF-8 changed: %q", got)
	}
}

// A UTF-8 page that declares nothing, with its first accent past 1 KB, stays UTF-8.
func TestToUTF8Undeclared(t *testing.T) {
	page := []byte("<html><body><p>" + strings.Repeat("texto ", 300) + "Instalação</p></body></html>")
	if got := string(toUTF8(page, "text/html")); !strings.Contains(got, "Instalação") {
		t.Errorf("got %q", got[len(got)-40:])
	}
}
