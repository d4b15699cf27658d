package knowledge

import "strings"

// The dictionaries below are general Portuguese and general WhatsApp
// usage, not any company's vocabulary: they must serve every knowledge
// base alike. Keys are lower case without accents.

// informal writes out the spellings and abbreviations people type on
// WhatsApp.
var informal = map[string]string{
	"vc": "você", "vcs": "vocês", "voce": "você", "voces": "vocês",
	"qto": "quanto", "qnto": "quanto", "qt": "quanto", "qta": "quanta", "qtos": "quantos", "qtas": "quantas",
	"qdo": "quando", "qndo": "quando", "qnd": "quando",
	"pq": "porque", "pqe": "porque", "porq": "porque", "pk": "porque",
	"tb": "também", "tbm": "também", "tmb": "também", "tbem": "também",
	"oq": "que", "q": "que", "oque": "que", "n": "não", "nn": "não", "s": "sim",
	"blz": "beleza", "zap": "whatsapp", "zapzap": "whatsapp", "wpp": "whatsapp", "whats": "whatsapp", "wts": "whatsapp",
	"mt": "muito", "mto": "muito", "mta": "muita", "mts": "muitos", "mtos": "muitos", "mtas": "muitas",
	"hj": "hoje", "td": "tudo", "tds": "todos", "msm": "mesmo", "p": "para", "pra": "para", "pro": "para",
	"cmg": "comigo", "ctz": "certeza", "dps": "depois", "dpois": "depois",
	"qq": "qualquer", "qlq": "qualquer", "qlqr": "qualquer", "qualq": "qualquer",
	"obg": "obrigado", "obgd": "obrigado", "obgda": "obrigada", "vlw": "valeu", "flw": "falou",
	"kd": "cadê", "aki": "aqui", "aq": "aqui", "agr": "agora", "nd": "nada", "ngm": "ninguém", "vdd": "verdade",
	"pfv": "favor", "pf": "favor", "pfvr": "favor", "msg": "mensagem", "msgs": "mensagens",
	"info": "informação", "infos": "informações", "tel": "telefone", "fone": "telefone", "cel": "celular",
	"orc": "orçamento", "hr": "hora", "hrs": "horas", "fzr": "fazer", "eh": "é", "neh": "né", "ta": "está",
	"to": "estou", "d": "de", "dnv": "novamente", "entao": "então", "tava": "estava",
	"grana": "dinheiro", "conto": "reais", "contos": "reais", "pila": "reais", "pilas": "reais",
}

// stopWords are words too common to tell passages apart: the Snowball
// Portuguese list, question words, greetings and WhatsApp fillers.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		de a o que e do da em um para com nao uma os no se na por mais as dos como mas ao ele das seu sua ou
		quando muito nos ja eu tambem so pelo pela ate isso ela entre depois sem mesmo aos seus quem nas me esse
		eles voce essa num nem suas meu minha numa pelos elas qual nos lhe deles essas esses pelas este dele tu te
		voces vos lhes meus minhas teu tua teus tuas nosso nossa nossos nossas dela delas esta estes estas aquele
		aquela aqueles aquelas isto aquilo estou esta estamos estao estive esteve estivemos estiveram estava
		estavamos estavam estivera estiveramos esteja estejamos estejam estivesse estivessemos estivessem estiver
		estivermos estiverem hei ha havemos hao houve houvemos houveram houvera houveramos haja hajamos hajam
		houvesse houvessemos houvessem houver houvermos houverem houverei houvera houveremos houverao houveria
		houveriamos houveriam sou somos sao era eramos eram fui foi fomos foram fora foramos seja sejamos sejam
		fosse fossemos fossem for formos forem serei sera seremos serao seria seriamos seriam tenho tem temos tem
		tinha tinhamos tinham tive teve tivemos tiveram tivera tiveramos tenha tenhamos tenham tivesse tivessemos
		tivessem tiver tivermos tiverem terei tera teremos terao teria teriamos teriam e
		quanto quanta quantos quantas onde porque qual quais cade ne hein oi ola opa ai ae la ali aqui entao sim
		pra pro beleza obrigado obrigada valeu falou gente tipo favor tudo todos todas toda todo algum alguma
		alguns algumas coisa cara mano moco moca senhor senhora oii oie eai
	`) {
		m[w] = true
	}
	return m
}()

// synonymGroups are general Portuguese words that say the same thing in
// questions people ask a business. A query term in a group also looks for
// the others (with a lower weight).
var synonymGroups = [][]string{
	{"preço", "valor", "custo", "custa", "custar", "cobram", "cobrar", "investimento"},
	{"pagar", "pagamento", "pago"},
	{"parcelar", "parcela", "parcelamento", "prestação", "parcelado"},
	{"financiamento", "financiar", "empréstimo", "crédito"},
	{"desconto", "abatimento", "promoção"},
	{"conta", "fatura", "boleto"},
	{"luz", "energia", "eletricidade"},
	{"casa", "residência", "residencial", "imóvel", "moradia"},
	{"empresa", "firma", "negócio", "comércio", "loja", "comercial"},
	{"demora", "demorar", "prazo", "leva", "levar", "duração"},
	{"quebrar", "quebrado", "estragar", "estragado", "defeito", "pifar", "pifou", "falha", "problema"},
	{"consertar", "conserto", "reparo", "reparar", "arrumar"},
	{"limpar", "limpeza", "lavar", "lavagem"},
	{"manutenção", "revisão"},
	{"trocar", "troca", "substituir", "substituição"},
	{"remover", "remoção", "retirar", "retirada", "tirar", "desinstalar", "desmontar"},
	{"mudar", "mudança", "transferir", "transferência"},
	{"comprar", "compra", "adquirir", "aquisição", "contratar"},
	{"instalar", "instalação", "colocar", "montar", "montagem", "botar"},
	{"economizar", "economia", "poupar", "reduzir", "redução", "diminuir"},
	{"cidade", "município", "região"},
	{"atender", "atendimento", "atendem"},
	{"funcionar", "funcionamento", "funciona"},
	{"chuva", "chover", "chuvoso", "nublado", "nuvem"},
	{"telhado", "telha", "cobertura", "laje"},
	{"falar", "conversar", "contato", "ligar", "telefonar"},
	{"pessoa", "humano", "atendente", "vendedor", "consultor"},
	{"visita", "visitar", "vistoria"},
	{"pedido", "pedir", "solicitação", "solicitar", "requerimento"},
	{"documento", "documentação", "documentos", "papelada"},
	{"cancelar", "cancelamento", "desistir", "desistência", "arrependimento", "devolução"},
	{"horário", "hora", "horas"},
	{"dono", "titular", "titularidade", "proprietário"},
	{"apartamento", "prédio", "condomínio"},
	{"grátis", "gratuito", "gratuita", "graça"},
	{"dinheiro", "reais"},
	{"aluguel", "alugar", "locação", "inquilino"},
	{"gerar", "geração", "produzir", "produção", "gera"},
	{"placa", "painel", "módulo"},
	{"rápido", "urgente", "urgência"},
	{"garantia", "garante", "garantido"},
	{"seguro", "segurado"},
}

// synonyms maps a term to the other terms of its groups.
var synonyms = func() map[string][]string {
	m := map[string][]string{}
	for _, g := range synonymGroups {
		var terms []string
		for _, w := range g {
			if t := Term(w); t != "" && !contains(terms, t) {
				terms = append(terms, t)
			}
		}
		for _, t := range terms {
			for _, o := range terms {
				if o != t && !contains(m[t], o) {
					m[t] = append(m[t], o)
				}
			}
		}
	}
	return m
}()

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
