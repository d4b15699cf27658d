package knowledge

import (
	"strings"
	"testing"
)

// htmlText extracts a page and returns its blocks as text, one per line.
func htmlText(t *testing.T, page string) (string, *Document) {
	t.Helper()
	doc, err := Extract(HTML, "p.html", []byte(page), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, bl := range doc.Blocks {
		switch bl.Kind {
		case Table:
			b.WriteString(strings.Join(bl.Header, " | ") + "\n")
			for _, r := range bl.Rows {
				b.WriteString(strings.Join(r, " | ") + "\n")
			}
		default:
			b.WriteString(bl.Text + "\n")
		}
	}
	return b.String(), doc
}

func wantKeptDropped(t *testing.T, text string, kept, dropped []string) {
	t.Helper()
	for _, k := range kept {
		if !strings.Contains(text, k) {
			t.Errorf("lost %q:\n%s", k, text)
		}
	}
	for _, d := range dropped {
		if strings.Contains(text, d) {
			t.Errorf("kept boilerplate %q:\n%s", d, text)
		}
	}
}

// A page laid out with divs only — no <main>, <nav>, <header> or <footer> —
// as many small companies' sites (and site builders) still are.
const divPage = `<!DOCTYPE html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Energia solar para empresas | Solaris Goiás</title>
<link rel="stylesheet" href="/css/site.css"></head>
<body>
<div id="cookie-notice">Este site usa cookies para melhorar sua experiência. <a href="/privacidade">Saiba mais</a></div>
<div class="container">
  <div id="topo" class="site-top">
    <div class="logo"><a href="/"><img src="/logo.png" alt="Solaris"></a></div>
    <div id="mainMenu">
      <ul>
        <li><a href="/">Início</a></li><li><a href="/residencial">Residencial</a></li>
        <li><a href="/empresas">Empresas</a></li><li><a href="/agro">Agronegócio</a></li>
        <li><a href="/contato">Fale conosco</a></li>
      </ul>
    </div>
  </div>
  <div class="breadcrumbs"><a href="/">Início</a> / <a href="/solucoes">Soluções</a> / Empresas</div>
  <div class="row">
    <div class="col-esquerda">
      <h1>Energia solar para empresas</h1>
      <div class="texto">Reduza até 95% da conta de luz da sua empresa com um sistema fotovoltaico sob medida.
        Fazemos o projeto, a homologação na distribuidora e a instalação em até 45 dias.</div>
      <h2>Planos</h2>
      <table class="planos">
        <tr><th>Plano</th><th>Potência</th><th>Preço</th></tr>
        <tr><td>Comércio</td><td>15 kWp</td><td>R$ 52.000</td></tr>
        <tr><td>Indústria</td><td>75 kWp</td><td>R$ 239.000</td></tr>
      </table>
      <p>O financiamento pode ser feito em até 96 meses, com carência de 120 dias para a primeira parcela.
        Veja as <a href="/financiamento">condições de financiamento</a>.</p>
      <div class="share-buttons"><a href="https://facebook.com/sharer">Facebook</a> <a href="https://twitter.com/share">Twitter</a> <a href="https://wa.me/?text=x">WhatsApp</a></div>
      <div class="veja-tambem">
        <h3>Veja também</h3>
        <a href="/residencial">Energia solar residencial</a><br>
        <a href="/agro">Energia solar no agronegócio</a><br>
        <a href="/blog/bandeiras">Bandeiras tarifárias em 2025</a>
      </div>
      <div id="comments"><h3>Comentários</h3><div class="comment">Ótimo atendimento! — Carla</div></div>
    </div>
    <div class="sidebar">
      <h3>Fale com um consultor</h3>
      <p>Atendimento de segunda a sexta, das 8h às 18h.</p>
    </div>
  </div>
  <div class="newsletter-box"><p>Assine nossa newsletter e receba novidades sobre energia solar.</p></div>
  <div id="rodape" class="site-footer">
    <p>Solaris Goiás Energia Ltda. CNPJ 12.345.678/0001-90 — Rua 10, 250, Goiânia</p>
    <div><a href="/privacidade">Privacidade</a> · <a href="/termos">Termos de uso</a></div>
  </div>
  <div style="display: none">Texto escondido de SEO sobre painéis baratos</div>
</div>
<script>window.dataLayer = [];</script>
</body></html>`

func TestHTMLDivLayoutDropsBoilerplate(t *testing.T) {
	text, doc := htmlText(t, divPage)
	if doc.Title != "Energia solar para empresas | Solaris Goiás" {
		t.Errorf("title %q", doc.Title)
	}
	wantKeptDropped(t, text,
		[]string{
			"Energia solar para empresas\n",
			"Reduza até 95% da conta de luz da sua empresa com um sistema fotovoltaico sob medida. Fazemos o projeto",
			"Plano | Potência | Preço\nComércio | 15 kWp | R$ 52.000\nIndústria | 75 kWp | R$ 239.000",
			"O financiamento pode ser feito em até 96 meses, com carência de 120 dias para a primeira parcela. Veja as condições de financiamento.",
		},
		[]string{
			"cookies", "Início", "Residencial", "Fale conosco", "Soluções", // cookie notice, menu, breadcrumb
			"Facebook", "Twitter", // share buttons
			"Energia solar no agronegócio", "Bandeiras tarifárias", // a list of links
			"Ótimo atendimento", "Comentários", // comments
			"consultor", "segunda a sexta", // sidebar
			"newsletter", "CNPJ", "Termos de uso", // newsletter, footer
			"escondido", "dataLayer", // hidden, script
		})
}

// <main> wins over everything else; an <article>'s <header> keeps its title.
func TestHTMLPrefersMainAndArticle(t *testing.T) {
	page := `<html><head><title>Blog</title></head><body>
	<div class="menu"><a href="/a">A</a> <a href="/b">B</a></div>
	<div class="intro"><p>Um texto fora do conteúdo principal, que o site repete em toda página do blog.</p></div>
	<main><p>Conteúdo principal da página, com o que o cliente precisa saber sobre garantias.</p></main>
	</body></html>`
	text, _ := htmlText(t, page)
	wantKeptDropped(t, text, []string{"Conteúdo principal da página"}, []string{"fora do conteúdo", "A\n"})

	page = `<html><body><div class="topo"><p>Frase de efeito repetida em todas as páginas do site inteiro.</p></div>
	<article><header><h1>Como limpar os painéis</h1><p class="byline">Por Equipe Solaris</p></header>
	<p>Use água e um pano macio; nunca use produtos abrasivos nem lavadora de alta pressão.</p>
	<footer><a href="/tag/limpeza">limpeza</a> <a href="/tag/manutencao">manutenção</a></footer></article>
	<div class="related-posts"><h2>Leia também</h2><p>Outro artigo do blog que não interessa aqui, com um resumo longo.</p></div>
	</body></html>`
	text, _ = htmlText(t, page)
	wantKeptDropped(t, text,
		[]string{"Como limpar os painéis\n", "Use água e um pano macio"},
		[]string{"Frase de efeito", "manutenção", "Leia também", "Outro artigo"})
}

// Without <main>, landmark roles and boilerplate ids still mark the parts
// around the content, and a header part that holds the page's heading stays.
func TestHTMLRolesAndHeaderWithTitle(t *testing.T) {
	page := `<html><body>
	<div role="navigation"><a href="/">Início</a> <a href="/sobre">Sobre</a></div>
	<div role="banner"><img src="/logo.png" alt="Logo"></div>
	<div class="page-header"><h1>Perguntas frequentes</h1></div>
	<div class="faq"><h2>Funciona em dia nublado?</h2><div>Sim, com produção menor: de 10% a 30% do normal, conforme as nuvens.</div></div>
	<div role="contentinfo">© 2025 Solaris — todos os direitos reservados</div>
	<div aria-hidden="true">Ícones decorativos e texto para leitores de tela ignorarem.</div>
	</body></html>`
	text, _ := htmlText(t, page)
	wantKeptDropped(t, text,
		[]string{"Perguntas frequentes\n", "Funciona em dia nublado?\n", "Sim, com produção menor: de 10% a 30% do normal"},
		[]string{"Início", "Sobre", "direitos", "decorativos"})
}

// A list of links inside the content (a table of contents, tags) goes; a
// list of real items stays, even when an item has a link.
func TestHTMLLinkDensity(t *testing.T) {
	page := `<html><body><main>
	<h1>Kits solares</h1>
	<ul class="indice"><li><a href="#kit3">Kit 3 kWp</a></li><li><a href="#kit5">Kit 5 kWp</a></li><li><a href="#kit8">Kit 8 kWp</a></li></ul>
	<ul><li>Kit 3 kWp: ideal para contas de até R$ 300 por mês, com 6 módulos.</li>
	<li>Kit 5 kWp: para contas de até R$ 500; veja a <a href="/ficha">ficha técnica</a> completa.</li></ul>
	<div class="tags"><a href="/t/solar">solar</a>, <a href="/t/kits">kits</a>, <a href="/t/precos">preços</a></div>
	<p><a class="btn" href="/orcamento">Peça um orçamento</a></p>
	</main></body></html>`
	text, _ := htmlText(t, page)
	wantKeptDropped(t, text,
		[]string{"- Kit 3 kWp: ideal para contas de até R$ 300 por mês", "- Kit 5 kWp: para contas de até R$ 500; veja a ficha técnica completa."},
		[]string{"- Kit 8 kWp", "preços", "Peça um orçamento"})
}
