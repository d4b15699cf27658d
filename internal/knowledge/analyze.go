package knowledge

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/portuguese"
)

// Token is a word of a text, where it stands (byte offsets) and the term
// it is indexed under ("" when it is a stop word).
type Token struct {
	Start, End int
	Term       string
}

// Tokenize splits text into words: runs of letters or runs of digits, so
// that "5kWp" is "5" and "kWp", and "7,4" is "7" and "4". A number written
// with a thousands separator ("23.800", "1.500.000") is one word.
func Tokenize(text string) []Token {
	var out []Token
	start, kind := -1, 0 // kind: 1 letters, 2 digits
	end := func(i int) {
		if start >= 0 {
			out = append(out, Token{Start: start, End: i})
			start, kind = -1, 0
		}
	}
	for i, r := range text {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		case (r == '.') && kind == 2 && thousands(text[i+1:]):
			continue // inside "23.800"
		}
		if k != kind {
			end(i)
			if k != 0 {
				start, kind = i, k
			}
		}
	}
	end(len(text))
	for i := range out {
		out[i].Term = Term(text[out[i].Start:out[i].End])
	}
	return out
}

// thousands says whether s starts with a group of exactly three digits.
func thousands(s string) bool {
	return len(s) >= 3 && isDigits(s[:3]) && (len(s) == 3 || !unicode.IsDigit(rune(s[3])))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Terms returns the terms of a text in order, stop words left out: what
// is indexed for a chunk and looked up for a query.
func Terms(text string) []string {
	var out []string
	for _, t := range Tokenize(text) {
		if t.Term != "" {
			out = append(out, t.Term)
		}
	}
	return out
}

// IndexTerms returns what is indexed for a chunk, space-separated: its
// terms, the heading path's counted twice (the text starts with the path;
// it is added once more), since a heading says what the whole chunk is
// about.
func IndexTerms(c Chunk) string {
	return strings.Join(append(Terms(c.Heading), Terms(c.Text)...), " ")
}

// Term analyses one word: lower case; WhatsApp spellings and
// abbreviations written out ("vc" → "você", "qto" → "quanto"); stop words
// dropped (""); Portuguese stemming; accents folded last, so that "instalação",
// "instalacao" and "instalações" meet at "instal".
func Term(word string) string {
	w := strings.ReplaceAll(strings.ToLower(word), ".", "")
	if full, ok := informal[fold(w)]; ok {
		w = full
	}
	f := fold(w)
	if stopWords[f] || f == "" {
		return ""
	}
	if isDigits(f) {
		return f
	}
	if f == w { // written without accents: put back the endings the stemmer knows accented
		w = reaccent(w)
	}
	return fold(stem(singular(w)))
}

var stemmers = sync.Pool{New: func() any { return snowballstem.NewEnv("") }}

// stem runs the Snowball Portuguese stemmer.
func stem(w string) string {
	if utf8.RuneCountInString(w) < 3 {
		return w
	}
	env := stemmers.Get().(*snowballstem.Env)
	defer stemmers.Put(env)
	env.SetCurrent(w)
	portuguese.Stem(env)
	return env.Current()
}

// unaccentedEndings are word endings that informal writing drops the
// accents of, with the accented form the stemmer's suffix rules expect.
// Longest first.
var unaccentedEndings = [][2]string{
	{"coes", "ções"}, {"cao", "ção"}, {"soes", "sões"}, {"sao", "são"},
	{"encia", "ência"}, {"ancia", "ância"}, {"avel", "ável"}, {"ivel", "ível"},
	{"aveis", "áveis"}, {"iveis", "íveis"}, {"oes", "ões"}, {"aes", "ães"}, {"ao", "ão"},
}

// plurals are the irregular plural endings the stemmer leaves alone
// ("painéis" would not meet "painel"), with their singular.
var plurals = [][2]string{
	{"éis", "el"}, {"eis", "el"}, {"óis", "ol"}, {"ois", "ol"}, {"ais", "al"},
	{"ões", "ão"}, {"oes", "ão"}, {"ães", "ão"}, {"aes", "ão"},
}

// singular turns an irregular plural into its singular; words of four
// letters or fewer are left alone ("seis", "mais", "pois").
func singular(w string) string {
	if utf8.RuneCountInString(w) <= 4 {
		return w
	}
	for _, e := range plurals {
		if strings.HasSuffix(w, e[0]) {
			return strings.TrimSuffix(w, e[0]) + e[1]
		}
	}
	return w
}

func reaccent(w string) string {
	for _, e := range unaccentedEndings {
		if strings.HasSuffix(w, e[0]) && len(w) > len(e[0])+1 {
			return strings.TrimSuffix(w, e[0]) + e[1]
		}
	}
	return w
}

// fold removes the accents Portuguese uses (and a few others).
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f, ok := folds[r]; ok {
			b.WriteRune(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var folds = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "áàâãäå", 'e': "éèêë", 'i': "íìîï", 'o': "óòôõö", 'u': "úùûü", 'c': "ç", 'n': "ñ",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()
