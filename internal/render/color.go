package render

// palette adds ANSI colour to terminal text, or nothing when off.
type palette struct{ on bool }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

func (p palette) wrap(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return code + s + ansiReset
}

// sym colours an action symbol: green +, yellow ~, red -.
func (p palette) sym(r rune) string {
	s := string(r)
	switch r {
	case '+':
		return p.wrap(ansiGreen, s)
	case '~':
		return p.wrap(ansiYellow, s)
	case '-':
		return p.wrap(ansiRed, s)
	}
	return s
}

func (p palette) bold(s string) string    { return p.wrap(ansiBold, s) }
func (p palette) danger(s string) string  { return p.wrap(ansiBold+ansiRed, s) }
func (p palette) warning(s string) string { return p.wrap(ansiBold+ansiYellow, s) }
