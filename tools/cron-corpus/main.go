// Command cron-corpus records what github.com/robfig/cron v1.2.0 (the cron
// library of the KFP API server) says about a list of cron expressions:
// whether cron.Parse accepts each, its error if not, and the next fire times
// of the accepted ones from a few fixed UTC instants. The JSON it writes is
// the shared truth that the plugin's and the emulator's cron parsers are both
// tested against (see README.md).
//
//	go run . [expressions.txt [robfig-v1.2.0.json]]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron"
)

// How many fire times to record from each start.
const count = 5

// The instants Next is asked from: a leap day ahead (and the second before it),
// a month end with a fraction of a second (robfig drops it), and a year end.
var starts = []time.Time{
	time.Date(2024, time.February, 28, 23, 59, 59, 0, time.UTC),
	time.Date(2025, time.January, 31, 10, 20, 30, 400_000_000, time.UTC),
	time.Date(2023, time.December, 31, 23, 59, 59, 0, time.UTC),
}

type record struct {
	Expr  string `json:"expr"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	// For an accepted `@every`: the duration Go parsed, in nanoseconds (robfig runs anything below 1s every second).
	EveryNs *string `json:"everyNs,omitempty"`
	// One list per start: up to `count` fire times, each strictly after the one before;
	// null where Next returned the zero time (nothing within five years), and nothing after it.
	Next [][]*string `json:"next,omitempty"`
}

func main() {
	in, out := "expressions.txt", "robfig-v1.2.0.json"
	if len(os.Args) > 1 {
		in = os.Args[1]
	}
	if len(os.Args) > 2 {
		out = os.Args[2]
	}
	exprs, err := readExpressions(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	startTexts := make([]string, len(starts))
	for i, s := range starts {
		startTexts[i] = s.Format(time.RFC3339Nano)
	}
	header := map[string]any{
		"source":    "github.com/robfig/cron v1.2.0 cron.Parse and Schedule.Next, in UTC",
		"generator": "tools/cron-corpus: npm run cron-corpus (edit expressions.txt, not this file)",
		"go":        runtime.Version(),
		"count":     count,
		"starts":    startTexts,
	}
	buf.WriteString("{\n")
	for _, key := range []string{"source", "generator", "go", "count", "starts"} {
		fmt.Fprintf(&buf, "  %q: %s,\n", key, marshal(header[key]))
	}
	buf.WriteString("  \"records\": [\n")
	for i, expr := range exprs {
		buf.WriteString("    ")
		buf.Write(marshal(evaluate(expr)))
		if i < len(exprs)-1 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
	}
	buf.WriteString("  ]\n}\n")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d expressions, %d bytes\n", out, len(exprs), buf.Len())
}

// readExpressions reads one expression a line. Blank lines and lines starting
// with '#' are skipped; a line starting with '"' is a Go string literal, for
// expressions with surrounding or unusual white space, or the empty one.
func readExpressions(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var exprs []string
	seen := map[string]int{}
	scanner := bufio.NewScanner(f)
	for n := 1; scanner.Scan(); n++ {
		line := scanner.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		expr := line
		if strings.HasPrefix(line, `"`) {
			if expr, err = strconv.Unquote(line); err != nil {
				return nil, fmt.Errorf("%s:%d: bad quoted string: %v", path, n, err)
			}
		}
		if first, dup := seen[expr]; dup {
			return nil, fmt.Errorf("%s:%d: %q is already on line %d", path, n, expr, first)
		}
		seen[expr] = n
		exprs = append(exprs, expr)
	}
	return exprs, scanner.Err()
}

func evaluate(expr string) record {
	sched, err := cron.Parse(expr)
	if err != nil {
		return record{Expr: expr, Error: err.Error()}
	}
	r := record{Expr: expr, OK: true}
	if strings.HasPrefix(expr, "@every ") {
		d, err := time.ParseDuration(strings.TrimPrefix(expr, "@every "))
		if err != nil {
			panic(err) // cron.Parse accepted it, so this cannot fail
		}
		ns := strconv.FormatInt(int64(d), 10)
		r.EveryNs = &ns
	}
	for _, start := range starts {
		times := []*string{}
		t := start
		for len(times) < count {
			t = sched.Next(t)
			if t.IsZero() {
				times = append(times, nil)
				break
			}
			text := t.UTC().Format(time.RFC3339Nano)
			times = append(times, &text)
		}
		r.Next = append(r.Next, times)
	}
	return r
}

func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
