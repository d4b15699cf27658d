// Command fakeoidc serves the test OpenID Connect provider of package
// oidctest on its own, for the browser test of "Entrar com Google":
//
//	go run ./internal/auth/oidctest/fakeoidc --addr 127.0.0.1:9999 --email ana@example.com
//
// Every sign-in at its /authorize is the configured identity, at once. It
// prints "ready <issuer URL>" when it listens.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"

	"github.com/pilotodevendas/piloto/internal/auth/oidctest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	clientID := flag.String("client-id", "piloto-dev", "the client id it accepts")
	clientSecret := flag.String("client-secret", "piloto-dev-secret", "the client secret it accepts")
	subject := flag.String("subject", "1001", "the identity's subject")
	email := flag.String("email", "google.user@example.com", "the identity's email (verified)")
	name := flag.String("name", "Usuária Google", "the identity's name")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	p := oidctest.New(*clientID, *clientSecret)
	p.URL = "http://" + ln.Addr().String()
	p.SetDefault(oidctest.Identity{Subject: *subject, Email: *email, EmailVerified: true, Name: *name})
	fmt.Println("ready", p.URL)
	log.Fatal(http.Serve(ln, p.Handler()))
}
