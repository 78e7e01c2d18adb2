package render

import (
	"io"
	"testing"
)

// The benchmarks render the 5,000-change plan the comment-size test uses.
// Markdown includes the step-down: it tries the fuller levels first.

func BenchmarkMarkdown5000(b *testing.B) {
	p := bigPlan(5000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Markdown(io.Discard, p, MarkdownOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkText5000(b *testing.B) {
	p := bigPlan(5000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Text(io.Discard, p, TextOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSON5000(b *testing.B) {
	p := bigPlan(5000)
	b.ReportAllocs()
	for b.Loop() {
		if err := JSON(io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}
