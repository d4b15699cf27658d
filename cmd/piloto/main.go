// Command piloto is the Piloto de Vendas server: the API, the web app and
// the job workers in one binary.
//
//	piloto [serve]   serve HTTP and work jobs (the default)
//	piloto migrate   apply database migrations and exit
//	piloto rotate-secrets
//	                 re-encrypt tenant secrets under the current secret key
//	piloto version   print the version and exit
//	piloto eval-retrieval --kb DIR --questions FILE [--json]
//	                 measure knowledge search on a question set
//
// Settings come from PILOTO_* environment variables or their flags; see
// `piloto help` or the README.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pilotodevendas/piloto/internal/app"
	"github.com/pilotodevendas/piloto/internal/buildinfo"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/retrievaleval"
	"github.com/pilotodevendas/piloto/internal/seed"
	"github.com/pilotodevendas/piloto/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "piloto:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		cmd = "help"
	} else if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "version":
		fmt.Fprintf(stdout, "piloto %s (%s)\n", buildinfo.Version, buildinfo.Commit)
		return nil
	case "help":
		usage(stdout)
		return nil
	case "eval-retrieval":
		return evalRetrieval(ctx, args, getenv, stdout, stderr)
	case "seed":
		return seedCommand(ctx, args, getenv, stdout, stderr)
	case "serve", "migrate", "rotate-secrets":
	default:
		usage(stderr)
		return fmt.Errorf("unknown command %q", cmd)
	}

	cfg, rest, err := config.Load(getenv, args)
	if err != nil {
		usage(stderr)
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments: %v", rest)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	logger := app.NewLogger(cfg, stderr)
	switch cmd {
	case "migrate":
		return app.Migrate(ctx, cfg, logger)
	case "rotate-secrets":
		return app.RotateSecrets(ctx, cfg, logger, stdout)
	}
	m := &app.Main{Config: cfg, Logger: logger}
	return m.Run(ctx)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: piloto [serve|migrate|rotate-secrets|version|help] [flags]

  serve     serve the API, the web app and the job workers (default)
  migrate   apply database migrations and exit
  rotate-secrets
            re-encrypt the tenants' secrets (LLM keys) under
            PILOTO_SECRET_KEY, opening them with PILOTO_SECRET_KEY_PREVIOUS
  version   print the version and exit
  eval-retrieval --kb DIR --questions FILE [--json]
            ingest DIR into a throwaway organization (a temporary SQLite
            database unless PILOTO_DATABASE_URL names one), ask each
            question and print recall@1, recall@5 and MRR
  seed --org NAME --conversations N --days D [--database-url URL]
            fill an organization (made, or reused by name) with N made-up
            WhatsApp conversations over the last D days, for trying and
            measuring the inbox (PILOTO_DATABASE_URL unless --database-url)

Flags (each also read from its environment variable; a flag wins):
`)
	config.Usage(w)
}

func evalRetrieval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval-retrieval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kb := fs.String("kb", "", "folder of knowledge files")
	questions := fs.String("questions", "", "questions file (JSON lines)")
	asJSON := fs.Bool("json", false, "end with the summary as one line of JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *kb == "" || *questions == "" || fs.NArg() > 0 {
		return fmt.Errorf("eval-retrieval needs --kb DIR and --questions FILE")
	}
	r, err := retrievaleval.Run(ctx, retrievaleval.Options{KB: *kb, Questions: *questions, DatabaseURL: getenv("PILOTO_DATABASE_URL")})
	if err != nil {
		return err
	}
	return retrievaleval.Print(stdout, r, *asJSON)
}

func seedCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	orgName := fs.String("org", "", "the organization's name (made, or reused when seed made it before)")
	n := fs.Int("conversations", 1000, "how many conversations (and contacts and leads)")
	days := fs.Int("days", 30, "spread over how many days up to now")
	dbURL := fs.String("database-url", getenv("PILOTO_DATABASE_URL"), "the database (default PILOTO_DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *orgName == "" || *n < 0 || *days < 1 || *dbURL == "" || fs.NArg() > 0 {
		return fmt.Errorf("seed needs --org NAME, --conversations N ≥ 0, --days D ≥ 1 and a database (--database-url or PILOTO_DATABASE_URL)")
	}
	db, err := store.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	r, err := seed.Run(ctx, db, seed.Options{Org: *orgName, Conversations: *n, Days: *days, Log: stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "organização %s (%s)\n", *orgName, r.OrganizationID)
	fmt.Fprintf(stdout, "proprietária: %s\n", r.OwnerEmail)
	switch {
	case !r.Reused:
		fmt.Fprintf(stdout, "senha (a mesma de vendedor1..3): %s\n", r.Password)
	case r.Password != "":
		fmt.Fprintf(stdout, "organização reaproveitada: a senha é a de antes; vendedores novos: %s\n", r.Password)
	default:
		fmt.Fprintln(stdout, "organização reaproveitada: as senhas são as de antes")
	}
	fmt.Fprintf(stdout, "%d conversas, %d mensagens em %s\n", r.Conversations, r.Messages, r.Elapsed.Round(time.Millisecond))
	return nil
}
