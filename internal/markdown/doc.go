// Package markdown renders the Markdown of a runbook into the HTML an IT
// Glue rich-text (Textbox) field keeps. Render reads CommonMark with the
// GitHub extensions (tables, strikethrough, task lists, autolinks) through
// goldmark, then sanitises the HTML with bluemonday to what a rich-text
// field keeps: headings, paragraphs, line breaks, lists, tables, code,
// links (http, https and mailto only), bold, italic, strikethrough, quotes
// and rules, and the formatting of IT Glue's editor that a Markdown file
// may hold as raw HTML (underline, sub- and superscript, spans and fonts
// with colours, divs, spanning table cells, text and table styles); never
// scripts, frames, forms, event handlers, images or styles that place or
// load anything. Task-list boxes become the characters ☐ and ☑ (a
// rich-text field keeps no form inputs). The output depends only on the
// input, so a plan made twice from the same file is the same.
//
// FromHTML goes the other way: it reads rich-text HTML back as Markdown
// (HTML that Markdown cannot express is kept as HTML), so that a plan can
// show a live Textbox as a Markdown line diff against the repository's
// source. FromLive says whether such Markdown renders back to the same
// rich text and reads back the same, which export needs to write a live
// Textbox as a Markdown file.
//
// Render also reports what cannot work inside IT Glue: links to other
// files of the repository, links to anchors, and images.
package markdown
