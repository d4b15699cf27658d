package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/app/apptest"
)

func TestOrganizationLogo(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		other, _ := signup(t, srv, "Bia", "bia@example.com", "Loja B")
		img := image.NewRGBA(image.Rect(0, 0, 4, 4))
		img.Set(1, 1, color.RGBA{15, 122, 90, 255})
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		mustStatus(t, owner.Do("GET", "/api/v1/organization/logo", nil), 404)
		if r := owner.Do("GET", "/api/v1/organization", nil); !strings.Contains(string(r.Body), `"has_logo":false`) {
			t.Fatalf("organization before the logo: %s", r.Body)
		}
		mustStatus(t, owner.Do("PUT", "/api/v1/organization/logo", buf.Bytes()), 204)
		if r := owner.Do("GET", "/api/v1/organization", nil); !strings.Contains(string(r.Body), `"has_logo":true`) {
			t.Fatalf("organization with the logo: %s", r.Body)
		}
		r := owner.Do("GET", "/api/v1/organization/logo", nil)
		mustStatus(t, r, 200)
		if r.Header.Get("Content-Type") != "image/png" || !bytes.Equal(r.Body, buf.Bytes()) {
			t.Fatalf("logo back: %s, %d bytes", r.Header.Get("Content-Type"), len(r.Body))
		}
		mustStatus(t, other.Do("GET", "/api/v1/organization/logo", nil), 404) // another organization's
		mustStatus(t, owner.Do("PUT", "/api/v1/organization/logo", []byte("<svg onload=alert(1)>")), 415)
		mustStatus(t, owner.Do("PUT", "/api/v1/organization/logo", append(buf.Bytes(), make([]byte, 600<<10)...)), 413)
		mustStatus(t, owner.Do("DELETE", "/api/v1/organization/logo", nil), 204)
		mustStatus(t, owner.Do("GET", "/api/v1/organization/logo", nil), 404)
	})
}
