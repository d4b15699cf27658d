package knowledge

import (
	"reflect"
	"strings"
	"testing"
)

func TestTermsFoldAccentsAndCase(t *testing.T) {
	same := [][]string{
		{"instalação", "instalacao", "INSTALAÇÕES", "instalacoes"},
		{"vocês atendem em Brasília", "voces atendem em brasilia"},
		{"eficiência", "eficiencia"},
		{"não", "nao"},
		{"possível", "possivel", "possíveis"},
		{"módulo", "modulo", "módulos", "MODULOS"},
	}
	for _, group := range same {
		want := Terms(group[0])
		for _, w := range group[1:] {
			if got := Terms(w); !reflect.DeepEqual(got, want) {
				t.Errorf("Terms(%q) = %v, Terms(%q) = %v; want equal", w, got, group[0], want)
			}
		}
	}
}

func TestTermsStem(t *testing.T) {
	same := [][]string{
		{"garantia", "garantias"},
		{"financiamento", "financiamentos"},
		{"parcela", "parcelas"},
		{"instalar", "instalado", "instalados"},
		{"painel", "painéis", "paineis"},
	}
	for _, group := range same {
		want := Terms(group[0])
		if len(want) != 1 {
			t.Fatalf("Terms(%q) = %v, want one term", group[0], want)
		}
		for _, w := range group[1:] {
			if got := Terms(w); !reflect.DeepEqual(got, want) {
				t.Errorf("Terms(%q) = %v, want %v (as %q)", w, got, want, group[0])
			}
		}
	}
	if a, b := Terms("garantia"), Terms("bateria"); reflect.DeepEqual(a, b) {
		t.Errorf("different words share a stem: %v", a)
	}
}

func TestTermsWhatsAppSpellings(t *testing.T) {
	for informal, formal := range map[string]string{
		"zap":   "whatsapp",
		"wpp":   "WhatsApp",
		"tb":    "também",
		"hj":    "hoje",
		"orc":   "orçamento",
		"msg":   "mensagem",
		"mto":   "muito",
		"infos": "informações",
	} {
		if got, want := Terms("manda no "+informal), Terms("manda no "+formal); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, %q: %v", informal, got, formal, want)
		}
	}
	// Question words, "vc", "pq", "oq", "qto", "qdo", "blz" are stop words
	// whichever way they are written: only the content words remain.
	if got, want := Terms("vc sabe qto custa e qdo instala? pq oq eu quero blz"), Terms("sabe custa instala quero"); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestTokenizeNumbers(t *testing.T) {
	cases := map[string][]string{
		"kit de 5kWp":       {"kit", "5", "kwp"},
		"7,4 kW":            {"7", "4", "kw"},
		"R$ 23.800 à vista": {"r", "23800", "vist"},
		"1.500.000 pessoas": {"1500000", "pesso"},
		"VX-5K":             {"vx", "5", "k"},
		"versão 2025.1":     {"versa", "2025", "1"},
	}
	for in, want := range cases {
		if got := Terms(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Terms(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSynonymsAreSymmetricAndGeneral(t *testing.T) {
	for term, others := range synonyms {
		for _, o := range others {
			if !contains(synonyms[o], term) {
				t.Errorf("%q → %q but not back", term, o)
			}
		}
	}
	if !contains(synonyms[Term("preço")], Term("valor")) || !contains(synonyms[Term("fatura")], Term("conta")) {
		t.Error("preço/valor or conta/fatura are not synonyms")
	}
}

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		max  int
		want int
	}{
		{"sistem", "sistm", 1, 1},
		{"oest", "oestr", 1, 1},
		{"garanti", "garatni", 1, 1}, // a swap is one edit
		{"financ", "finamc", 1, 1},
		{"telhad", "tlhdo", 1, 2},    // more than max
		{"bateri", "inversor", 2, 3}, // far apart: max+1
	}
	for _, c := range cases {
		if got := editDistance(c.a, c.b, c.max); got != c.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.max, got, c.want)
		}
	}
}

func TestSnippetMarksMatches(t *testing.T) {
	text := "Garantias › Inversores\n\nO inversor tem garantia de 10 anos contra defeitos de fabricação. " + strings.Repeat("Texto sem relação. ", 30) +
		"A estrutura de fixação tem garantia de 12 anos."
	terms := map[string]bool{Term("estrutura"): true, Term("fixação"): true}
	seg := Snippet(text, terms, 120)
	var marked []string
	joined := ""
	for _, s := range seg {
		joined += s.Text
		if s.Match {
			marked = append(marked, s.Text)
		}
	}
	if !reflect.DeepEqual(marked, []string{"estrutura", "fixação"}) {
		t.Errorf("marked %v in %q", marked, joined)
	}
	if !strings.HasPrefix(joined, "…") || len([]rune(joined)) > 130 || strings.Contains(joined, "\n") {
		t.Errorf("snippet %q: want a window of about 120 characters on one line, starting with …", joined)
	}
}
