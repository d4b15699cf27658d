// Package knowledge turns an organization's files and FAQs into chunks the
// agent answers from: detect the format by content, extract the text with
// its structure (headings, paragraphs, tables), clean it, and cut it into
// chunks that follow the structure.
package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// BlockKind is what a block of a document is.
type BlockKind int

// Kinds of blocks.
const (
	Heading BlockKind = iota + 1
	Paragraph
	Table
)

// Block is one structural piece of a document.
type Block struct {
	Kind   BlockKind
	Level  int        // a heading's level, 1 for the top
	Text   string     // a heading's or a paragraph's text
	Header []string   // a table's column names
	Rows   [][]string // a table's rows (without the header)
	// Records marks a table of records (a CSV file): each row becomes a
	// chunk of its own, written as "column: value" pairs.
	Records bool
}

// Document is a file's text with its structure.
type Document struct {
	Title  string
	Blocks []Block
}

// Format is a family of files.
type Format string

// Formats accepted.
const (
	PDF      Format = "pdf"
	DOCX     Format = "docx"
	HTML     Format = "html"
	Text     Format = "txt"
	Markdown Format = "md"
	CSV      Format = "csv"
)

// ErrUnreadable is the class of errors for files that cannot be ingested;
// its message is for people.
type ErrUnreadable struct{ Reason string }

func (e *ErrUnreadable) Error() string { return e.Reason }

func unreadable(format string, args ...any) error {
	return &ErrUnreadable{Reason: fmt.Sprintf(format, args...)}
}

var extensions = map[string]Format{
	".pdf": PDF, ".docx": DOCX, ".html": HTML, ".htm": HTML,
	".txt": Text, ".md": Markdown, ".markdown": Markdown, ".csv": CSV,
}

// Detect decides a file's format. The content decides the family — PDF,
// DOCX (a zip with word/document.xml), HTML, or plain text — and a name
// whose extension names another family is refused; among plain-text files
// the name chooses (.txt, .md, .csv). Errors are *ErrUnreadable.
func Detect(name string, content []byte) (Format, error) {
	ext := strings.ToLower(filepath.Ext(name))
	named, ok := extensions[ext]
	if !ok {
		return "", unreadable("Formato não aceito (%s). Envie PDF, DOCX, TXT, Markdown, HTML ou CSV.", ext)
	}
	if len(bytes.TrimSpace(content)) == 0 {
		return "", unreadable("O arquivo está vazio.")
	}
	var family Format
	head := content[:min(len(content), 1024)]
	trimmed := bytes.ToLower(bytes.TrimLeft(head, " \t\r\n\ufeff"))
	switch {
	case bytes.HasPrefix(content, []byte("%PDF-")):
		family = PDF
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		family = DOCX
	case bytes.HasPrefix(trimmed, []byte("<!doctype html")) || bytes.HasPrefix(trimmed, []byte("<html")) ||
		bytes.Contains(trimmed, []byte("<head")) || bytes.Contains(trimmed, []byte("<body")):
		family = HTML
	case utf8.Valid(content) && !bytes.ContainsRune(content, 0):
		family = Text
	default:
		return "", unreadable("O conteúdo do arquivo não é de um formato aceito.")
	}
	switch {
	case family == Text && (named == Text || named == Markdown || named == CSV):
		return named, nil
	case family == named:
		return named, nil
	}
	return "", unreadable("O arquivo diz ser %s, mas o conteúdo é %s.", strings.ToUpper(strings.TrimPrefix(ext, ".")), strings.ToUpper(string(family)))
}

// Limits bound what extraction will do with a hostile file.
type Limits struct {
	MaxText     int // characters of extracted text
	MaxUnzipped int // bytes read out of a DOCX
	MaxPages    int // pages of a PDF
}

// DefaultLimits suit a sales team's documents.
var DefaultLimits = Limits{MaxText: 2 << 20, MaxUnzipped: 20 << 20, MaxPages: 300}

var errTooMuchText = errors.New("too much text")

// Extract reads a file of a detected format into a Document. Errors are
// *ErrUnreadable, with a reason for people.
func Extract(format Format, name string, content []byte, lim Limits) (doc *Document, err error) {
	defer func() {
		if p := recover(); p != nil { // a malformed file must not take the worker down
			doc, err = nil, unreadable("Não foi possível ler o arquivo: ele parece corrompido.")
		}
	}()
	switch format {
	case PDF:
		doc, err = extractPDF(content, lim)
	case DOCX:
		doc, err = extractDOCX(content, lim)
	case HTML:
		doc, err = extractHTML(content)
	case Markdown:
		doc = parseMarkdown(string(content))
	case CSV:
		doc, err = extractCSV(content)
	case Text:
		doc = parseMarkdown(string(content)) // plain text: paragraphs, and headings if it has them
	default:
		return nil, unreadable("Formato não aceito.")
	}
	if err != nil {
		return nil, err
	}
	total := 0
	for _, b := range doc.Blocks {
		total += len(b.Text)
		for _, r := range b.Rows {
			total += len(strings.Join(r, " "))
		}
	}
	if total == 0 {
		return nil, unreadable("O arquivo não tem texto que possamos ler (um PDF só de imagens precisa de OCR).")
	}
	if total > lim.MaxText {
		return nil, unreadable("O arquivo tem texto demais (mais de %d mil caracteres). Divida-o em partes.", lim.MaxText/1000)
	}
	if doc.Title == "" {
		doc.Title = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	return doc, nil
}
