// Package markdown renders the Markdown of a runbook into the HTML an IT
// Glue rich-text (Textbox) field keeps. Render reads CommonMark with the
// GitHub extensions (tables, strikethrough, task lists, autolinks) through
// goldmark, then sanitises the HTML with bluemonday to the elements a
// rich-text field keeps: headings, paragraphs, line breaks, lists, tables,
// code, links (http, https and mailto only), bold, italic, strikethrough,
// quotes and rules. Task-list boxes become the characters ☐ and ☑ (a
// rich-text field keeps no form inputs). The output depends only on the
// input, so a plan made twice from the same file is the same.
//
// FromHTML goes the other way: it reads rich-text HTML back as Markdown
// (HTML that Markdown cannot express is kept verbatim), so that a plan can
// show a live Textbox as a Markdown line diff against the repository's
// source.
//
// Render also reports what cannot work inside IT Glue: links to other
// files of the repository, links to anchors, and images.
package markdown
