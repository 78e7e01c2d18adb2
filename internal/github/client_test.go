package github_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/github"
	"github.com/glue-sync/glue-sync/internal/github/githubtest"
)

var repo = github.Repo{Owner: "acme", Name: "docs"}

func newClient(t *testing.T, f *githubtest.Fake) *github.Client {
	t.Helper()
	c, err := github.New(f.URL, f.Token)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUpsertCommentCreatesThenEdits(t *testing.T) {
	f := githubtest.Start(t, "acme/docs", "")
	c := newClient(t, f)
	ctx := context.Background()
	marker := "<!-- glue-sync:plan dir=examples/repo -->"
	f.AddComment(7, "an unrelated comment")
	_, created, err := c.UpsertComment(ctx, repo, 7, marker, marker+"\nfirst")
	if err != nil || !created {
		t.Fatalf("first run: created=%v err=%v; want a new comment", created, err)
	}
	_, created, err = c.UpsertComment(ctx, repo, 7, marker, marker+"\nsecond")
	if err != nil || created {
		t.Fatalf("second run: created=%v err=%v; want the same comment edited", created, err)
	}
	other := "<!-- glue-sync:plan dir=other -->"
	if _, created, err = c.UpsertComment(ctx, repo, 7, other, other+"\nthird"); err != nil || !created {
		t.Fatalf("second directory: created=%v err=%v; want its own comment", created, err)
	}
	cs := f.Comments(7)
	if len(cs) != 3 || cs[1].Body != marker+"\nsecond" || cs[2].Body != other+"\nthird" || cs[0].Body != "an unrelated comment" {
		t.Fatalf("comments = %+v; want the unrelated one, one per directory, the first edited", cs)
	}
}

func TestListCommentsFollowsPages(t *testing.T) {
	f := githubtest.Start(t, "acme/docs", "")
	f.PageSize = 2
	for i := range 5 {
		f.AddComment(3, fmt.Sprintf("c%d", i))
	}
	marker := "<!-- m -->"
	c := newClient(t, f)
	if _, err := c.CreateComment(context.Background(), repo, 3, marker+" on the last page"); err != nil {
		t.Fatal(err)
	}
	cs, err := c.ListComments(context.Background(), repo, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 6 {
		t.Fatalf("got %d comments; want all 6 across 3 pages", len(cs))
	}
	_, created, err := c.UpsertComment(context.Background(), repo, 3, marker, marker+" edited")
	if err != nil || created {
		t.Fatalf("marker on page 3: created=%v err=%v; want it found and edited", created, err)
	}
	if n := len(f.Comments(3)); n != 6 {
		t.Fatalf("%d comments; want still 6", n)
	}
}

func TestGHESPrefix(t *testing.T) {
	f := githubtest.Start(t, "acme/docs", "/api/v3")
	f.PageSize = 1
	f.AddComment(1, "a")
	f.AddComment(1, "b")
	c := newClient(t, f)
	cs, err := c.ListComments(context.Background(), repo, 1)
	if err != nil || len(cs) != 2 {
		t.Fatalf("ListComments under /api/v3 = %d, %v; want 2 comments", len(cs), err)
	}
	if _, err := c.CreateComment(context.Background(), repo, 1, "c"); err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Requests() {
		if !strings.Contains(r, "/repos/acme/docs/") {
			t.Errorf("request %q is not below the prefix's API paths", r)
		}
	}
}

func TestErrorsNamePermission(t *testing.T) {
	tests := []struct {
		status int
		call   func(*github.Client) error
		want   []string
	}{
		{403, func(c *github.Client) error {
			_, err := c.CreateComment(context.Background(), repo, 5, "x")
			return err
		},
			[]string{"403 Forbidden", "Resource not accessible by integration", "permissions: pull-requests: write", "fork"}},
		{404, func(c *github.Client) error { _, err := c.ListComments(context.Background(), repo, 5); return err },
			[]string{"404 Not Found", "GITHUB_REPOSITORY", "permissions: pull-requests: write"}},
		{422, func(c *github.Client) error {
			_, err := c.CreateComment(context.Background(), repo, 5, "x")
			return err
		},
			[]string{"422", "body is too long", "GitHub refused the content"}},
		{403, func(c *github.Client) error {
			_, err := c.CreateIssue(context.Background(), repo, "t", "b", nil)
			return err
		},
			[]string{"403", "permissions: issues: write"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			f := githubtest.Start(t, "acme/docs", "")
			for _, mp := range []string{"POST /repos/acme/docs/issues/5/comments", "GET /repos/acme/docs/issues/5/comments", "POST /repos/acme/docs/issues"} {
				f.Fail(mp, tt.status)
			}
			err := tt.call(newClient(t, f))
			var ge *github.Error
			if !errors.As(err, &ge) || ge.Status != tt.status {
				t.Fatalf("err = %v; want a *github.Error with status %d", err, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), f.Token) {
				t.Errorf("error shows the token: %q", err)
			}
		})
	}
}

func TestTokenNeverShown(t *testing.T) {
	f := githubtest.Start(t, "acme/docs", "")
	// A wrong token: GitHub says 401; the message must not echo it.
	c, err := github.New(f.URL, "ghp_secretWRONGtoken")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListComments(context.Background(), repo, 1)
	if err == nil || !strings.Contains(err.Error(), "GITHUB_TOKEN") || strings.Contains(err.Error(), "ghp_secretWRONGtoken") {
		t.Fatalf("err = %v; want a 401 naming GITHUB_TOKEN without the token", err)
	}
	// A transport error whose text could carry the URL: still no token.
	c, _ = github.New("http://127.0.0.1:1", "ghp_secretWRONGtoken")
	_, err = c.CreateComment(context.Background(), repo, 1, "x")
	if err == nil || strings.Contains(err.Error(), "ghp_secretWRONGtoken") {
		t.Fatalf("err = %v; want an error without the token", err)
	}
}

func TestNextLinkToOtherHostIgnored(t *testing.T) {
	// A Link header pointing elsewhere must not receive the token: the
	// list stops at the first page.
	f := githubtest.Start(t, "acme/docs", "")
	f.PageSize = 1
	f.AddComment(1, "a")
	f.AddComment(1, "b")
	c, err := github.New(strings.Replace(f.URL, "127.0.0.1", "localhost", 1), f.Token)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := c.ListComments(context.Background(), repo, 1)
	if err != nil || len(cs) != 1 {
		t.Fatalf("got %d, %v; want the first page only (next link on another host)", len(cs), err)
	}
}

func TestIssues(t *testing.T) {
	f := githubtest.Start(t, "acme/docs", "")
	c := newClient(t, f)
	ctx := context.Background()
	is, err := c.CreateIssue(ctx, repo, "drift", "body", []string{"glue-sync-drift"})
	if err != nil {
		t.Fatal(err)
	}
	open, err := c.OpenIssues(ctx, repo, "glue-sync-drift")
	if err != nil || len(open) != 1 || open[0].Number != is.Number {
		t.Fatalf("OpenIssues = %+v, %v; want the one opened", open, err)
	}
	closed := "closed"
	if _, err := c.UpdateIssue(ctx, repo, is.Number, github.IssueUpdate{State: &closed}); err != nil {
		t.Fatal(err)
	}
	if open, _ = c.OpenIssues(ctx, repo, "glue-sync-drift"); len(open) != 0 {
		t.Fatalf("OpenIssues after closing = %+v; want none", open)
	}
}

func TestPullsForCommit(t *testing.T) {
	f := githubtest.Start(t, "acme/docs", "")
	f.SetPulls("abc123", githubtest.PR{Number: 9, HeadSHA: "def", Merged: true, MergeSHA: "abc123"})
	prs, err := newClient(t, f).PullsForCommit(context.Background(), repo, "abc123")
	if err != nil || len(prs) != 1 || prs[0].Number != 9 || prs[0].MergedAt == "" || prs[0].Head.SHA != "def" {
		t.Fatalf("PullsForCommit = %+v, %v", prs, err)
	}
	if _, err := newClient(t, f).PullsForCommit(context.Background(), repo, "../x"); err == nil {
		t.Fatal("a path in the sha was accepted")
	}
}

func TestNewRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"ftp://x", "not a url", "https://user:pw@example.com"} {
		if _, err := github.New(u, "t"); err == nil {
			t.Errorf("New(%q) accepted it", u)
		}
	}
	if _, err := github.ParseRepo("acme"); err == nil {
		t.Error("ParseRepo(acme) accepted it")
	}
}

