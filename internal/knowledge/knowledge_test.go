package knowledge

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kbDir is a copy of the shared Portuguese evaluation knowledge base
// (../shared/evals/kb, invented documents of a fictional installer).
const kbDir = "testdata/kb"

func mustIngest(t *testing.T, name string, content []byte) []Chunk {
	t.Helper()
	f, err := Detect(name, content)
	if err != nil {
		t.Fatalf("%s: detect: %v", name, err)
	}
	doc, err := Extract(f, name, content, DefaultLimits)
	if err != nil {
		t.Fatalf("%s: extract: %v", name, err)
	}
	return Split(doc)
}

// Every file of the shared knowledge base extracts and chunks within bounds.
func TestSharedKnowledgeBase(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(kbDir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no knowledge base at %s", kbDir)
	}
	total, sum, longest := 0, 0, 0
	for _, path := range files {
		content, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		chunks := mustIngest(t, filepath.Base(path), content)
		if len(chunks) == 0 {
			t.Errorf("%s: no chunks", path)
		}
		for _, c := range chunks {
			n := runes(c.Text)
			if n > MaxChunk {
				t.Errorf("%s: chunk %d has %d characters", path, c.Seq, n)
			}
			total++
			sum += n
			longest = max(longest, n)
		}
	}
	t.Logf("%d files, %d chunks, mean %d, max %d characters", len(files), total, sum/total, longest)
}

func TestCSVRowsKeepTheirHeader(t *testing.T) {
	content, err := os.ReadFile(filepath.Join(kbDir, "tabela-precos-2025.csv"))
	if err != nil {
		t.Skip(err)
	}
	chunks := mustIngest(t, "tabela-precos-2025.csv", content)
	for _, c := range chunks {
		if !strings.HasPrefix(c.Text, "codigo: ") || !strings.Contains(c.Text, "; preco_pix_rs: ") || strings.Contains(c.Text, "\n") {
			t.Fatalf("not one self-describing row: %q", c.Text)
		}
	}
	if want := strings.Count(strings.TrimSpace(string(content)), "\n"); len(chunks) != want {
		t.Errorf("%d chunks, the file has %d rows", len(chunks), want)
	}
}

// HTML keeps the content and drops navigation, footer and scripts.
func TestHTMLDropsBoilerplate(t *testing.T) {
	page := `<!doctype html><html><head><title>Carregador</title><script>var segredo = "x";</script></head>
	<body><nav><a href="/">Início</a> <a href="/loja">Loja</a></nav>
	<main><h1>Carregador veicular</h1><p>Instalamos carregadores de 7 kW.</p>
	<table><tr><th>Modelo</th><th>Potência</th></tr><tr><td>CV-7</td><td>7 kW</td></tr></table></main>
	<footer>© Sol do Cerrado — todos os direitos</footer><script>alert(1)</script></body></html>`
	chunks := mustIngest(t, "c.html", []byte(page))
	all := ""
	for _, c := range chunks {
		all += c.Text + "\n"
	}
	for _, gone := range []string{"segredo", "alert", "Início", "direitos"} {
		if strings.Contains(all, gone) {
			t.Errorf("kept boilerplate %q: %s", gone, all)
		}
	}
	for _, kept := range []string{"Carregador veicular\n\nInstalamos carregadores de 7 kW.", "| Modelo | Potência |\n| CV-7 | 7 kW |"} {
		if !strings.Contains(all, kept) {
			t.Errorf("lost %q: %s", kept, all)
		}
	}
}

func TestChunksFollowHeadings(t *testing.T) {
	long := strings.Repeat("Uma frase sobre garantia de inversores que ocupa espaço. ", 60)
	doc := parseMarkdown("# Garantias\n\n## Inversores\n\n" + long + "\n\n## Módulos\n\nOs módulos têm 25 anos de garantia linear.\n")
	chunks := Split(doc)
	if len(chunks) < 3 {
		t.Fatalf("%d chunks", len(chunks))
	}
	for _, c := range chunks {
		if runes(c.Text) > MaxChunk {
			t.Fatalf("chunk of %d characters", runes(c.Text))
		}
		if !strings.HasPrefix(c.Text, "Garantias › ") {
			t.Fatalf("chunk without its heading path: %q", c.Text[:40])
		}
	}
	last := chunks[len(chunks)-1]
	if last.Heading != "Garantias › Módulos" || strings.Contains(last.Text, "inversores") {
		t.Fatalf("the last section's chunk = %+v", last)
	}
}

func TestHostileFiles(t *testing.T) {
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	w.Write(bytes.Repeat([]byte("<w:p><w:r><w:t>a</w:t></w:r></w:p>"), 1<<20)) // ~35 MB, compresses to little
	zw.Close()
	pdf, _ := os.ReadFile(filepath.Join(kbDir, "resumo-contratual.pdf"))
	cases := map[string]struct {
		name    string
		content []byte
	}{
		"zip bomb":        {"bomba.docx", bomb.Bytes()},
		"empty":           {"vazio.txt", nil},
		"only spaces":     {"vazio.md", []byte(" \n\t\n")},
		"lying extension": {"planilha.csv", []byte("%PDF-1.7 not really")},
		"pdf named docx":  {"contrato.docx", pdf},
		"truncated pdf":   {"contrato.pdf", pdf[:len(pdf)/3]},
		"binary as txt":   {"x.txt", []byte{0, 1, 2, 3, 0xff, 0xfe}},
		"scripts only":    {"s.html", []byte("<html><body><script>alert(1)</script><nav>menu</nav></body></html>")},
		"unknown type":    {"x.exe", []byte("MZ")},
	}
	if len(pdf) == 0 {
		delete(cases, "pdf named docx")
		delete(cases, "truncated pdf")
	}
	for name, tc := range cases {
		f, err := Detect(tc.name, tc.content)
		if err == nil {
			_, err = Extract(f, tc.name, tc.content, DefaultLimits)
		}
		var u *ErrUnreadable
		if !errors.As(err, &u) || u.Reason == "" {
			t.Errorf("%s: err = %v, want a reason for people", name, err)
		}
	}
}

// A PDF over the page limit, or over the text limit, is refused with a
// reason, not read to the end.
func TestHugePDF(t *testing.T) {
	pdf, err := os.ReadFile(filepath.Join(kbDir, "resumo-contratual.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for name, lim := range map[string]Limits{
		"pages": {MaxText: DefaultLimits.MaxText, MaxUnzipped: DefaultLimits.MaxUnzipped, MaxPages: 0},
		"text":  {MaxText: 500, MaxUnzipped: DefaultLimits.MaxUnzipped, MaxPages: DefaultLimits.MaxPages},
	} {
		_, err := Extract(PDF, "contrato.pdf", pdf, lim)
		var u *ErrUnreadable
		if !errors.As(err, &u) || !strings.Contains(u.Reason, "limite") && !strings.Contains(u.Reason, "demais") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
