package llm_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/llm"
)

func TestConfigValidate(t *testing.T) {
	ok := llm.Config{USDBRL: 5.4}
	if err := ok.Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	full := llm.Config{
		Provider: llm.Gemini, Model: "gemini-2.5-flash",
		OpenAIAPIKey: "sk-x", OpenAIBaseURL: "http://127.0.0.1:11434/v1",
		AnthropicAPIKey: "sk-ant-x", AnthropicBaseURL: "https://api.anthropic.com",
		GeminiAPIKey: "AIza-x", GeminiBaseURL: "https://generativelanguage.googleapis.com",
		Timeout: 30 * time.Second, USDBRL: 5.4,
	}
	if err := full.Validate(); err != nil {
		t.Errorf("full: %v", err)
	}

	bad := llm.Config{
		Provider:         "watson",
		Model:            "gpt 4",
		OpenAIBaseURL:    "ftp://example.com",
		AnthropicBaseURL: "https://user:secret@example.com",
		GeminiBaseURL:    "https://example.com/?key=abc",
		GeminiAPIKey:     "AIza abc",
		Timeout:          10 * time.Millisecond,
		PricesFile:       "/nonexistent/prices.json",
	}
	err := bad.Validate()
	if err == nil {
		t.Fatal("bad config accepted")
	}
	for _, env := range []string{"PILOTO_LLM_PROVIDER", "PILOTO_LLM_MODEL", "PILOTO_OPENAI_BASE_URL", "PILOTO_ANTHROPIC_BASE_URL",
		"PILOTO_GEMINI_BASE_URL", "PILOTO_GEMINI_API_KEY", "PILOTO_LLM_TIMEOUT", "PILOTO_USD_BRL", "PILOTO_PRICES_FILE"} {
		if !strings.Contains(err.Error(), env) {
			t.Errorf("no error for %s in %v", env, err)
		}
	}
	if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "AIza abc") {
		t.Errorf("the error repeats a secret: %v", err)
	}
}

func TestConfigOptions(t *testing.T) {
	c := llm.Config{
		Provider: llm.Anthropic, Model: "claude-sonnet-4-5",
		OpenAIAPIKey: "sk-o", OpenAIBaseURL: "https://api.groq.com/openai/v1",
		AnthropicAPIKey: "sk-ant", GeminiAPIKey: "AIza", Timeout: 9 * time.Second,
	}
	o := c.Options("")
	if o.Provider != llm.Anthropic || o.APIKey != "sk-ant" || o.Model != "claude-sonnet-4-5" || o.Timeout != 9*time.Second {
		t.Errorf("default options = %+v", o)
	}
	o = c.Options(llm.OpenAI)
	if o.APIKey != "sk-o" || o.BaseURL != "https://api.groq.com/openai/v1" || o.Model != "" {
		t.Errorf("openai options = %+v", o)
	}
	if !c.Configured(llm.Gemini) || (llm.Config{}).Configured("") {
		t.Errorf("Configured")
	}
	if !(llm.Config{OpenAIBaseURL: "http://127.0.0.1:11434/v1"}).Configured(llm.OpenAI) {
		t.Errorf("an Ollama needs no key")
	}
	p, err := c.New(llm.OpenAI)
	if err != nil || p.Name() != llm.OpenAI {
		t.Fatalf("New: %v", err)
	}
	// A Groq key refused is said to be Groq's.
	e := &llm.Error{Kind: llm.KindBadKey, Provider: llm.OpenAI, Service: "Groq"}
	if e.UserMessage() != "A chave da Groq foi recusada. Confira se ela está correta e ativa." {
		t.Errorf("UserMessage = %q", e.UserMessage())
	}
}

func TestRequestValidate(t *testing.T) {
	good := firstRequest()
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*llm.Request){
		"no messages": func(r *llm.Request) { r.Messages = nil },
		"role":        func(r *llm.Request) { r.Messages[0].Role = "bot" },
		"tool name":   func(r *llm.Request) { r.Tools[0].Name = "buscar produto" },
		"tool twice":  func(r *llm.Request) { r.Tools = append(r.Tools, r.Tools[0]) },
		"schema":      func(r *llm.Request) { r.Tools[0].Parameters = json.RawMessage(`[1]`) },
		"orphan result": func(r *llm.Request) {
			r.Messages = append(r.Messages, llm.Message{Role: llm.RoleTool, ToolCallID: "x"})
		},
		"call without id": func(r *llm.Request) {
			r.Messages = append(r.Messages, llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{Name: "f"}}})
		},
		"temperature": func(r *llm.Request) { t := 3.0; r.Temperature = &t },
		"max tokens":  func(r *llm.Request) { r.MaxTokens = -1 },
	} {
		r := firstRequest()
		edit(&r)
		if err := r.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestUserMessages(t *testing.T) {
	for _, tc := range []struct {
		e    llm.Error
		want string
	}{
		{llm.Error{Kind: llm.KindBadKey, Provider: llm.OpenAI}, "A chave da OpenAI foi recusada. Confira se ela está correta e ativa."},
		{llm.Error{Kind: llm.KindBadKey, Provider: llm.Gemini}, "A chave do Google Gemini foi recusada. Confira se ela está correta e ativa."},
		{llm.Error{Kind: llm.KindQuota, Provider: llm.Anthropic}, "A conta da Anthropic está sem créditos ou atingiu o limite de uso. Confira o faturamento e os limites no painel do provedor."},
		{llm.Error{Kind: llm.KindRateLimited, Provider: llm.OpenAI}, "O limite de requisições por minuto da conta da OpenAI foi atingido. Tente de novo em instantes."},
		{llm.Error{Kind: llm.KindUnknownModel, Provider: llm.OpenAI, Model: "gpt-9"}, `O modelo "gpt-9" não existe no serviço da OpenAI ou a chave não tem acesso a ele. Escolha outro modelo.`},
		{llm.Error{Kind: llm.KindTimeout, Provider: llm.Gemini}, "O serviço do Google Gemini demorou demais para responder. Tente de novo em instantes."},
		{llm.Error{Kind: llm.KindUnavailable, Provider: llm.OpenAI, Service: "Ollama"}, "O serviço do Ollama está indisponível no momento. Tente de novo em instantes."},
		{llm.Error{Kind: llm.KindBadRequest, Provider: llm.OpenAI, Service: "vllm.local:8000"}, "O serviço do provedor vllm.local:8000 recusou o pedido. Confira o modelo e as configurações do agente."},
		{llm.Error{Kind: llm.KindNotConfigured, Provider: llm.Anthropic}, "Nenhuma chave da Anthropic está configurada."},
	} {
		if got := tc.e.UserMessage(); got != tc.want {
			t.Errorf("%s: %q\n want %q", tc.e.Kind, got, tc.want)
		}
	}
	if llm.UserMessage(nil) == "" || llm.KindOf(nil) != "" {
		t.Errorf("nil error")
	}
}
