package server

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// spa serves the built web app: files as they are (hashed assets under
// /assets/ cached for a year as immutable), and index.html, never cached, for
// any other GET of a path without a file extension, so the app's router
// handles it. A missing file with an extension is a 404, not the app.
type spa struct {
	files fs.FS
	index []byte
}

func newSPA(files fs.FS) (*spa, error) {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return nil, err
	}
	return &spa{files: files, index: index}, nil
}

func (s *spa) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name != "" && name != "index.html" {
		if f, err := s.files.Open(name); err == nil {
			defer f.Close()
			if st, err := f.Stat(); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					w.Header().Set("Cache-Control", "public, max-age=3600")
				}
				http.ServeContent(w, r, name, time.Time{}, f.(io.ReadSeeker))
				return
			}
		}
		if path.Ext(name) != "" {
			http.NotFound(w, r)
			return
		}
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(s.index))
}

// notBuilt is the page at / when the binary carries no web app.
const notBuilt = `<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Piloto de Vendas</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Piloto de Vendas</h1>
<p>O servidor está no ar, mas este binário foi compilado sem o aplicativo web.</p>
<p>Para compilar tudo e servir o app, rode <code>make run</code> na raiz do repositório
(ou <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code> e compile o binário de novo).</p>
<p>The server is up, but this binary was built without the web app: run <code>make run</code>.</p>
</body></html>
`

func notBuiltHandler(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, notBuilt)
}