// TestMarkerCommentsFromPeopleIgnored: a person's comment copying the
// marker (for instance to plant a reviewed digest) is never taken for
// glue-sync's: the bot posts its own; with WithCommentAuthor only that
// login's comments count.
func TestMarkerCommentsFromPeopleIgnored(t *testing.T) {
	f := githubtest.Start(t, "acme/docs", "")
	ctx := context.Background()
	marker := "<!-- glue-sync:plan dir=x -->"
	f.AddComment(4, marker+"\n<!-- glue-sync:digest sha256:planted -->")
	c := newClient(t, f)
	if cm, err := c.FindComment(ctx, repo, 4, marker); err != nil || cm != nil {
		t.Fatalf("FindComment = %+v, %v; want a person's copy ignored", cm, err)
	}
	_, created, err := c.UpsertComment(ctx, repo, 4, marker, marker+"\nplan")
	if err != nil || !created {
		t.Fatalf("created=%v err=%v; want a comment of its own", created, err)
	}
	if cs := f.Comments(4); len(cs) != 2 || cs[0].Body != marker+"\n<!-- glue-sync:digest sha256:planted -->" {
		t.Fatalf("comments = %+v; want the person's untouched and the bot's", cs)
	}

	// A personal access token posts as a user: name it.
	f.Login, f.Type = "docs-bot-user", "User"
	pat, err := github.New(f.URL, f.Token, github.WithCommentAuthor("docs-bot-user"))
	if err != nil {
		t.Fatal(err)
	}
	if _, created, err = pat.UpsertComment(ctx, repo, 5, marker, marker+"\n1"); err != nil || !created {
		t.Fatal(created, err)
	}
	if _, created, err = pat.UpsertComment(ctx, repo, 5, marker, marker+"\n2"); err != nil || created {
		t.Fatalf("second run with WithCommentAuthor: created=%v err=%v; want its comment edited", created, err)
	}
}
