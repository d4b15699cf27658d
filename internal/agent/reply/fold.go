package reply

import (
	"strings"
	"unicode"
)

// foldWords lower-cases s, removes the accents Portuguese uses and returns its
// words: runs of letters and digits. Everything else separates words.
func foldWords(s string) []string {
	return strings.FieldsFunc(foldText(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// foldText lower-cases s and removes the accents Portuguese (and Spanish)
// uses; other characters are kept.
func foldText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
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
