// Package reply holds the pure building blocks of the agent runtime: whether
// an agent is within its business hours (Open), an offline token estimate and
// the trimming of a conversation's history to a budget (CountTokens,
// TrimHistory), the pt-BR system prompt (SystemPrompt), the rules that hand a
// conversation to a person (Handoff) and the conversion of a model's answer to
// WhatsApp messages (FormatReply).
//
// Nothing here reads a database, makes a network call or takes the time from
// the machine: every function is deterministic in its arguments, so the
// runtime that loads conversations, calls the model and sends messages can be
// tested around it.
//
// Service (service.go) is the runtime built on them: it loads a
// conversation and its agent, and answers the lead with the model and its
// tools (search_knowledge, update_lead, handoff_to_human) through small
// interfaces the inbox, agent, llm and knowledge services satisfy.
package reply
