# Piloto de Vendas. `make run` builds everything and serves it on SQLite at
# http://localhost:8080; `make test` runs every check. See README.md.

GO      ?= go
NPM     ?= npm
BIN     := bin/piloto
COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS := -s -w -X github.com/pilotodevendas/piloto/internal/buildinfo.Commit=$(COMMIT)
WEB_SRC := $(shell find web/src web/public web/index.html web/vite.config.ts web/tsconfig*.json web/package.json -type f 2>/dev/null)

.PHONY: run build web test test-go test-web e2e bench clean

## run: install web deps, build the web app and the binary, serve on http://localhost:8080
run: build
	./$(BIN) serve

## build: the piloto binary with the web app embedded
build: web
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/piloto

## web: the production build of the web app, into web/dist/app (embedded by the Go build)
web: web/dist/app/index.html

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund
	touch $@

web/dist/app/index.html: web/node_modules/.installed $(WEB_SRC)
	cd web && $(NPM) run build

## test: go vet, Go tests (SQLite; PostgreSQL too when PILOTO_TEST_POSTGRES_URL is set,
## mandatory when CI=true), ESLint, TypeScript, Vitest and the browser test
test: test-go test-web e2e

test-go:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

test-web: web/node_modules/.installed
	cd web && $(NPM) run lint
	cd web && $(NPM) run typecheck
	cd web && $(NPM) run test

## e2e: headless Chromium (/usr/bin/chromium) against a real `piloto serve`
## (and local stand-ins: an OpenID Connect provider for Google, an LLM provider for OpenAI)
e2e: build
	$(GO) build -o bin/fakeoidc ./internal/auth/oidctest/fakeoidc
	$(GO) build -o bin/fakellm ./internal/llm/llmtest/fakellm
	$(GO) build -o bin/fakegraph ./internal/whatsapp/graphtest/fakegraph
	cd web && PILOTO_BIN=$(CURDIR)/$(BIN) FAKEOIDC_BIN=$(CURDIR)/bin/fakeoidc FAKELLM_BIN=$(CURDIR)/bin/fakellm FAKEGRAPH_BIN=$(CURDIR)/bin/fakegraph $(NPM) run e2e

## bench: Go benchmarks (SQLite; PostgreSQL too when PILOTO_TEST_POSTGRES_URL is set), the
## time from start to /readyz of the built binary, the WhatsApp webhook load test (60 s at
## 50 msg/s on SQLite; 200 msg/s on PostgreSQL when PILOTO_TEST_POSTGRES_URL is set) and the
## reply pipeline under load (a local model answering in 1-3 s)
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	scripts/startup-time.sh 10 $(BIN)
	scripts/bench-webhooks.sh sqlite 50 60s
	if [ -n "$$PILOTO_TEST_POSTGRES_URL" ]; then scripts/bench-webhooks.sh postgres 200 60s; fi
	scripts/bench-replies.sh sqlite 3 60s

clean:
	rm -rf bin web/dist/app web/node_modules
