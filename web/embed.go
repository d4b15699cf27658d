// Package web embeds the production build of the web app (web/dist/app,
// made by `npm run build`) into the piloto binary.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built app, or ok=false when the binary was built before
// the web app was (then the server shows how to build it).
func Dist() (app fs.FS, ok bool) {
	sub, err := fs.Sub(dist, "dist/app")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil, false
	}
	return sub, true
}
