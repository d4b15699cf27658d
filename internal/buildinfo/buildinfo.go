// Package buildinfo tells which build of piloto is running. The Makefile sets
// Version and Commit with -ldflags -X.
package buildinfo

// Set at link time: -X github.com/pilotodevendas/piloto/internal/buildinfo.Version=…
var (
	Version = "0.1.0-dev"
	Commit  = "unknown"
)
