package api

import (
	"net/http"

	"github.com/pilotodevendas/piloto/internal/whatsapp"
)

func channelActor(r *http.Request) whatsapp.Actor {
	id, c := identityOf(r), clientOf(r)
	return whatsapp.Actor{UserID: id.User.ID, IP: c.IP, UserAgent: c.UserAgent}
}

func (a *API) getChannels(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Channels.List(r.Context(), identityOf(r).Organization.ID)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[whatsapp.View]{Items: list})
	return nil
}

func (a *API) postChannel(w http.ResponseWriter, r *http.Request) error {
	var in whatsapp.Input
	if err := DecodeJSONLimit(r, &in, 16<<10); err != nil {
		return err
	}
	v, err := a.Channels.Create(r.Context(), identityOf(r).Organization.ID, channelActor(r), in)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, v)
	return nil
}

func (a *API) getChannel(w http.ResponseWriter, r *http.Request) error {
	v, err := a.Channels.Get(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, v)
	return nil
}

func (a *API) patchChannel(w http.ResponseWriter, r *http.Request) error {
	var in whatsapp.Input
	if err := DecodeJSONLimit(r, &in, 16<<10); err != nil {
		return err
	}
	v, err := a.Channels.Update(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"), channelActor(r), in)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, v)
	return nil
}

func (a *API) deleteChannel(w http.ResponseWriter, r *http.Request) error {
	if err := a.Channels.Delete(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"), channelActor(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// postChannelTest is "Testar conexão": Meta's refusals are a 200 with ok
// false and a pt-BR message; a number proven by another channel is 409.
func (a *API) postChannelTest(w http.ResponseWriter, r *http.Request) error {
	res, err := a.Channels.Test(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, res)
	return nil
}
