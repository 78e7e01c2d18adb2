// Package richtext compares rich text the way IT Glue keeps it. Textbox
// traits are rich text in IT Glue: a value written as plain text may be
// stored and read back as HTML (wrapped in <p>, entities escaped, line
// breaks as <br>), and HTML written by one tool may come back with its
// attributes reordered or its entities spelled differently. Canonical maps
// every such spelling of the same text to one string, so that a plan
// compares what a reader of IT Glue would see, and a re-plan after apply is
// empty whichever way IT Glue normalises.
package richtext
