package reply

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFormatReplyMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Olá! Tudo bem?", "Olá! Tudo bem?"},
		{"bold", "O plano **Pro** custa R$ 99.", "O plano *Pro* custa R$ 99."},
		{"bold underscores", "O __Pro__ e o __Max__.", "O *Pro* e o *Max*."},
		{"snake_case kept", "o campo prazo__decisao", "o campo prazo__decisao"},
		{"strike", "de ~~R$ 120~~ por R$ 99", "de ~R$ 120~ por R$ 99"},
		{"whatsapp bold kept", "*Atenção*: _hoje_", "*Atenção*: _hoje_"},
		{"heading", "# Planos\nTemos dois.", "*Planos*\nTemos dois."},
		{"heading levels and closing hashes", "### **Preços** ###\nx", "*Preços*\nx"},
		{"hashtag is no heading", "#promo de hoje", "#promo de hoje"},
		{"bullets", "- um\n* dois\n+ três\n  * quatro\n1. cinco", "- um\n- dois\n- três\n  - quatro\n1. cinco"},
		{"table", "| Plano | Preço |\n|---|:---:|\n| Básico | R$ 49 |\n| Pro | R$ 99 |",
			"Plano | Preço\nBásico | R$ 49\nPro | R$ 99"},
		{"table with bold", "| **Plano** | Preço |\n| --- | --- |\n| Pro | R$ 99 |", "*Plano* | Preço\nPro | R$ 99"},
		{"link", "Veja [nosso site](https://exemplo.com.br/planos).", "Veja nosso site: https://exemplo.com.br/planos."},
		{"link with title", `[site](https://a.com "A")`, "site: https://a.com"},
		{"link to itself", "[https://a.com](https://a.com)", "https://a.com"},
		{"image", "![Foto do sofá](https://a.com/s.jpg)", "Foto do sofá: https://a.com/s.jpg"},
		{"horizontal rule", "Um\n\n---\n\nDois", "Um\n\nDois"},
		{"blank runs", "Um\n\n\n\nDois\n", "Um\n\nDois"},
		{"code block kept", "```\n# não é título\n**x**\n```", "```\n# não é título\n**x**\n```"},
		{"windows newlines", "Um\r\n# Dois\r\n", "Um\n*Dois*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, cited := FormatReply(tt.in, 0)
			if len(parts) != 1 || parts[0] != tt.want {
				t.Errorf("FormatReply(%q) = %q, want [%q]", tt.in, parts, tt.want)
			}
			if cited != nil {
				t.Errorf("cited = %q, want none", cited)
			}
		})
	}
}

func TestFormatReplyCitations(t *testing.T) {
	tests := []struct {
		name, in, want string
		cited          []string
	}{
		{"one", "O plano custa R$ 99 [p:abc123].", "O plano custa R$ 99.", []string{"abc123"}},
		{"uuid", "Entregamos em 5 dias [p:0b7c6a2e-1f3d-4c5b-9a8e-7d6c5b4a3f2e]", "Entregamos em 5 dias",
			[]string{"0b7c6a2e-1f3d-4c5b-9a8e-7d6c5b4a3f2e"}},
		{"several in one", "Sim [p:1, p:2]. E mais [p:3; 4]!", "Sim. E mais!", []string{"1", "2", "3", "4"}},
		{"adjacent and repeated", "A [p:1][p:2], B [p:1].", "A, B.", []string{"1", "2"}},
		{"spaces inside", "A [ p: 7 ].", "A.", []string{"7"}},
		{"line of its own", "Texto.\n[p:9]", "Texto.", []string{"9"}},
		{"other brackets kept", "Veja [aqui] e [p] e [página 2].", "Veja [aqui] e [p] e [página 2].", nil},
		{"only citations", "[p:1]", "", []string{"1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, cited := FormatReply(tt.in, 0)
			got := strings.Join(parts, "\n")
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if tt.want == "" && parts != nil {
				t.Errorf("parts = %q, want none", parts)
			}
			if !slices.Equal(cited, tt.cited) {
				t.Errorf("cited = %q, want %q", cited, tt.cited)
			}
		})
	}
}

func TestFormatReplySplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []string
	}{
		{"fits", "Olá! Tudo bem?", 14, []string{"Olá! Tudo bem?"}},
		{"no limit", strings.Repeat("a ", 500), 0, []string{strings.TrimSpace(strings.Repeat("a ", 500))}},
		{"paragraphs", "Primeiro parágrafo.\n\nSegundo parágrafo.", 25, []string{"Primeiro parágrafo.", "Segundo parágrafo."}},
		{"paragraphs packed", "Um.\n\nDois.\n\nTrês parágrafos.", 16, []string{"Um.\n\nDois.", "Três parágrafos."}},
		{"paragraph before sentence", "Frase um. Frase dois.\n\nFrase três.", 30, []string{"Frase um. Frase dois.", "Frase três."}},
		{"lines of a list", "Temos:\n- sofá\n- mesa\n- cadeira", 20, []string{"Temos:\n- sofá\n- mesa", "- cadeira"}},
		{"sentences", "Frase um aqui. Frase dois aqui! Frase três aqui?", 32, []string{"Frase um aqui. Frase dois aqui!", "Frase três aqui?"}},
		{"words", "uma frase longa sem ponto nenhum no meio", 16, []string{"uma frase longa", "sem ponto nenhum", "no meio"}},
		{"never inside bold", "Temos o *plano super completo* hoje", 22, []string{"Temos o", "*plano super completo*", "hoje"}},
		{"sentence end inside bold is no cut", "Veja *isto. Aquilo* agora mesmo.", 20, []string{"Veja *isto. Aquilo*", "agora mesmo."}},
		{"bold longer than max is cut hard", "*abcdefghij*", 5, []string{"*abcd", "efghi", "j*"}},
		{"long word is cut hard", "https://exemplo.com/abc", 10, []string{"https://ex", "emplo.com/", "abc"}},
		{"counts characters, not bytes", "ação ação ação", 9, []string{"ação ação", "ação"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, _ := FormatReply(tt.in, tt.max)
			if !slices.Equal(parts, tt.want) {
				t.Errorf("FormatReply(%q, %d) = %q, want %q", tt.in, tt.max, parts, tt.want)
			}
			for _, p := range parts {
				if tt.max > 0 && utf8.RuneCountInString(p) > tt.max {
					t.Errorf("part %q is longer than %d", p, tt.max)
				}
			}
		})
	}
}

// TestFormatReplyLong checks a realistic answer: every part fits, no part
// splits a bold span, and nothing is lost but whitespace.
func TestFormatReplyLong(t *testing.T) {
	in := "## Nossos planos\n\nTemos **três planos** para você [p:a1]. O *Básico* custa R$ 49 por mês e inclui o essencial para começar. " +
		"O *Pro* custa R$ 99 por mês e traz relatórios, integrações e suporte prioritário [p:b2].\n\n" +
		"| Plano | Preço |\n|---|---|\n| Básico | R$ 49 |\n| Pro | R$ 99 |\n\n" +
		"Quer que eu te envie o link para contratar? É só me dizer qual plano prefere e eu já te ajudo com o próximo passo!"
	for _, max := range []int{40, 80, 160, 1000} {
		parts, cited := FormatReply(in, max)
		if !slices.Equal(cited, []string{"a1", "b2"}) {
			t.Errorf("max %d: cited = %q", max, cited)
		}
		var all strings.Builder
		for _, p := range parts {
			if utf8.RuneCountInString(p) > max {
				t.Errorf("max %d: part %q too long", max, p)
			}
			if strings.Count(p, "*")%2 != 0 {
				t.Errorf("max %d: part %q splits a bold span", max, p)
			}
			all.WriteString(p)
		}
		whole, _ := FormatReply(in, 0)
		strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if strip(all.String()) != strip(whole[0]) {
			t.Errorf("max %d: parts lose text:\n%q\n%q", max, all.String(), whole[0])
		}
	}
}
