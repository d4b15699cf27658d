package inbox

import "time"

// Batch is ready-made rows for a bulk insert (piloto seed): contacts, leads
// with their qualification values, conversations, messages and traces,
// stored as they are in one transaction and without live events.
type Batch struct {
	Contacts      []Contact
	Leads         []Lead
	Conversations []BatchConversation
	Messages      []Message // each with its Seq, in order within a conversation
	Traces        []Trace
}

// BatchConversation is a conversation of a Batch: Channel.ID, Contact.ID,
// Lead (its ID) and Labels name what it joins; Seq is its last message's
// seq and LastInboundAt the time of the lead's last message (nil for none).
type BatchConversation struct {
	Conversation
	Seq           int64
	LastInboundAt *time.Time
}
